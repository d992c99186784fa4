from django.urls import path

from hiring import views

app_name = "hiring"

urlpatterns = [
    # The candidate's interviews: answer the invitation; both sides download the .ics.
    path("<int:pk>/", views.interview_detail, name="interview_detail"),
    path("<int:pk>/invite.ics", views.interview_ics, name="interview_ics"),
]
