from typing import Any, ClassVar, Self
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intowork.constraints import ConstraintMessage
from intowork.time_zones import zone_or_default


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("The email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.STAFF)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email: str | None) -> "User":
        # Logins are case-insensitive, like the unique constraint below.
        return self.get(email__iexact=email)


class Role(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    EMPLOYER = "employer", _("Employer")
    STAFF = "staff", _("Staff")


class NotificationType(models.TextChoices):
    APPLICATION_RECEIVED = "application_received", _("New application")
    APPLICATION_STATUS = "application_status", _("Application status changed")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("Application withdrawn")
    COMPANY_INVITATION = "company_invitation", _("Company invitation")
    JOB_MODERATION = "job_moderation", _("Job review")
    INTERVIEW = "interview", _("Interview")
    MENTION = "mention", _("Mention in a note")
    MESSAGE = "message", _("Message from an employer")
    SYSTEM = "system", _("System")

    @classmethod
    def for_role(cls, role: str) -> list["NotificationType"]:
        """The kinds a person of ``role`` may receive, in the order of the choices: what their
        email settings list. A kind that names no audience (a new one) is everyone's."""
        return [kind for kind in cls if role == Role.STAFF or role in NOTIFICATION_AUDIENCE.get(kind, {role})]


# Who receives each kind; a kind missing here goes to anyone (staff see every kind).
NOTIFICATION_AUDIENCE: dict[str, set[str]] = {
    NotificationType.APPLICATION_RECEIVED: {Role.EMPLOYER},
    NotificationType.APPLICATION_WITHDRAWN: {Role.EMPLOYER},
    NotificationType.COMPANY_INVITATION: {Role.EMPLOYER},
    NotificationType.JOB_MODERATION: {Role.EMPLOYER},
    NotificationType.MENTION: {Role.EMPLOYER},
    NotificationType.APPLICATION_STATUS: {Role.CANDIDATE},
    NotificationType.MESSAGE: {Role.CANDIDATE},
}


USER_CONSTRAINT_MESSAGES = {
    "accounts_user_preferred_name_needs_full_name_check": ConstraintMessage(
        "full_name", _("Give your full name too: the preferred name only replaces it in greetings."), "name_missing"
    ),
}


class User(AbstractUser):
    """A person who signs in: the email address is the login."""

    Role = Role

    username = None  # type: ignore[assignment]  # the email address is the login
    # One name as the person writes it, not a given/family pair: many names have no such
    # split (mononyms, patronymics, family name first, several family names), and nothing on
    # the site sorts or greets by a part of it. See docs/database.md, Names.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text=_("Your name as you write it, e.g. on a CV. Employers see it on your applications."),
    )
    # What to call them ("Ana" for "Ana María López García"); empty: the full name.
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=80,
        blank=True,
        help_text=_("Optional: what we call you in emails, if not your full name."),
    )
    email = models.EmailField(_("email address"), max_length=254)
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.CANDIDATE)
    # Notifications and emails are written when someone else acts (a recruiter's move, a new
    # application) or by the worker, with no request of the recipient's to take it from.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Notifications and emails are written in this language."),
    )
    # Times on pages and in emails are shown in this zone (an IANA name, e.g. Europe/Paris);
    # empty: the site's default (settings.TIME_ZONE). Checked against the zone database by
    # the services and forms that set it (a CHECK cannot read it).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("Times on pages and in emails are shown in this time zone."),
    )
    # The kinds of notification this person gets in the app only, not by email. Only the
    # opt-outs are stored: a kind added later is emailed until they turn it off, and no row
    # needs migrating when one is added.
    email_opt_outs = ArrayField(
        models.CharField(max_length=32),
        default=list,
        blank=True,
        verbose_name=_("notification emails turned off"),
        help_text=_("Kinds of notification shown in the app only, never emailed."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Login lookup and sign-up uniqueness, case-insensitively (seeds: users.email UNIQUE).
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_uniq"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="accounts_user_role_valid_check",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="accounts_user_language_valid_check",
            ),
            # A name is given in full first; a preferred name alone would leave others nothing to
            # show (display_name falls back to the address, greetings to the preferred name).
            models.CheckConstraint(
                condition=models.Q(preferred_name="") | ~models.Q(full_name=""),
                name="accounts_user_preferred_name_needs_full_name_check",
                violation_error_message=USER_CONSTRAINT_MESSAGES[
                    "accounts_user_preferred_name_needs_full_name_check"
                ].message,
            ),
            # Only kinds that exist can be turned off (the email settings, the unsubscribe links).
            models.CheckConstraint(
                condition=models.Q(email_opt_outs__contained_by=NotificationType.values),
                name="accounts_user_email_opt_outs_valid_check",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.preferred_name or self.full_name

    @property
    def display_name(self) -> str:
        """How the site names this person to others: their full name, or their address if they
        gave none (accounts from before names were asked). Every page, email and API field
        that shows a person uses it."""
        return self.full_name or self.email

    @property
    def greeting_name(self) -> str:
        """How emails address this person: the name they chose to be called by."""
        return self.preferred_name or self.full_name or self.email

    def wants_email(self, type: str) -> bool:
        """Whether notifications of kind ``type`` are emailed to this person (in-app they always are)."""
        return type not in self.email_opt_outs

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of this person's times (``time_zone``, else the site's)."""
        return zone_or_default(self.time_zone)

    @property
    def is_candidate(self) -> bool:
        return self.role == self.Role.CANDIDATE

    @property
    def is_employer(self) -> bool:
        return self.role == self.Role.EMPLOYER


# Whoever makes a request: an account, or a visitor.
type AnyUser = User | AnonymousUser


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)

    def unread(self) -> Self:
        return self.filter(is_read=False)

    def for_listing(self) -> Self:
        return self.select_related("job", "job__company", "application").order_by("-created_at", "-id")


class Notification(models.Model):
    Type = NotificationType

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    type = models.CharField(_("type"), max_length=32, choices=Type)
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    # A notification outlives the job or application it points at; the link just goes away.
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )
    application = models.ForeignKey(
        "jobs.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    is_read = models.BooleanField(_("read"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The notification list, newest first (seeds: notifications.user_id, created_at).
            models.Index(fields=["user", "-created_at"], name="accounts_notif_user_idx"),
            # The unread badge on every page: a small partial index (seeds: user_id, is_read).
            models.Index(
                fields=["user", "-created_at"],
                condition=models.Q(is_read=False),
                name="accounts_notif_unread_idx",
            ),
            # The 90-day purge of read notifications.
            models.Index(fields=["created_at"], condition=models.Q(is_read=True), name="accounts_notif_read_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=NotificationType.values),
                name="accounts_notification_type_valid_check",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def target_url(self) -> str:
        """The page this notification is about, for its recipient: the application (the
        candidate's page of it, or the employer's), else the job, else the notifications. Read
        by the list and the emails, which load ``job`` with it."""
        if self.application_id:
            # By its type (no query); a type that says nothing of the recipient asks their role.
            for_employer = self.type in (NotificationType.APPLICATION_RECEIVED, NotificationType.APPLICATION_WITHDRAWN)
            if not for_employer and self.type != NotificationType.APPLICATION_STATUS:
                for_employer = self.user.role == Role.EMPLOYER
            page = "employer:application_detail" if for_employer else "candidates:application_detail"
            return reverse(page, args=[self.application_id])
        if self.job_id and self.job is not None:
            return self.job.get_absolute_url()
        return reverse("accounts:notification_list")
