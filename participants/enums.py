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


class ConsentChannel(models.TextChoices):
    """How a consent reached the organisation."""

    PAPER = "paper", _("Signed paper original")
    SCAN = "scan", _("Scanned copy")
    ELECTRONIC = "electronic", _("Electronic form")
    APPLICATION = "application", _("Application in an imported list")


class ConsentPurpose(models.TextChoices):
    """Purposes of processing named in the consent (152-ФЗ art. 9 part 4)."""

    PROGRAMME = "programme", _("Taking part in the mentoring programme")
    MATCHING = "matching", _("Forming mentoring pairs and groups")
    DOCUMENTS = "documents", _("Orders, reports and monitoring of the programme")
    CONTACT = "contact", _("Contacting the participant about the programme")
    PUBLICATION = "publication", _("Publishing results and awards (name and photo)")
    # seed 002 items 6, 7: the municipal mentor base, seen by the curators of the
    # territory's other organisations
    TERRITORY_BASE = "territory_base", _("Listing in the territory's mentor base")


class PersonalDataCategory(models.TextChoices):
    """Categories of personal data the consent covers."""

    NAME = "name", _("Surname, name, patronymic")
    BIRTH_DATE = "birth_date", _("Date of birth")
    CONTACTS = "contacts", _("Phone and e-mail")
    STUDY = "study", _("Study group, course, specialty")
    WORK = "work", _("Position, employer, experience, qualification, education")
    PROFILE = "profile", _("Interests, competencies, requests, portfolio")
    FEEDBACK = "feedback", _("Meetings, feedback and survey answers")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Once a week")
    FORTNIGHTLY = "fortnightly", _("Once every two weeks")
    MONTHLY = "monthly", _("Once a month")


class PortfolioKind(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement")
    METHOD = "method", _("Methodical material")
    PUBLICATION = "publication", _("Publication")
    AWARD = "award", _("Award")
    OTHER = "other", _("Other")


class MentorStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    APPROVED = "approved", _("Approved")
    TRAINED = "trained", _("Trained")


class ListingStatus(models.TextChoices):
    """A mentor's entry in the territory's mentor base (seed 002 items 6, 7, 11)."""

    LISTED = "listed", _("In the territory base")
    LEFT = "left", _("Left the territory base")


class MenteeStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    IN_BASE = "in_base", _("In the base")
    PAIRED = "paired", _("Paired")
    COMPLETED = "completed", _("Completed")


class NeedCategory(models.TextChoices):
    """Mentee categories of need (seed 002, «Наставляемый»)."""

    PATH_CHOICE = "path_choice", _("Difficult choice of path")
    LOW_MOTIVATION = "low_motivation", _("Low motivation")
    ADAPTATION = "adaptation", _("Difficulties adapting to the group")
    GIFTED = "gifted", _("Gifted")
    DISABILITIES = "disabilities", _("With disabilities")
    YOUNG_TEACHER = "young_teacher", _("Young teacher (up to 3 years)")
    TEACHER_CRISIS = "teacher_crisis", _("Teacher in a crisis")
    CHANGED_JOB = "changed_job", _("Changed job")
    OTHER = "other", _("Other")


class ImportStatus(models.TextChoices):
    """An applicant-list import: CHECKING → NEEDS_MAPPING | PREVIEW | REFUSED |
    FAILED; PREVIEW → IMPORTING → APPLIED (or REFUSED when the base changed)."""

    CHECKING = "checking", _("Being checked")
    NEEDS_MAPPING = "needs_mapping", _("Columns to be mapped")
    PREVIEW = "preview", _("Preview")
    REFUSED = "refused", _("Refused: errors in the file")
    FAILED = "failed", _("Refused: the file cannot be read")
    IMPORTING = "importing", _("Being imported")
    APPLIED = "applied", _("Imported")


IMPORT_RUNNING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class BatchStatus(models.TextChoices):
    """A group's consent forms rendered in the background: QUEUED → RUNNING →
    DONE | FAILED."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


BATCH_ACTIVE = (BatchStatus.QUEUED, BatchStatus.RUNNING)
