"""States and categories of the participant bases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentStatus(models.TextChoices):
    """Whether personal data may be processed (152-ФЗ)."""

    GIVEN = "given", _("Consent given")
    MISSING = "missing", _("No consent")
    REPRESENTATIVE_REQUIRED = "representative_required", _(
        "Legal representative's consent required"
    )
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class ConsentGiver(models.TextChoices):
    SELF = "self", _("The participant")
    REPRESENTATIVE = "representative", _("Legal representative")


class MentorStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    APPROVED = "approved", _("Approved")
    TRAINED = "trained", _("Trained")


class MenteeStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    IN_BASE = "in_base", _("In the base")
    PAIRED = "paired", _("Paired")
    COMPLETED = "completed", _("Completed")


class NeedCategory(models.TextChoices):
    """Mentee categories of need (seed 002)."""

    PATH_CHOICE = "path_choice", _("Difficult choice of path")
    LOW_MOTIVATION = "low_motivation", _("Low motivation")
    GIFTED = "gifted", _("Gifted")
    DISABILITIES = "disabilities", _("With disabilities")
    YOUNG_TEACHER = "young_teacher", _("Young teacher (up to 3 years)")
    TEACHER_CRISIS = "teacher_crisis", _("Teacher in a crisis")
    CHANGED_JOB = "changed_job", _("Changed job")
    OTHER = "other", _("Other")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    REFUSED = "refused", _("Refused: errors in the file")
    APPLIED = "applied", _("Imported")
