"""The v1 API root: each app registers its viewsets on this router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import DashboardView, MeView, NotificationPreferencesView, NotificationViewSet
from alerts.api import AlertViewSet
from audit.api import ActivityViewSet
from candidates.api import CVViewSet, EducationViewSet, ExperienceViewSet, SavedJobViewSet, SkillViewSet
from hiring.api import (
    ApplicationMessagePreviewView,
    ApplicationMessagesView,
    ApplicationNotesView,
    BulkMoveUndoView,
    BulkMoveView,
    InterviewViewSet,
    MessageTemplateViewSet,
    ScorecardAttributesView,
)
from jobs.api.applications import ApplicationViewSet
from jobs.api.employer import (
    CompanyInvitationViewSet,
    CompanyMemberViewSet,
    EmployerCompanyView,
    EmployerJobViewSet,
)
from jobs.api.search import CompanyViewSet, JobViewSet
from moderation.api import JobReportView
from privacy.api import DataExportView, PoliciesView

router = DefaultRouter()
router.register("jobs", JobViewSet, basename="job")
router.register("companies", CompanyViewSet, basename="company")
router.register("me/experiences", ExperienceViewSet, basename="experience")
router.register("me/educations", EducationViewSet, basename="education")
router.register("me/skills", SkillViewSet, basename="skill")
router.register("me/cvs", CVViewSet, basename="cv")
router.register("saved-jobs", SavedJobViewSet, basename="saved-job")
router.register("applications", ApplicationViewSet, basename="application")
router.register("interviews", InterviewViewSet, basename="interview")
router.register("employer/message-templates", MessageTemplateViewSet, basename="message-template")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("employer/company/members", CompanyMemberViewSet, basename="employer-member")
router.register("employer/company/invitations", CompanyInvitationViewSet, basename="employer-invitation")
router.register("alerts", AlertViewSet, basename="alert")
router.register("employer/jobs", EmployerJobViewSet, basename="employer-job")
router.register("employer/activity", ActivityViewSet, basename="employer-activity")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/notification-preferences/", NotificationPreferencesView.as_view(), name="notification-preferences"),
    path("me/data-exports/", DataExportView.as_view(), name="data-exports"),
    path("me/policies/", PoliciesView.as_view(), name="policies"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("employer/company/", EmployerCompanyView.as_view(), name="employer-company"),
    path("employer/jobs/<str:pk>/bulk-move/", BulkMoveView.as_view(), name="employer-job-bulk-move"),
    path("bulk-moves/<str:pk>/undo/", BulkMoveUndoView.as_view(), name="bulk-move-undo"),
    path("applications/<str:pk>/messages/", ApplicationMessagesView.as_view(), name="application-messages"),
    path(
        "applications/<str:pk>/messages/preview/",
        ApplicationMessagePreviewView.as_view(),
        name="application-message-preview",
    ),
    path("applications/<str:pk>/notes/", ApplicationNotesView.as_view(), name="application-notes"),
    path(
        "employer/jobs/<str:pk>/scorecard-attributes/",
        ScorecardAttributesView.as_view(),
        name="employer-job-scorecard-attributes",
    ),
    # Any id reaches these views, so that a malformed one gets the API's JSON 404, not the site's page.
    path("jobs/<str:pk>/report/", JobReportView.as_view(), name="job-report"),
    path("", include(router.urls)),
]
