"""Database constraints said to a person.

The rules stay in each model's ``Meta.constraints``; next to them, each app keeps one mapping
from a constraint's name to a ``ConstraintMessage`` (the field it belongs to, what to say, a
code for machines). The site's forms and the API's serializers check a row against the
constraints before saving (``broken_constraints``); the services turn the rare race that only
PostgreSQL sees into the same message (``save_or_refuse``).
"""

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import F, Q

from intowork.exceptions import ServiceError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ConstraintMessage(NamedTuple):
    field: str | None
    message: "StrOrPromise"
    code: str = "constraint_violated"


ConstraintMessages = Mapping[str, ConstraintMessage]


def broken_constraints(
    model: type[models.Model], row: models.Model, messages: ConstraintMessages, *, exclude: set[str] | None = None
) -> Iterator[ConstraintMessage]:
    """What each of ``model``'s constraints that ``row`` breaks says: its message from
    ``messages``, else the constraint's own message, on no field."""
    for constraint in model._meta.constraints:
        try:
            constraint.validate(model, row, exclude=exclude, using=router.db_for_write(model))
        except ValidationError as error:
            yield messages.get(constraint.name) or ConstraintMessage(None, " ".join(error.messages))


def save_or_refuse[M: models.Model](
    instance: M, messages: ConstraintMessages, *, update_fields: list[str] | None = None
) -> M:
    """Save ``instance``; a named constraint PostgreSQL refuses becomes a ServiceError on its field."""
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        for name, (field, message, code) in messages.items():
            if name in str(error):
                raise ServiceError(code, str(message), field=field) from error
        raise
    return instance


def salary_range_checks(prefix: str, min_field: str, max_field: str) -> list[models.CheckConstraint]:
    """min ≤ max, for any model with a salary range (PositiveIntegerField already refuses < 0)."""
    bounds: dict[str, Any] = {f"{min_field}__lte": F(max_field)}
    return [
        models.CheckConstraint(
            condition=Q(**{f"{min_field}__isnull": True}) | Q(**{f"{max_field}__isnull": True}) | Q(**bounds),
            name=f"{prefix}_salary_min_lte_max_check",
        ),
    ]
