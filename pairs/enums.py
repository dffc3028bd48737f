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


class MatchingMode(models.TextChoices):
    """What the whole-cohort matcher maximises (issue 4, item 2)."""

    BEST_TOTAL = "best_total", _("Best total score")
    # lexicographic: as many mentees as possible, then the best total among those
    MOST_PAIRED = "most_paired", _("Most mentees paired")


class MatchingRunStatus(models.TextChoices):
    """State of a run of the matcher, a background job (issue 13)."""

    QUEUED = "queued", pgettext_lazy("matching run", "Queued")
    RUNNING = "running", pgettext_lazy("matching run", "Running")
    DONE = "done", pgettext_lazy("matching run", "Done")
    FAILED = "failed", pgettext_lazy("matching run", "Failed")


# A run in one of these states holds its cohort: a second request shows it.
ACTIVE_RUN_STATUSES = (MatchingRunStatus.QUEUED, MatchingRunStatus.RUNNING)


class MatchingStep(models.TextChoices):
    """The steps of a run of the matcher, as its progress bar names them."""

    LOADING = "loading", _("Loading the cohort")
    SCORING = "scoring", _("Scoring the candidate pairs")
    SOLVING = "solving", _("Finding the best assignment")
    WRITING = "writing", _("Writing the draft pairs")


class UnpairedReason(models.TextChoices):
    """Why a mentee of the cohort was left without a mentor (seed 000 5.5)."""

    NO_CONSENT = "no_consent", _("No consent to the processing of personal data")
    NO_ALLOWED_MENTOR = "no_allowed_mentor", _("No mentor the form admits")
    EXCLUDED = "excluded", _("Every admitted mentor is excluded")
    BELOW_MIN_SCORE = "below_min_score", _("No mentor reaches the minimum score")
    CAPACITY = "capacity", _("Suitable mentors have no free places left")


class Attitude(models.TextChoices):
    """A participant's wish about another one (seed 000 5.2 questionnaire), or an
    explicit «not with» recorded by the curator."""

    PREFER = "prefer", _("Would like to work with")
    AVOID = "avoid", _("Not with")


class PreferenceSource(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("Questionnaire after the group meeting")
    CURATOR = "curator", _("Decision of the curator")


class PlanDirection(models.TextChoices):
    """«Направление наставнической деятельности» (seed 004 appendix, the list
    under the plan table)."""

    SUBJECT = "subject", _("Subject and professional content")
    UPBRINGING = "upbringing", _("Educational (upbringing) work")
    DOCUMENTATION = "documentation", _("Work with documentation")
    ICT = "ict", _("ICT competencies")
    METHODICAL = "methodical", _("Methodical work")
    CERTIFICATION = "certification", _("Certification for a qualification category")
    EXTRACURRICULAR = "extracurricular", _("Extracurricular work (subject weeks and others)")
    PROJECTS = "projects", _("Project and research activity")
    CONTESTS = "contests", _("Participation in contests and conferences")
    TRAINING = "training", _("Professional development")
    OTHER = "other", _("Other")


class InvitationStatus(models.TextChoices):
    """An invitation of a mentor of the territory's base by another organisation
    (seed 002 items 6, 11): sent → accepted (a pair is formed) / declined /
    withdrawn by the inviting curator."""

    SENT = "sent", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
