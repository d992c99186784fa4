from django.urls import path

from jobs import employer_views as views

app_name = "employer"

urlpatterns = [
    # The employer's home (/dashboard/ sends employers here): figures, chart and funnels.
    path("", views.home, name="home"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:job_pk>/applications/", views.application_list, name="application_list"),
    path("jobs/<int:job_pk>/applications/move/", views.application_bulk_move, name="application_bulk_move"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
]
