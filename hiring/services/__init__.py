"""The hiring app's business rules, one function per action: interviews, scorecards, notes,
undoing bulk moves."""

from hiring.services.interviews import (
    LONGEST_INTERVIEW,
    SHORTEST_INTERVIEW,
    interview_cancel,
    interview_reschedule,
    interview_respond,
    interview_schedule,
)
from hiring.services.messages import message_render, messages_send, template_save
from hiring.services.notes import mentionable_members, note_add
from hiring.services.scorecards import (
    ScorecardSummary,
    scorecard_attributes_for,
    scorecard_attributes_set,
    scorecard_submit,
    scorecards_visible,
)
from hiring.services.undo import BulkMoveResult, UndoResult, applications_bulk_move, bulk_move_undo

__all__ = [
    "LONGEST_INTERVIEW",
    "SHORTEST_INTERVIEW",
    "BulkMoveResult",
    "ScorecardSummary",
    "UndoResult",
    "applications_bulk_move",
    "bulk_move_undo",
    "interview_cancel",
    "interview_reschedule",
    "interview_respond",
    "interview_schedule",
    "mentionable_members",
    "message_render",
    "messages_send",
    "note_add",
    "scorecard_attributes_for",
    "scorecard_attributes_set",
    "scorecard_submit",
    "scorecards_visible",
    "template_save",
]
