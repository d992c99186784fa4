"""The v1 API root: each app registers its viewsets on this router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from jobs.api.search import CompanyViewSet, JobViewSet

router = DefaultRouter()
router.register("jobs", JobViewSet, basename="job")
router.register("companies", CompanyViewSet, basename="company")

urlpatterns = [
    path("", include(router.urls)),
]
