"""OpenAPI post-processing: every API operation documents the one error shape it may return."""

from django.utils.translation import gettext_lazy as _

ERROR_COMPONENT = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable, for programs: invalid, not_found, already_applied…",
                },
                "message": {"type": "string", "description": "For people, in the request's language."},
                "fields": {
                    "type": "object",
                    "description": "Per-field messages (validation errors only; otherwise empty).",
                    "additionalProperties": {},
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
    "example": {
        "error": {
            "code": "invalid",
            "message": "Some fields are not valid: see the details.",
            "fields": {"end_date": ["The end date must be on or after the start date."]},
        }
    },
}

ERROR_STATUSES = {
    "400": _("Invalid input; `fields` says what to fix."),
    "401": _("Not signed in: send X-Session-Token."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("No such object, or not yours to see."),
    "409": _("Clashes with the current state (a duplicate, a finished step)."),
    "429": _("Too many requests: wait for Retry-After seconds."),
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def document_errors(result, generator, request, public):
    """SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS entry."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            statuses = {"400", "429"}
            if {} not in operation.get("security", [{}]):  # authentication required
                statuses |= {"401", "403"}
            if "{" in path:
                statuses.add("404")
            if method in WRITE_METHODS:
                statuses |= {"403", "409"}
            for status in sorted(statuses):
                operation["responses"].setdefault(
                    status,
                    {
                        "description": str(ERROR_STATUSES[status]),
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
