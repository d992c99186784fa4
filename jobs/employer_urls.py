from django.urls import path

from jobs import employer_job_views as job_views
from jobs import employer_views as views

app_name = "employer"

urlpatterns = [
    # The employer's home (/dashboard/ sends employers here): figures, chart and funnels.
    # Without a company, both pages show how to create or join one.
    path("", job_views.company_required(views.home), name="home"),
    path("jobs/", job_views.company_required(views.job_list), name="job_list"),
    path("jobs/<int:job_pk>/applications/", views.application_list, name="application_list"),
    path("jobs/<int:job_pk>/applications/move/", views.application_bulk_move, name="application_bulk_move"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    # The company and its members.
    path("company/", job_views.company, name="company"),
    path("company/new/", job_views.company_create, name="company_create"),
    path("company/edit/", job_views.company_edit, name="company_edit"),
    path("company/logo/", job_views.company_logo, name="company_logo"),
    path("invitations/<str:token>/", job_views.invitation_accept, name="invitation_accept"),
    # Writing and publishing jobs.
    path("jobs/new/", job_views.job_create, name="job_create"),
    path("jobs/<int:pk>/edit/", job_views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/preview/", job_views.job_preview, name="job_preview"),
    path("jobs/<int:pk>/publish/", job_views.job_move, {"action": "publish"}, name="job_publish"),
    path("jobs/<int:pk>/close/", job_views.job_move, {"action": "close"}, name="job_close"),
    path("jobs/<int:pk>/archive/", job_views.job_move, {"action": "archive"}, name="job_archive"),
    path("jobs/<int:pk>/delete/", job_views.job_delete, name="job_delete"),
]
