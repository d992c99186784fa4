from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("jobs/<int:pk>-<slug:slug>/report/", views.report_job, name="report_job"),
]
