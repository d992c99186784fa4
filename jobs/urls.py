from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>-<slug:slug>/", views.JobDetailView.as_view(), name="job_detail"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company_detail"),
]
