from django.urls import path

from candidates import views

app_name = "candidates"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/<str:section>/add/", views.section_add, name="section_add"),
    path("profile/<str:section>/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("profile/<str:section>/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("cvs/", views.cv_list, name="cv_list"),
    path("cvs/<int:pk>/default/", views.cv_set_default, name="cv_set_default"),
    path("cvs/<int:pk>/delete/", views.cv_delete, name="cv_delete"),
    path("cvs/<int:pk>/download/", views.cv_download, name="cv_download"),
    path("jobs/<int:pk>-<slug:slug>/apply/", views.job_apply, name="job_apply"),
    path("jobs/<int:pk>-<slug:slug>/save/", views.job_save_toggle, name="job_save_toggle"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("saved-jobs/", views.saved_job_list, name="saved_job_list"),
]
