from django.urls import path

from jobs.feeds import latest_jobs_feed
from jobs.views import public

app_name = "jobs"

urlpatterns = [
    path("jobs/", public.job_list, name="job_list"),
    path("jobs/feed/", latest_jobs_feed, name="job_feed"),
    path("jobs/<int:pk>-<slug:slug>/", public.job_detail, name="job_detail"),
    path("companies/<slug:slug>/", public.company_detail, name="company_detail"),
    path("companies/<slug:slug>/logo/", public.company_logo, name="company_logo"),
]
