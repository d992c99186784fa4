from django.urls import path

from jobs import feeds, views
from jobs.caching import cached_until_jobs_change

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/feed/", cached_until_jobs_change(feeds.LatestJobsFeed()), name="job_feed"),
    path("jobs/<int:pk>-<slug:slug>/", views.job_detail, name="job_detail"),
    path("companies/<slug:slug>/", views.company_detail, name="company_detail"),
]
