"""A person's requests about their own data: the exports of everything the site holds on them."""

import datetime
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User

# How long a built export can be downloaded; the nightly purge deletes it afterwards.
EXPORT_VALID_FOR = datetime.timedelta(hours=24)


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")


def export_upload_to(instance: "DataExport", filename: str) -> str:
    # Unguessable, outside any public URL: it is served only by privacy.views.data_export_download.
    return f"exports/{instance.user_id}/{secrets.token_urlsafe(16)}.zip"


class DataExportQuerySet(models.QuerySet["DataExport"]):
    def expired(self, *, now: datetime.datetime) -> "DataExportQuerySet":
        return self.filter(expires_at__lte=now)

    def listed_for(self, user: "User") -> "DataExportQuerySet":
        """``user``'s exports still being built or downloadable, newest first."""
        return self.filter(user=user).exclude(expires_at__lte=timezone.now()).order_by("-requested_at", "-id")


class DataExport(models.Model):
    """One "download my data" request: built by the worker, downloadable by its owner for 24 h."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports", verbose_name=_("user")
    )
    status = models.CharField(_("status"), max_length=16, choices=ExportStatus, default=ExportStatus.PENDING)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True, max_length=255)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="privacy_dataexport_status_valid_check"
            ),
            # A ready export has its file and its end; a pending one has neither yet.
            models.CheckConstraint(
                condition=(Q(status=ExportStatus.PENDING) & Q(file="") & Q(expires_at__isnull=True))
                | (Q(status=ExportStatus.READY) & ~Q(file="") & Q(expires_at__isnull=False)),
                name="privacy_dataexport_ready_has_file_check",
            ),
            # One export in the making per person: asking again while it builds is a no-op.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=ExportStatus.PENDING),
                name="privacy_dataexport_one_pending_per_user_uniq",
            ),
        ]
        indexes = [
            # The nightly purge of expired exports.
            models.Index(
                fields=["expires_at"], condition=Q(expires_at__isnull=False), name="privacy_export_expires_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.requested_at:%Y-%m-%d %H:%M}"


class PolicyKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")


class PolicyDocumentQuerySet(models.QuerySet["PolicyDocument"]):
    def current(self) -> list["PolicyDocument"]:
        """The version in force of each kind: the latest published one (a kind never published
        has none, and nothing to accept)."""
        return list(self.filter(published_at__lte=timezone.now()).order_by("kind", "-version").distinct("kind"))


class PolicyDocument(models.Model):
    """One version of the privacy policy or the terms, as staff wrote it. A change is a new
    version (a new row): people accepted the text of a version, which therefore never changes
    once published (the admin shows a published version read-only)."""

    kind = models.CharField(_("document"), max_length=16, choices=PolicyKind)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))
    summary_of_changes = models.TextField(
        _("what changed"), blank=True, help_text=_("Shown to everyone asked to accept this version.")
    )
    published_at = models.DateTimeField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Empty: a draft. From then on, everyone is asked to accept it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PolicyDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="privacy_policy_kind_version_uniq"),
            models.CheckConstraint(condition=Q(kind__in=PolicyKind.values), name="privacy_policy_kind_valid_check"),
            models.CheckConstraint(condition=Q(version__gte=1), name="privacy_policy_version_positive_check"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class PolicyConsent(models.Model):
    """That ``user`` accepted ``document`` (a version), and when: asked at sign-up, and again
    when a new version is published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_consents", verbose_name=_("user")
    )
    # A version someone accepted is never deleted: the record of what they agreed to stays.
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="consents", verbose_name=_("document")
    )
    accepted_at = models.DateTimeField(_("accepted"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            # Accepting twice records once (the interstitial may be posted from two tabs).
            models.UniqueConstraint(fields=["user", "document"], name="privacy_consent_user_document_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.document}"
