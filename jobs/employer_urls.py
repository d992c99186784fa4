from django.urls import path

from jobs.views import employer_applications, employer_company, employer_dashboard, employer_jobs

app_name = "employer"

urlpatterns = [
    # The employer's home (/dashboard/ sends employers here): figures, chart and funnels.
    # Without a company, the pages that need one show how to create or join one.
    path("", employer_dashboard.home, name="home"),
    # The company and its members.
    path("company/", employer_company.company, name="company"),
    path("company/new/", employer_company.company_create, name="company_create"),
    path("company/edit/", employer_company.company_edit, name="company_edit"),
    path("company/logo/", employer_company.company_logo, name="company_logo"),
    path("company/members/<int:pk>/role/", employer_company.member_role, name="member_role"),
    path("company/members/<int:pk>/remove/", employer_company.member_remove, name="member_remove"),
    path("company/invitations/<int:pk>/resend/", employer_company.invitation_resend, name="invitation_resend"),
    path("company/invitations/<int:pk>/revoke/", employer_company.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", employer_company.invitation_accept, name="invitation_accept"),
    # Writing and publishing jobs.
    path("jobs/", employer_jobs.job_list, name="job_list"),
    path("jobs/new/", employer_jobs.job_create, name="job_create"),
    path("jobs/<int:pk>/edit/", employer_jobs.job_edit, name="job_edit"),
    path("jobs/<int:pk>/preview/", employer_jobs.job_preview, name="job_preview"),
    path("jobs/<int:pk>/publish/", employer_jobs.job_move, {"action": "publish"}, name="job_publish"),
    path("jobs/<int:pk>/close/", employer_jobs.job_move, {"action": "close"}, name="job_close"),
    path("jobs/<int:pk>/archive/", employer_jobs.job_move, {"action": "archive"}, name="job_archive"),
    path("jobs/<int:pk>/delete/", employer_jobs.job_delete, name="job_delete"),
    # Each job's applications, moved through the hiring stages.
    path("jobs/<int:job_pk>/applications/", employer_applications.application_list, name="application_list"),
    path(
        "jobs/<int:job_pk>/applications/move/",
        employer_applications.application_bulk_move,
        name="application_bulk_move",
    ),
    path("applications/<int:pk>/", employer_applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/cv/", employer_applications.application_cv, name="application_cv"),
    path("applications/<int:pk>/move/", employer_applications.application_move, name="application_move"),
]
