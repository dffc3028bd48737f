"""The mentor and mentee bases: participants, profiles, requests, consents
and applicant-list imports (DESIGN.md glossary; seed 000 stages 2–4)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.enums import ParticipantCategory
from mentoring.models import AcademicYear, MentoringForm, Organization, Territory

from .data.consent_texts import current_version
from .enums import (
    BATCH_ACTIVE,
    BatchStatus,
    ConsentChannel,
    ConsentGiver,
    ConsentStatus,
    ImportStatus,
    ListingStatus,
    MeetingFormat,
    MeetingFrequency,
    MenteeStatus,
    MentorStatus,
    NeedCategory,
    PortfolioKind,
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


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    """Full years of a person born on ``birth_date`` on ``day``; None without a date."""
    if birth_date is None:
        return None
    b = birth_date
    return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


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
    # set when a withdrawn consent made the portal erase the personal data
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
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
        """«Иванов И. И.»; an anonymised person stays «Обезличен №12»."""
        if self.anonymised_at is not None:
            return self.full_name
        initials = " ".join(f"{p[0]}." for p in (self.name, self.patronymic) if p)
        return f"{self.surname} {initials}".strip()

    def age_on(self, day: datetime.date) -> int | None:
        """Full years on ``day``; None without a birth date."""
        return age_on(self.birth_date, day)

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
    """A consent to the processing of personal data («согласие на обработку ПДн»,
    152-ФЗ art. 9): who gave it (the person or, for a minor, a legal
    representative with the document proving it), when, for which purposes, for
    which data, under which version of the consent text (``participants.data.
    consent_texts``), how it was received, and its withdrawal."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents",
        verbose_name=_("participant"),
    )
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices)
    representative_name = models.CharField(_("representative"), max_length=300, blank=True)
    representative_relation = models.CharField(_("relation"), max_length=100, blank=True)
    representative_document = models.CharField(
        _("document of the representative"), max_length=300, blank=True,
        help_text=_("Passport or the document that proves the right to represent "
                    "(birth certificate, guardianship decision)."),
    )
    given_on = models.DateField(_("date"))
    # ConsentPurpose values
    purposes = models.JSONField(_("purposes of processing"), default=list)
    # PersonalDataCategory values
    data_categories = models.JSONField(_("personal data"), default=list)
    text_version = models.CharField(
        _("version of the consent text"), max_length=20, default=current_version
    )
    received_via = models.CharField(
        _("how it was received"), max_length=20, choices=ConsentChannel.choices,
        default=ConsentChannel.PAPER,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_given_by_display()} {self.given_on:%d.%m.%Y}"


class DataErasure(models.Model):
    """The log entry of an anonymisation after a consent was withdrawn: who erased
    which categories of data of whom, when and why (152-ФЗ art. 21 part 5).
    Kept after the participant's data are gone; ``subject`` is the anonymised
    label, never the name."""

    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, related_name="erasures",
        verbose_name=_("participant"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("withdrawn consent"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("who"),
    )
    subject = models.CharField(_("participant (anonymised)"), max_length=100)
    # PersonalDataCategory values that were erased
    categories = models.JSONField(_("erased data"), default=list)
    reason = models.CharField(_("reason"), max_length=500)
    erased_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data erasure")
        verbose_name_plural = _("personal data erasures")
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} {self.erased_at:%d.%m.%Y}"


def mentor_photo_path(instance, filename: str) -> str:
    return f"mentors/{instance.pk or 'new'}/photo/{filename}"


class Mentor(models.Model):
    """A participant's mentor profile in the mentor base (seed 000 §3.2, §4.2)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="mentor_profile",
        verbose_name=_("participant"),
    )
    competencies = models.TextField(_("professional competencies"), blank=True)
    interests = models.TextField(_("interests"), blank=True)
    life_experience = models.TextField(_("life experience"), blank=True)
    preferred_age_min = models.PositiveSmallIntegerField(
        _("preferred mentee age, from"), null=True, blank=True
    )
    preferred_age_max = models.PositiveSmallIntegerField(
        _("preferred mentee age, to"), null=True, blank=True
    )
    hours_per_month = models.PositiveSmallIntegerField(
        _("time available, hours a month"), null=True, blank=True
    )
    capacity = models.PositiveSmallIntegerField(_("capacity, mentees"), default=1)
    motivation = models.TextField(_("motivation"), blank=True)
    mentee_preferences = models.TextField(_("preferences in choosing a mentee"), blank=True)
    meeting_format = models.CharField(
        _("preferred meeting format"), max_length=20, choices=MeetingFormat.choices, blank=True
    )
    meeting_frequency = models.CharField(
        _("preferred meeting frequency"), max_length=20, choices=MeetingFrequency.choices,
        blank=True,
    )
    meeting_times = models.CharField(_("convenient days and times"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MentorStatus.choices, default=MentorStatus.CANDIDATE
    )
    # shown on the honour board only with the publication consent (seed 001 6.3)
    photo = models.ImageField(_("photo"), upload_to=mentor_photo_path, blank=True)
    # the order that approved the mentor base with this mentor (seed 000 §4.1)
    approval_order_number = models.CharField(_("order number"), max_length=30, blank=True)
    approval_order_date = models.DateField(_("order date"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentor base")
        ordering = ["participant__surname", "participant__name"]

    def __str__(self) -> str:
        return str(self.participant)

    def keywords(self) -> set[str]:
        return split_keywords(self.competencies, self.interests)


def certificate_path(instance, filename: str) -> str:
    return f"mentors/{instance.mentor_id}/training/{filename}"


def portfolio_path(instance, filename: str) -> str:
    return f"mentors/{instance.mentor_id}/portfolio/{filename}"


class MentorTraining(models.Model):
    """A course a mentor took («обучение наставников», seed 000 stage 4)."""

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("mentor")
    )
    course = models.CharField(_("course"), max_length=300)
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"))
    started_on = models.DateField(_("from"))
    finished_on = models.DateField(_("to"))
    certificate = models.FileField(_("certificate"), upload_to=certificate_path, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor training")
        verbose_name_plural = _("mentor trainings")
        ordering = ["-finished_on", "-pk"]

    def __str__(self) -> str:
        return self.course


class PortfolioItem(models.Model):
    """An entry of the mentor's portfolio (seed 000 3.2, «форма портфолио наставника»)."""

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="portfolio", verbose_name=_("mentor")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PortfolioKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=portfolio_path, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("portfolio item")
        verbose_name_plural = _("portfolio")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class MentorListing(models.Model):
    """A mentor's entry in the territory's mentor base («муниципальная база
    наставников», seed 002 items 6, 7, 11): published with the mentor's
    ``territory_base`` consent, seen by the curators of every organisation of the
    territory (name, organisation, competencies, forms, free places; never the
    contacts), confirmed every September–October (``confirmed_year``)."""

    mentor = models.OneToOneField(
        Mentor, on_delete=models.CASCADE, related_name="listing", verbose_name=_("mentor")
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="mentor_listings",
        verbose_name=_("territory"),
    )
    forms = models.ManyToManyField(
        MentoringForm, blank=True, related_name="+", verbose_name=_("forms of mentoring")
    )
    about = models.TextField(_("about the mentor, for other organisations"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.LISTED,
        db_index=True,
    )
    listed_at = models.DateTimeField(_("listed"), auto_now_add=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("listed by"),
    )
    # the academic year of the last yearly confirmation (seed 002 item 7)
    confirmed_year = models.ForeignKey(
        AcademicYear, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed for"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry of the territory's mentor base")
        verbose_name_plural = _("territory's mentor base")
        ordering = ["mentor__participant__surname", "mentor__participant__name", "pk"]

    def __str__(self) -> str:
        return str(self.mentor)


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
    category = models.CharField(
        _("category"), max_length=30, choices=NeedCategory.choices, blank=True
    )

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
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    # why the file was refused (status FAILED), shown as it is
    message = models.TextField(_("message"), blank=True)
    # {"header_row": 3, "columns": {"surname": 0, ...}} chosen by hand, or {}
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("participants:import_detail", args=[self.pk])

    @property
    def errors(self) -> list[dict]:
        return self.report.get("errors", [])

    @property
    def rows(self) -> list[dict]:
        return self.report.get("rows", [])


class ColumnMapping(models.Model):
    """A column mapping the curator saved for lists with these headers.

    ``signature`` is the normalised header texts of the header row joined by
    «|» (``spreadsheet.header_signature``); a new file whose header row has the
    same signature is mapped with ``columns`` ({field: 0-based column index})."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    signature = models.TextField(_("headers"))
    columns = models.JSONField(_("columns"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "signature"], name="unique_column_mapping"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FamilyTie(models.Model):
    """``parent`` is the parent or legal representative of ``child``; both are
    participants of the same organisation. A parent never mentors their own
    child (seed 002, «Наставник»: «родитель … (не своего ребёнка)»); the
    matcher and pair formation refuse such a pair."""

    parent = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="children_ties",
        verbose_name=_("parent or legal representative"),
    )
    child = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="parent_ties",
        verbose_name=_("child"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("family tie")
        verbose_name_plural = _("family ties")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="unique_family_tie"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("child")), name="family_tie_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"


def consent_forms_path(batch: "ConsentFormsBatch", filename: str) -> str:
    """One fixed name per batch (a re-run after a killed attempt overwrites it)."""
    return f"consent-forms/batch-{batch.pk}.pdf"


class ConsentFormsBatch(models.Model):
    """The consent forms of a whole study group, rendered by the worker
    (``participants.render_consent_forms``) into one PDF; deleted with its file
    a day later (``participants.purge_consent_form_batches``): it holds the
    personal data of minors."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="consent_form_batches"
    )
    study_group = models.CharField(_("study group"), max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    people = models.PositiveIntegerField(_("people"), default=0)
    file = models.FileField(_("PDF"), upload_to=consent_forms_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent forms of a group")
        verbose_name_plural = _("consent forms of groups")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "study_group", "status"])]

    def __str__(self) -> str:
        return f"{self.study_group} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in BATCH_ACTIVE

