"""States of a pair and types of meetings (DESIGN.md "Pair lifecycle")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PairStatus(models.TextChoices):
    # Labels carry a context: other apps translate the same English words for
    # other nouns (a mentor is «утверждён», a pair is «утверждена»).
    DRAFT = "draft", pgettext_lazy("pair status", "Draft")
    PROPOSED = "proposed", pgettext_lazy("pair status", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("pair status", "Approved")
    ACTIVE = "active", pgettext_lazy("pair status", "Active")
    COMPLETED = "completed", pgettext_lazy("pair status", "Completed")
    TERMINATED = "terminated", pgettext_lazy("pair status", "Terminated")


# Legal moves of the lifecycle; set_pair_status() refuses every other.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    PairStatus.DRAFT: {PairStatus.PROPOSED, PairStatus.TERMINATED},
    # the director returns a proposed pair to draft with a comment
    PairStatus.PROPOSED: {PairStatus.APPROVED, PairStatus.DRAFT},
    PairStatus.APPROVED: {PairStatus.ACTIVE, PairStatus.TERMINATED},
    PairStatus.ACTIVE: {PairStatus.COMPLETED, PairStatus.TERMINATED},
    PairStatus.COMPLETED: set(),
    PairStatus.TERMINATED: set(),
}

# Pairs that hold a mentor's capacity and a mentee's place.
OPEN_STATUSES = (PairStatus.DRAFT, PairStatus.PROPOSED, PairStatus.APPROVED, PairStatus.ACTIVE)
# Pairs that are expected to meet.
WORKING_STATUSES = (PairStatus.APPROVED, PairStatus.ACTIVE)


class MeetingType(models.TextChoices):
    """Meeting types of seed 000 stage 6 (6.1–6.5)."""

    INTRODUCTORY = "introductory", _("Introductory meeting")
    TRIAL = "trial", _("Trial working meeting")
    PLANNING = "planning", _("Planning meeting")
    REGULAR = "regular", _("Regular meeting")
    FINAL = "final", _("Final meeting")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class EndInitiative(models.TextChoices):
    """Whose initiative ended a pair early (seed 004 §7)."""

    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    CURATOR = "curator", _("Curator")
