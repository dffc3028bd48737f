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


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("order status", "Submitted")
    SIGNED = "signed", _("Signed")
    ISSUED = "issued", _("Issued")


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
    MANUAL = "manual", _("Entered by hand")


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    MONITORING_DECEMBER = "monitoring_december", _("December monitoring")
    MONITORING_MAY = "monitoring_may", _("May monitoring")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RUNNING = "running", _("Building")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
