"""Structured hiring on top of the pipeline: interviews (no one double-booked, which the
database decides), and the scorecards interviewers fill in after them."""

import datetime
import uuid
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Role

# Range bounds: an interview from 10:00 to 11:00 and the next from 11:00 to 12:00 do not clash.
HALF_OPEN = "[)"


class InterviewStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the candidate")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ANOTHER_TIME = "another_time", _("Another time asked")
    CANCELLED = "cancelled", _("Cancelled")


# The interviews that hold their slot: the candidate and the interviewers are busy then.
# Asking for another time keeps it until the company moves or cancels the interview.
BOOKED_INTERVIEW_STATUSES = (InterviewStatus.PROPOSED, InterviewStatus.ACCEPTED, InterviewStatus.ANOTHER_TIME)
# What a candidate may answer.
CANDIDATE_RESPONSES = (InterviewStatus.ACCEPTED, InterviewStatus.DECLINED, InterviewStatus.ANOTHER_TIME)


class InterviewQuerySet(models.QuerySet["Interview"]):
    def booked(self) -> Self:
        return self.filter(status__in=BOOKED_INTERVIEW_STATUSES)

    def visible_to(self, user: AnyUser) -> Self:
        """The candidate's own interviews; an employer's companies'; staff all."""
        if isinstance(user, AnonymousUser):
            return self.none()
        if user.is_staff:
            return self
        if user.role == Role.EMPLOYER:
            return self.filter(application__job__company__memberships__user=user)
        return self.filter(candidate__user=user)

    def upcoming(self) -> Self:
        """Booked interviews not over yet, soonest first (the dashboards' list)."""
        return self.booked().filter(during__endswith__gt=timezone.now()).order_by("during")

    def for_listing(self) -> Self:
        return self.select_related("application__job__company", "candidate__user").prefetch_related(
            models.Prefetch("panel", queryset=Interviewer.objects.select_related("user").order_by("id"))
        )


class Interview(models.Model):
    application = models.ForeignKey(
        "jobs.Application", on_delete=models.CASCADE, related_name="interviews", verbose_name=_("application")
    )
    # The application's candidate, copied here so that the exclusion constraint can cover it
    # (a constraint sees one table).
    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="interviews", verbose_name=_("candidate")
    )
    during = DateTimeRangeField(_("when"))
    # The zone the company scheduled it in: the invitation's DTSTART is written in it.
    time_zone = models.CharField(_("time zone"), max_length=64)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=InterviewStatus, default=InterviewStatus.PROPOSED)
    # What the candidate said with their answer (why they decline, which times suit them).
    response_note = models.TextField(_("candidate's note"), blank=True)
    # The invitation's identity and version (iCalendar UID and SEQUENCE): each change sends
    # the same UID with a higher SEQUENCE, so calendars update the event instead of adding one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Interviewer", related_name="interviews_conducted"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["during"]
        constraints = [
            # No candidate is double-booked, even by two recruiters booking at the same instant.
            ExclusionConstraint(
                name="hiring_interview_candidate_no_overlap_excl",
                expressions=[("candidate", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(status__in=BOOKED_INTERVIEW_STATUSES),
            ),
            models.CheckConstraint(
                condition=Q(status__in=InterviewStatus.values), name="hiring_interview_status_valid_check"
            ),
            # A real span: a start before an end, both given.
            models.CheckConstraint(
                condition=Q(during__isempty=False, during__lower_inf=False, during__upper_inf=False),
                name="hiring_interview_during_bounded_check",
            ),
            # Somewhere to meet: a place or a video link.
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(video_url=""), name="hiring_interview_has_place_check"
            ),
        ]
        indexes = [
            # An application's interviews (its page); the candidate's are served by the exclusion's index.
            models.Index(fields=["application"], name="hiring_interview_app_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} @ {self.during.lower:%Y-%m-%d %H:%M}"

    @property
    def starts_at(self) -> datetime.datetime:
        start: datetime.datetime = self.during.lower
        return start

    @property
    def ends_at(self) -> datetime.datetime:
        end: datetime.datetime = self.during.upper
        return end

    @property
    def is_booked(self) -> bool:
        return self.status in BOOKED_INTERVIEW_STATUSES

    @property
    def can_respond(self) -> bool:
        return self.is_booked and self.ends_at > timezone.now()


class Interviewer(models.Model):
    """A company member on an interview's panel. The interview's range and whether it holds
    its slot are copied here (the services write both rows together), so that the exclusion
    constraint can keep each interviewer from being double-booked."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("interviewer")
    )
    during = DateTimeRangeField()
    is_booked = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("interviewer")
        verbose_name_plural = _("interviewers")
        constraints = [
            models.UniqueConstraint(fields=["interview", "user"], name="hiring_interviewer_once_per_interview_uniq"),
            ExclusionConstraint(
                name="hiring_interviewer_no_overlap_excl",
                expressions=[("user", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(is_booked=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.interview_id}"


# The messages the form and the API show when a constraint refuses a booking.
HIRING_CONSTRAINT_MESSAGES = {
    "hiring_interview_candidate_no_overlap_excl": _("The candidate already has an interview at that time."),
    "hiring_interviewer_no_overlap_excl": _("An interviewer already has an interview at that time."),
}


# --- Scorecards ----------------------------------------------------------------------------------

# What a job's scorecard rates until its company edits the list.
DEFAULT_SCORECARD_ATTRIBUTES = (
    _("Skills for the job"),
    _("Experience"),
    _("Communication"),
    _("Problem solving"),
    _("Motivation"),
)
LOWEST_SCORE, HIGHEST_SCORE = 1, 5


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("Definitely not")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class ScorecardAttribute(models.Model):
    """One thing a job's interviewers rate, in the order the company gave."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="scorecard_attributes")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scorecard attribute")
        verbose_name_plural = _("scorecard attributes")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "name"], name="hiring_scorecardattribute_name_per_job_uniq"),
        ]

    def __str__(self) -> str:
        return self.name


class ScorecardQuerySet(models.QuerySet["Scorecard"]):
    def for_listing(self) -> Self:
        return self.select_related("interviewer").prefetch_related(
            models.Prefetch("ratings", queryset=Rating.objects.select_related("attribute").order_by("attribute"))
        )


class Scorecard(models.Model):
    """One interviewer's evaluation after an interview: a rating per attribute and an overall
    recommendation. Submitted once (there is no draft): the others' are shown only then."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recommendation = models.CharField(_("recommendation"), max_length=16, choices=Recommendation)
    notes = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["submitted_at", "id"]
        constraints = [
            # One scorecard per interviewer and interview: a double submit is a conflict.
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="hiring_scorecard_one_per_interviewer_uniq"
            ),
            models.CheckConstraint(
                condition=Q(recommendation__in=Recommendation.values), name="hiring_scorecard_recommendation_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview_id}"


class Rating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    # An attribute that was rated stays (the services refuse to remove it).
    attribute = models.ForeignKey(ScorecardAttribute, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "attribute"], name="hiring_rating_once_per_attribute_uniq"),
            models.CheckConstraint(
                condition=Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE), name="hiring_rating_score_range_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attribute_id}: {self.score}"


# --- Notes and mentions --------------------------------------------------------------------------


class NoteQuerySet(models.QuerySet["ApplicationNote"]):
    def for_listing(self) -> Self:
        return self.select_related("author").prefetch_related("mentioned").order_by("created_at", "id")


class ApplicationNote(models.Model):
    """A private note of the company on an application (the candidate never sees it), which
    may @mention teammates: they are notified."""

    application = models.ForeignKey("jobs.Application", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("note"))
    mentioned = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [models.Index(fields=["application", "created_at"], name="hiring_note_app_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="hiring_note_not_empty_check"),
        ]

    def __str__(self) -> str:
        return self.body[:40]


# --- Undoing bulk moves ---------------------------------------------------------------------------

# How long a bulk move can be undone.
UNDO_WINDOW = datetime.timedelta(minutes=10)


class BulkMoveQuerySet(models.QuerySet["BulkMove"]):
    def undoable(self, *, by: AnyUser, job_id: int) -> Self:
        """``by``'s bulk moves on the job that can still be undone, newest first."""
        return self.filter(
            moved_by_id=by.pk, job_id=job_id, undone_at__isnull=True, created_at__gt=timezone.now() - UNDO_WINDOW
        ).order_by("-created_at")


class BulkMove(models.Model):
    """Several applications moved at once ("reject these 40"), kept for ten minutes' undo."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    to_status = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = BulkMoveQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulk move")
        verbose_name_plural = _("bulk moves")
        indexes = [models.Index(fields=["moved_by", "job", "-created_at"], name="hiring_bulkmove_undoable_idx")]
        constraints = [
            # Undone by someone at some time, or not undone at all.
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True, undone_by__isnull=True) | Q(undone_at__isnull=False),
                name="hiring_bulkmove_undone_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to_status} × {self.job_id} @ {self.created_at:%H:%M}"

    @property
    def undo_until(self) -> datetime.datetime:
        return self.created_at + UNDO_WINDOW


class BulkMoveItem(models.Model):
    """One application a bulk move moved, and the history row of that move: the undo restores
    it only if that row is still its latest (nobody changed it since)."""

    bulk_move = models.ForeignKey(BulkMove, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("jobs.Application", on_delete=models.CASCADE, related_name="+")
    change = models.ForeignKey("jobs.ApplicationStatusChange", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bulk_move", "application"], name="hiring_bulkmoveitem_once_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.bulk_move_id}: {self.application_id}"


# --- Message templates and the messages sent ---------------------------------------------------

# What a template may say about the application it is sent on: {candidate_name} and the rest.
MESSAGE_PLACEHOLDERS = ("candidate_name", "job_title", "company")


class TemplateKind(models.TextChoices):
    REJECTION = "rejection", _("Rejection")
    INTERVIEW = "interview", _("Interview invitation")
    OFFER = "offer", _("Offer")
    FREE = "free", _("Other")


class MessageTemplate(models.Model):
    """A company's ready-made message to candidates, in one language, with placeholders."""

    company = models.ForeignKey("jobs.Company", on_delete=models.CASCADE, related_name="message_templates")
    kind = models.CharField(_("kind"), max_length=16, choices=TemplateKind, default=TemplateKind.FREE)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["kind", "language", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "language", "name"], name="hiring_messagetemplate_name_per_company_uniq"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TemplateKind.values), name="hiring_messagetemplate_kind_valid_check"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="hiring_messagetemplate_language_valid_check",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationMessage(models.Model):
    """A message the company sent the candidate about an application, as it was written then:
    on the application's timeline for both sides."""

    application = models.ForeignKey("jobs.Application", on_delete=models.CASCADE, related_name="messages")
    template = models.ForeignKey(MessageTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["application", "sent_at"], name="hiring_message_app_idx")]

    def __str__(self) -> str:
        return self.subject
