"""Telling a person which database constraint a row would break, before PostgreSQL refuses it:
shared by the API's serializers and the site's forms, so the rules stay in ``Meta.constraints``."""

from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import router


def broken_constraints(model, row, messages: dict, *, exclude=None) -> Iterator[tuple[str | None, str]]:
    """(field, message) for each of ``model``'s constraints that ``row`` breaks. ``messages``
    maps a constraint's name to the field it belongs to and how to say it; any other gives
    (None, the constraint's own message)."""
    for constraint in model._meta.constraints:
        try:
            constraint.validate(model, row, exclude=exclude, using=router.db_for_write(model))
        except ValidationError as error:
            yield messages.get(constraint.name, (None, " ".join(error.messages)))
