from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderKind(models.TextChoices):
    """Orders of the programme (seed 000 1.1, 4.1, 5.6, 7.4)."""

    PAIRS_APPROVAL = "pairs_approval", _("Approving mentoring pairs (groups)")
    MENTOR_BASE = "mentor_base", _("Approving the mentor base")
    INTRODUCTION = "introduction", _("Introducing the target mentoring model")
    REWARDS = "rewards", _("Rewarding participants")
    COMPLETION = "completion", _("Completing the programme cycle")
    # the territory's orders, signed by the head of the education authority
    # (seed 002 items 3, 10, 13)
    TERRITORY_CURATOR = "territory_curator", _("Appointing the territory curator")
    CONTEST_RESULTS = "contest_results", _("Results of a contest")


class OrderStatus(models.TextChoices):
    """draft (curator) → submitted → signed (director; numbered) → issued;
    the director may return a submitted order to draft with a comment."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("order status", "Submitted")
    SIGNED = "signed", _("Signed")
    ISSUED = "issued", _("Issued")


# The statuses in which an order's text and lists are frozen.
FROZEN_ORDER_STATUSES = (OrderStatus.SIGNED, OrderStatus.ISSUED)


class OrderFileStatus(models.TextChoices):
    """The signed order's PDF and DOCX, rendered by a background job from the
    frozen content: pending → ready, or failed (with the reason; «Повторить»
    queues it again). Empty for a draft."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", pgettext_lazy("order documents", "Ready")
    FAILED = "failed", _("Failed")


class AwardKind(models.TextChoices):
    """Incentives for mentors (seed 003 1.8 and 4.4; seed 004 §5)."""

    LETTER_OF_THANKS = "letter_of_thanks", _("Letter of thanks")
    CERTIFICATE = "certificate", _("Certificate of honour")
    PETITION = "petition", _("Petition to the founder")
    PAY_SUPPLEMENT = "pay_supplement", _("Pay supplement")
    # granted by a signed contest results order (seed 002 items 10, 13)
    CONTEST_WINNER = "contest_winner", _("Contest winner's diploma")
    CONTEST_PRIZE = "contest_prize", _("Contest prize-winner's diploma")


class IndicatorGroup(models.TextChoices):
    """Where an indicator of the library comes from."""

    MODEL_EFFICIENCY = "model_efficiency", _("Efficiency of the target model (seed 000 §7)")
    PERFORMANCE = "performance", _("Performance of the programme's activities (seed 003)")
    EFFICIENCY = "efficiency", _("Efficiency of introducing the target model (seed 003)")


class IndicatorType(models.TextChoices):
    """«основной / аналитический» of seed 003."""

    MAIN = "main", _("main")
    ANALYTICAL = "analytical", _("analytical")


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", "%"
    PEOPLE = "people", _("people")
    ITEMS = "items", _("items")


class IndicatorMethod(models.TextChoices):
    """How an indicator's actual value is obtained; computed ones name the
    formula in reports.services.indicators.COMPUTATIONS."""

    TEACHERS_AS_MENTEES = "teachers_as_mentees", _("Share of teachers as mentees")
    TEACHERS_AS_MENTORS = "teachers_as_mentors", _("Share of teachers as mentors")
    STUDENTS_AS_MENTEES = "students_as_mentees", _("Share of students as mentees")
    STUDENTS_AS_MENTORS = "students_as_mentors", _("Share of students as mentors")
    EMPLOYERS_AS_MENTORS = "employers_as_mentors", _("Share of employer partners as mentors")
    PUPILS_AS_MENTEES = "pupils_as_mentees", _("Share of pupils as mentees")
    MENTEE_SATISFACTION = "mentee_satisfaction", _("Mentee satisfaction")
    MENTOR_SATISFACTION = "mentor_satisfaction", _("Mentor satisfaction")
    YOUNG_SPECIALISTS_PAIRED = "young_specialists_paired", _(
        "Share of young specialists needing a mentor who are in a pair"
    )
    STUDENTS_PAIRED = "students_paired", _("Share of students needing a mentor who are in a pair")
    YOUNG_SPECIALISTS_AS_MENTEES = "young_specialists_as_mentees", _(
        "Share of young specialists as mentees"
    )
    CHILDREN_AS_MENTEES = "children_as_mentees", _("Share of children aged 10–19 as mentees")
    CHILDREN_AS_MENTORS = "children_as_mentors", _("Share of young people aged 15–19 as mentors")
    MANUAL = "manual", _("Entered by hand")


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    MONITORING_DECEMBER = "monitoring_december", _("December monitoring")
    MONITORING_MAY = "monitoring_may", _("May monitoring")
    # built in the education authority's organisation for a monitoring campaign
    TERRITORY_MONITORING = "territory_monitoring", _("Territory monitoring report")


# The reports an organisation builds for itself (the territory's are built per campaign).
ORGANIZATION_REPORT_KINDS = (
    ReportKind.ANNUAL, ReportKind.MONITORING_DECEMBER, ReportKind.MONITORING_MAY,
)


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RUNNING = "running", _("Building")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class MonitoringPeriod(models.TextChoices):
    """The territory's monitoring, twice a year (seed 002 items 9, 12)."""

    DECEMBER = "december", _("December")
    MAY = "may", _("May")


class CampaignStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("campaign", "Open")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")


class MonitoringReportStatus(models.TextChoices):
    """An organisation's monitoring report: draft (computed, the curator reviews)
    → submitted → accepted, or returned with a comment (territory)."""

    DRAFT = "draft", pgettext_lazy("monitoring report", "Not submitted")
    SUBMITTED = "submitted", pgettext_lazy("monitoring report", "Submitted")
    RETURNED = "returned", pgettext_lazy("monitoring report", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("monitoring report", "Accepted")


class ContestKind(models.TextChoices):
    """The territory's contests (seed 002 items 10, 13)."""

    BEST_MENTOR = "best_mentor", _("«Best mentor»")
    BEST_PRACTICES = "best_practices", _("«Best practices of mentoring programmes»")


class ContestStage(models.TextChoices):
    """announced (criteria and weights) → nominations → judging → closed (ranked)
    → results (signed order, awards)."""

    ANNOUNCED = "announced", _("Announced")
    NOMINATIONS = "nominations", _("Nominations")
    JUDGING = "judging", _("Judging")
    CLOSED = "closed", pgettext_lazy("contest", "Closed")
    RESULTS = "results", _("Results signed")


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("nomination", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination", "Withdrawn")
