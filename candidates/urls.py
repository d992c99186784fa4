from django.urls import path

from candidates import views

app_name = "candidates"

urlpatterns = [
    path("jobs/<int:pk>-<slug:slug>/apply/", views.job_apply, name="job_apply"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
]
