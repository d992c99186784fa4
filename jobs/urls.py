from django.urls import path

from jobs import feeds
from jobs.views import public

app_name = "jobs"

urlpatterns = [
    path("jobs/", public.job_list, name="job_list"),
    path("jobs/feed/", feeds.search_feed, name="job_feed"),
    path("jobs/feed.json", feeds.search_json_feed_cached, name="job_json_feed"),
    path("jobs/<int:pk>-<slug:slug>/", public.job_detail, name="job_detail"),
    path("companies/<slug:slug>/", public.company_detail, name="company_detail"),
    path("companies/<slug:slug>/jobs.json", feeds.company_board_cached, name="company_board"),
    path("companies/<slug:slug>/jobs/feed/", feeds.company_feed, name="company_feed"),
    path("companies/<slug:slug>/logo/", public.company_logo, name="company_logo"),
]
