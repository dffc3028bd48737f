"""Forms of the pairs pages, one module per area: ``pairs`` (the director's
decision, a meeting), ``matching`` (the matching workspace), ``plans``
(the personalised programme), ``lifecycle`` (ending a pair)."""

from .pairs import (  # noqa: F401 - the forms every page module used before the split
    CHOICES_LIMIT,
    DecisionForm,
    MeetingForm,
    mentee_label,
    mentor_label,
)
