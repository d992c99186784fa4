"""What every API serializer that writes a model shares."""

import copy

from django.db.models import Model
from rest_framework import serializers
from rest_framework.settings import api_settings

from intowork.constraints import ConstraintMessages, broken_constraints


class ConstraintCheckedSerializer(serializers.ModelSerializer):
    """Checks the model's database constraints before saving, so a row PostgreSQL would
    reject is a 400 naming the field, never an IntegrityError.

    The rules stay in one place (``Meta.constraints``); ``constraint_messages`` only says which
    field a violation belongs to and how to say it to a person. ``context["owner"]`` holds the
    fields the view sets itself (``{"candidate": profile}``), which constraints may involve.
    """

    constraint_messages: ConstraintMessages = {}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model: type[Model] = self.Meta.model
        candidate_row = copy.copy(self.instance) if self.instance is not None else model()
        columns = {field.name for field in model._meta.concrete_fields}
        for name, value in {**self.context.get("owner", {}), **attrs}.items():
            if name in columns:  # a nested serializer's data (me/'s candidate_profile) is not a column
                setattr(candidate_row, name, value)
        errors: dict[str, list[str]] = {}
        for refusal in broken_constraints(model, candidate_row, self.constraint_messages):
            errors.setdefault(refusal.field or api_settings.NON_FIELD_ERRORS_KEY, []).append(str(refusal.message))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
