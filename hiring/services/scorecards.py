"""Scorecards: what each job rates, each interviewer's evaluation, and the blind rule: nobody
reads the others' evaluations of a candidate before submitting their own."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import mean

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from hiring.models import (
    DEFAULT_SCORECARD_ATTRIBUTES,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    Interview,
    Interviewer,
    InterviewStatus,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardAttribute,
)
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import Application, Job

MAX_ATTRIBUTES = 12


def scorecard_attributes_for(*, job: Job) -> list[ScorecardAttribute]:
    """The job's attributes; a job without any gets the defaults (in the language of whoever
    opens it first), which its company may then edit."""
    attributes = list(job.scorecard_attributes.all())
    if attributes:
        return attributes
    ScorecardAttribute.objects.bulk_create(
        [
            ScorecardAttribute(job=job, name=str(name), position=i)
            for i, name in enumerate(DEFAULT_SCORECARD_ATTRIBUTES)
        ],
        ignore_conflicts=True,  # two first visits at once: the unique constraint keeps one set
    )
    return list(job.scorecard_attributes.all())


@transaction.atomic
def scorecard_attributes_set(*, job: Job, names: Sequence[str], by: User) -> list[ScorecardAttribute]:
    """Replace the job's list by ``names``, in that order. An attribute already rated cannot
    be removed (the ratings keep their meaning)."""
    wanted = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    if not wanted:
        raise ServiceError("no_attribute", _("Give at least one thing to rate."), field="names")
    if len(wanted) > MAX_ATTRIBUTES:
        raise ServiceError(
            "too_many_attributes", _("At most %(n)d things to rate.") % {"n": MAX_ATTRIBUTES}, field="names"
        )
    if any(len(name) > 80 for name in wanted):
        raise ServiceError("attribute_too_long", _("Each name has at most 80 characters."), field="names")
    Job.objects.select_for_update().filter(pk=job.pk).first()  # two editors serialise here
    current = {attribute.name: attribute for attribute in job.scorecard_attributes.all()}
    removed = [attribute for name, attribute in current.items() if name not in wanted]
    rated = [attribute.name for attribute in removed if attribute.ratings.exists()]
    if rated:
        raise ServiceError(
            "attribute_rated",
            _("Already rated, so kept: %(names)s.") % {"names": ", ".join(rated)},
            field="names",
        )
    ScorecardAttribute.objects.filter(pk__in=[attribute.pk for attribute in removed]).delete()
    for position, name in enumerate(wanted):
        ScorecardAttribute.objects.update_or_create(job=job, name=name, defaults={"position": position})
    return list(job.scorecard_attributes.all())


def scorecard_submit(
    *,
    interview: Interview,
    by: User,
    ratings: Mapping[int, int],
    recommendation: Recommendation | str,
    notes: str = "",
) -> Scorecard:
    """An interviewer on the panel evaluates the candidate once the interview has begun: a
    score from 1 to 5 for each of the job's attributes, and a recommendation."""
    if not Interviewer.objects.filter(interview=interview, user=by).exists():
        raise ServiceError("not_on_panel", _("Only the interview's interviewers submit a scorecard."))
    if interview.status in (InterviewStatus.CANCELLED, InterviewStatus.DECLINED):
        raise ServiceError("interview_closed", _("This interview was declined or cancelled."))
    if interview.starts_at > timezone.now():
        raise ServiceError("interview_ahead", _("Submit the scorecard after the interview."))
    if recommendation not in Recommendation.values:
        raise ServiceError("invalid_recommendation", _("Choose a recommendation."), field="recommendation")
    attributes = scorecard_attributes_for(job=interview.application.job)
    expected = {attribute.pk for attribute in attributes}
    if set(ratings) != expected:
        raise ServiceError("ratings_incomplete", _("Rate each point of the scorecard."), field="ratings")
    if any(not LOWEST_SCORE <= score <= HIGHEST_SCORE for score in ratings.values()):
        raise ServiceError("invalid_score", _("Each score is from 1 to 5."), field="ratings")
    try:
        with transaction.atomic():
            scorecard = Scorecard.objects.create(
                interview=interview, interviewer=by, recommendation=recommendation, notes=notes.strip()
            )
            Rating.objects.bulk_create(
                Rating(scorecard=scorecard, attribute_id=pk, score=score) for pk, score in ratings.items()
            )
    except IntegrityError as error:
        if "hiring_scorecard_one_per_interviewer_uniq" in str(error):
            raise ConflictError("already_submitted", _("You have already submitted this scorecard.")) from error
        raise
    return scorecard


@dataclass
class ScorecardSummary:
    """What the application page shows of its scorecards."""

    visible: bool  # False: the viewer has not submitted theirs yet, and sees nothing of the others'
    scorecards: list[Scorecard] = field(default_factory=list)
    averages: list[tuple[str, float, int]] = field(default_factory=list)  # (attribute, mean, how many)
    recommendations: list[tuple[str, int]] = field(default_factory=list)  # (label, how many)
    pending: list[Interview] = field(default_factory=list)  # the viewer's interviews still to evaluate


def scorecards_visible(*, application: Application, viewer: User) -> ScorecardSummary:
    """The application's scorecards as ``viewer`` (a member of its company) may see them: all
    of them once they submitted theirs, or if they interview the candidate in none of them;
    otherwise none, not even how many, so that nothing sways their own. Three queries."""
    scorecards = list(Scorecard.objects.filter(interview__application=application).for_listing())
    panels = Interviewer.objects.filter(interview__application=application, user=viewer).select_related("interview")
    mine = {card.interview_id for card in scorecards if card.interviewer_id == viewer.pk}
    seats = list(panels)
    now = timezone.now()
    pending = [
        seat.interview
        for seat in seats
        if seat.interview_id not in mine
        and seat.interview.starts_at <= now
        and seat.interview.status not in (InterviewStatus.CANCELLED, InterviewStatus.DECLINED)
    ]
    if seats and not mine:
        return ScorecardSummary(visible=False, pending=pending)
    by_attribute: dict[str, list[int]] = {}
    for card in scorecards:
        for rating in card.ratings.all():
            by_attribute.setdefault(rating.attribute.name, []).append(rating.score)
    counts = dict.fromkeys(Recommendation, 0)
    for card in scorecards:
        counts[Recommendation(card.recommendation)] += 1
    return ScorecardSummary(
        visible=True,
        scorecards=scorecards,
        averages=[(name, round(float(mean(scores)), 1), len(scores)) for name, scores in by_attribute.items()],
        recommendations=[(str(choice.label), count) for choice, count in counts.items() if count],
        pending=pending,
    )
