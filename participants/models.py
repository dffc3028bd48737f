"""The mentor and mentee bases: participants, profiles, requests, consents
and applicant-list imports (DESIGN.md glossary; seed 000 stages 2–4)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.enums import ParticipantCategory
from mentoring.models import Organization

from .enums import (
    ConsentGiver,
    ConsentStatus,
    ImportStatus,
    MenteeStatus,
    MentorStatus,
    NeedCategory,
)

ADULT_AGE = 18


def split_keywords(*texts: str) -> set[str]:
    """Lower-cased keywords of free-text lists separated by ``,`` or ``;``.

    «спорт, IT и программирование» → {"спорт", "it и программирование"}; «ё» is
    folded to «е» so that spellings match.
    """
    words: set[str] = set()
    for text in texts:
        for part in (text or "").replace(";", ",").split(","):
            word = " ".join(part.split()).lower().replace("ё", "е")
            if word:
                words.add(word)
    return words


class Participant(models.Model):
    """One person in the programme («участник»)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="participants",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="participant", verbose_name=_("account"),
    )
    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(_("name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ParticipantCategory.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    study_group = models.CharField(_("group"), max_length=50, blank=True)
    course = models.PositiveSmallIntegerField(_("course"), null=True, blank=True)
    specialty = models.CharField(_("specialty"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=300, blank=True)
    teaching_experience_years = models.PositiveSmallIntegerField(
        _("teaching experience, years"), null=True, blank=True
    )
    qualification_category = models.CharField(_("qualification category"), max_length=100, blank=True)
    education = models.CharField(_("education"), max_length=200, blank=True)
    consent_status = models.CharField(
        _("consent"), max_length=30, choices=ConsentStatus.choices, default=ConsentStatus.MISSING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["surname", "name", "patronymic"]
        indexes = [
            models.Index(fields=["organization", "email"]),
            models.Index(fields=["organization", "surname", "name"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Иванов И. И.»"""
        initials = " ".join(f"{p[0]}." for p in (self.name, self.patronymic) if p)
        return f"{self.surname} {initials}".strip()

    def age_on(self, day: datetime.date) -> int | None:
        """Full years on ``day``; None without a birth date."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def is_minor(self) -> bool:
        age = self.age_on(timezone.localdate())
        return age is not None and age < ADULT_AGE

    @property
    def personal_data_hidden(self) -> bool:
        """A minor's birth date, phone and e-mail are not shown without the
        representative's consent on record (DESIGN.md, "People")."""
        return self.is_minor and self.consent_status != ConsentStatus.GIVEN

    @property
    def may_be_paired(self) -> bool:
        """Only people whose data may be processed go into pairs and documents."""
        return self.consent_status == ConsentStatus.GIVEN


class Consent(models.Model):
    """A consent to the processing of personal data («согласие на обработку ПДн»)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents",
        verbose_name=_("participant"),
    )
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices)
    representative_name = models.CharField(_("representative"), max_length=300, blank=True)
    representative_relation = models.CharField(_("relation"), max_length=100, blank=True)
    given_on = models.DateField(_("date"))
    source = models.CharField(_("how it was received"), max_length=200, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_given_by_display()} {self.given_on:%d.%m.%Y}"


class Mentor(models.Model):
    """A participant's mentor profile in the mentor base (seed 000 §3.2, §4.2)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="mentor_profile",
        verbose_name=_("participant"),
    )
    competencies = models.TextField(_("professional competencies"), blank=True)
    interests = models.TextField(_("interests"), blank=True)
    life_experience = models.TextField(_("life experience"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity, mentees"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=MentorStatus.choices, default=MentorStatus.CANDIDATE
    )

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentor base")
        ordering = ["participant__surname", "participant__name"]

    def __str__(self) -> str:
        return str(self.participant)

    def keywords(self) -> set[str]:
        return split_keywords(self.competencies, self.interests)


class Mentee(models.Model):
    """A participant's mentee profile in the mentee base."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="mentee_profile",
        verbose_name=_("participant"),
    )
    need_category = models.CharField(
        _("category of need"), max_length=30, choices=NeedCategory.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.IN_BASE
    )

    class Meta:
        verbose_name = _("mentee")
        verbose_name_plural = _("mentee base")
        ordering = ["participant__surname", "participant__name"]

    def __str__(self) -> str:
        return str(self.participant)


class MenteeRequest(models.Model):
    """What the mentee wants to solve («запрос наставляемого»)."""

    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="requests", verbose_name=_("mentee")
    )
    text = models.CharField(_("request"), max_length=300)

    class Meta:
        verbose_name = _("mentee request")
        verbose_name_plural = _("mentee requests")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "text"], name="unique_mentee_request")
        ]

    def __str__(self) -> str:
        return self.text


class ApplicantImport(models.Model):
    """One uploaded applicant list: its preview, errors and outcome."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    # {"rows": [{"row": 2, "action": "create", "full_name": ..., "role": ...}],
    #  "errors": [{"row": 5, "column": "E-mail", "message": ...}], "counts": {...}}
    report = models.JSONField(_("preview"), default=dict)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("applicant list import")
        verbose_name_plural = _("applicant list imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def errors(self) -> list[dict]:
        return self.report.get("errors", [])

    @property
    def rows(self) -> list[dict]:
        return self.report.get("rows", [])
