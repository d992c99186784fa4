from django.urls import path

from hiring import views

app_name = "employer_hiring"

urlpatterns = [
    path(
        "applications/<int:application_pk>/interviews/new/",
        views.interview_schedule,
        name="interview_schedule",
    ),
    path("applications/<int:application_pk>/notes/", views.note_add, name="note_add"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("applications/<int:application_pk>/messages/", views.message_send, name="message_send"),
    path("applications/<int:application_pk>/messages/preview/", views.message_preview, name="message_preview"),
    path("bulk-moves/<int:pk>/undo/", views.bulk_move_undo, name="bulk_move_undo"),
    path("interviews/<int:pk>/", views.interview_manage, name="interview_detail"),
    path("interviews/<int:pk>/cancel/", views.interview_cancel, name="interview_cancel"),
    path("interviews/<int:pk>/scorecard/", views.scorecard_submit, name="scorecard_submit"),
    path("jobs/<int:job_pk>/scorecard/", views.scorecard_attributes, name="scorecard_attributes"),
]
