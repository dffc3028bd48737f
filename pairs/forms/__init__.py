"""Forms of the pairs pages, one module per area: ``pairs`` (forming, the
director's decision, a meeting), ``matching`` (the matching workspace), ``plans``
(the personalised programme), ``lifecycle`` (ending a pair)."""

from .pairs import (  # noqa: F401 - the forms every page module used before the split
    CHOICES_LIMIT,
    DecisionForm,
    MeetingForm,
    PairCreateForm,
    PairingFilterForm,
    mentee_label,
    mentor_label,
)
