"""Orders, indicators with targets, head counts and built reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.models import AcademicYear, MentoringForm, Organization, Territory

from .enums import (
    FROZEN_ORDER_STATUSES,
    AwardKind,
    CampaignStatus,
    ContestKind,
    ContestStage,
    IndicatorGroup,
    IndicatorMethod,
    IndicatorType,
    IndicatorUnit,
    JobStatus,
    MonitoringPeriod,
    MonitoringReportStatus,
    NominationStatus,
    OrderFileStatus,
    OrderKind,
    OrderStatus,
    ReportKind,
)


def order_file_path(order: "Order", filename: str) -> str:
    """``orders/<year of the signature>/<order pk>/<filename>``: one folder per
    order, so that a retried rendering finds (and replaces) its own files."""
    year = order.issued_on.year if order.issued_on else "draft"
    return "orders/{}/{}/{}".format(year, order.pk, filename)


class Order(models.Model):
    """A director's order («приказ», GOST R 7.0.97-2016 requisites).

    Lifecycle (``reports.services.orders``): a curator drafts it (kind, title,
    preamble, points, the people/pairs/awards it lists) → submits it → the
    director signs it, which gives it the next ``number`` of the organisation's
    academic year and the date ``issued_on``, freezes ``content`` (everything the
    documents print) and stores the PDF with its SHA-256 → it is issued (brought
    to the attention of the people named). A submitted order can be returned to
    draft with ``return_comment``. Signed and issued orders refuse edits.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="orders", verbose_name=_("organisation")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    kind = models.CharField(pgettext_lazy("order or report", "kind"), max_length=30, choices=OrderKind.choices)
    # number and date are given at signing (no gaps, no duplicates per organisation and year)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    preamble = models.TextField(_("preamble"), blank=True)
    # the numbered points after «ПРИКАЗЫВАЮ:», a list of strings
    points = models.JSONField(_("points"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    mentors = models.ManyToManyField(
        "participants.Mentor", blank=True, related_name="base_orders", verbose_name=_("mentors")
    )
    # the person a territory curator order appoints (seed 002 item 3)
    appointee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("appointed person"),
    )
    return_comment = models.TextField(_("director's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True, null=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    # everything the PDF/DOCX print, frozen at signing (reports.services.orders.order_content)
    content = models.JSONField(_("content"), default=dict, blank=True)
    # SHA-256 of the canonical JSON of ``content`` (reports.services.orders.content_hash),
    # taken at signing: the documents are rendered only while the content still matches
    content_hash = models.CharField(_("content checksum"), max_length=64, blank=True)
    file = models.FileField(_("PDF"), upload_to=order_file_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=order_file_path, blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    # the background rendering of the signed order's files (reports.render_order_files)
    file_status = models.CharField(
        _("documents"), max_length=10, choices=OrderFileStatus.choices, blank=True
    )
    render_attempts = models.PositiveSmallIntegerField(_("rendering attempts"), default=0)
    render_error = models.TextField(_("rendering error"), blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        # drafts (no date yet) first, then the newest
        ordering = [models.F("issued_on").desc(nulls_first=True), models.F("number").desc(nulls_first=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year", "number"], name="unique_order_number"
            )
        ]

    def __str__(self) -> str:
        if self.number is None or self.issued_on is None:
            return _("Draft order «%(title)s»") % {"title": self.title}
        return _("Order No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.issued_on.strftime("%d.%m.%Y"),
        }

    @property
    def is_frozen(self) -> bool:
        """True once signed: the text, lists, number and file may not change."""
        return self.status in FROZEN_ORDER_STATUSES

    @property
    def files_ready(self) -> bool:
        """True when the signed order's PDF and DOCX are stored and may be downloaded."""
        return self.file_status == OrderFileStatus.READY


class Award(models.Model):
    """An incentive for a mentor («поощрение»; seed 003 1.8, 4.4; seed 004 §5),
    proposed by the curator from the mentors' results and granted by the
    rewards order it is put into (``order``)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="awards", verbose_name=_("organisation")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    mentor = models.ForeignKey(
        "participants.Mentor", on_delete=models.CASCADE, related_name="awards",
        verbose_name=_("mentor"),
    )
    kind = models.CharField(pgettext_lazy("award", "kind"), max_length=30, choices=AwardKind.choices)
    reason = models.TextField(_("for what"))
    # pay supplement only: per cent of the salary (seed 004 §5: 15 %)
    supplement_percent = models.DecimalField(
        # xgettext:no-python-format
        _("supplement, % of salary"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="awards",
        verbose_name=_("order"),
    )
    # a contest award (kinds contest_winner/contest_prize): the contest and place
    contest = models.ForeignKey(
        "Contest", on_delete=models.SET_NULL, null=True, blank=True, related_name="awards",
        verbose_name=_("contest"),
    )
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-academic_year__starts_on", "mentor__participant__surname", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "academic_year", "kind"], name="unique_award_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor}"


class Indicator(models.Model):
    """An indicator of the library («показатель», seed 000 §7; seed 003 — 13
    performance and 6 efficiency indicators), shared by all organisations.

    ``base_value`` (in ``unit``) is the seed's value of ``base_year``;
    ``default_targets`` are the seed's yearly targets ``{"2021": 30, …}`` keyed
    by the calendar year or academic-year title the seed gives, copied into an
    organisation's IndicatorTargets when it picks the indicator."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=500)
    group = models.CharField(
        _("group"), max_length=30, choices=IndicatorGroup.choices,
        default=IndicatorGroup.MODEL_EFFICIENCY,
    )
    indicator_type = models.CharField(
        _("type"), max_length=20, choices=IndicatorType.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, choices=IndicatorUnit.choices)
    method = models.CharField(_("how obtained"), max_length=30, choices=IndicatorMethod.choices)
    base_value = models.DecimalField(_("base value"), max_digits=8, decimal_places=2, null=True, blank=True)
    base_year = models.CharField(_("base year"), max_length=9, blank=True)
    default_targets = models.JSONField(_("targets of the source"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("ordering", "position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class OrganizationIndicator(models.Model):
    """An indicator an organisation has picked for its programme; the dashboard,
    the indicators page and the reports show the picked ones only."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="indicator_choices"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="choices")
    base_value = models.DecimalField(_("base value"), max_digits=8, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("ordering", "position"), default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("picked indicator")
        verbose_name_plural = _("picked indicators")
        ordering = ["position", "indicator__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "indicator"], name="unique_indicator_choice")
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class IndicatorTarget(models.Model):
    """An organisation's target value of an indicator for one academic year."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("target"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "indicator", "academic_year"], name="unique_indicator_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.academic_year}: {self.value}"


class IndicatorValue(models.Model):
    """An actual value of a year: entered by hand with its note or evidence
    (manual indicators), or recorded from the portal's data when the year's
    annual report is built (computed indicators; ``recorded`` True), so that
    the trend over past years reads stored values."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    note = models.TextField(_("note / evidence"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True)
    recorded = models.BooleanField(_("recorded from the portal's data"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "indicator", "academic_year"], name="unique_indicator_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.academic_year}: {self.value}"


class HeadCount(models.Model):
    """The organisation's head counts for a year: the denominators of the shares."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    teachers = models.PositiveIntegerField(_("teachers"), default=0)
    young_specialists = models.PositiveIntegerField(_("young specialists (0–3 years)"), default=0)
    students = models.PositiveIntegerField(_("students"), default=0)
    employer_partners = models.PositiveIntegerField(_("employer partners"), default=0)
    pupils_career_guidance = models.PositiveIntegerField(
        _("pupils reached by career guidance"), default=0
    )

    class Meta:
        verbose_name = _("head count")
        verbose_name_plural = _("head counts")
        constraints = [
            models.UniqueConstraint(fields=["organization", "academic_year"], name="unique_headcount")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.academic_year}"


class Report(models.Model):
    """A report built by a background job, one per organisation, academic year
    and kind: building again replaces its files. The page polls
    ``status``/``progress``; ``published`` marks it for the website."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="reports", verbose_name=_("organisation")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    kind = models.CharField(pgettext_lazy("order or report", "kind"), max_length=30, choices=ReportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="reports/%Y/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    published = models.BooleanField(_("marked for publication"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("marked for publication at"), null=True, blank=True)
    # a territory monitoring report (kind territory_monitoring) is built for a campaign
    campaign = models.ForeignKey(
        "MonitoringCampaign", on_delete=models.CASCADE, null=True, blank=True,
        related_name="territory_reports", verbose_name=_("monitoring campaign"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year", "kind"], name="unique_report_per_year",
                condition=models.Q(campaign__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["campaign"], name="one_territory_report_per_campaign",
                condition=models.Q(campaign__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.academic_year}"


def practice_file_path(practice: "Practice", filename: str) -> str:
    return "practices/{}/{}".format(practice.organization_id, filename)


class Practice(models.Model):
    """A case of the base of successful practices («база успешных практик»,
    seed 000 stage 7.5, seed 001 6.3): written up by the organisation, published
    on its public page when ``published`` (and the named mentor consented)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="practices",
        verbose_name=_("organisation"),
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    title = models.CharField(_("title"), max_length=300)
    form = models.ForeignKey(
        MentoringForm, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=pgettext_lazy("pair", "form"),
    )
    mentor = models.ForeignKey(
        "participants.Mentor", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="practices", verbose_name=_("mentor"),
    )
    summary = models.TextField(_("summary"))
    results = models.TextField(_("results"), blank=True)
    file = models.FileField(_("file"), upload_to=practice_file_path, blank=True)
    published = models.BooleanField(_("published on the public page"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("base of successful practices")
        ordering = ["-academic_year__starts_on", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class MonitoringCampaign(models.Model):
    """The territory's monitoring («мониторинг эффективности внедрения целевой
    модели», seed 002 items 9, 12), opened in December and May with a deadline:
    every organisation of the territory computes, reviews and submits its
    ``MonitoringReport``; the territory accepts or returns each."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("territory")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    period = models.CharField(_("period"), max_length=20, choices=MonitoringPeriod.choices)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring campaign")
        verbose_name_plural = _("monitoring campaigns")
        ordering = ["-academic_year__starts_on", "-deadline", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "academic_year", "period"], name="one_campaign_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.academic_year}"


class MonitoringReport(models.Model):
    """An organisation's report for a monitoring campaign. ``data`` holds the
    figures computed from its data (aggregates only, never a person): pairs by
    form of mentoring, participants, meetings, indicator values, satisfaction."""

    campaign = models.ForeignKey(
        MonitoringCampaign, on_delete=models.CASCADE, related_name="reports",
        verbose_name=_("monitoring campaign"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="monitoring_reports",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MonitoringReportStatus.choices,
        default=MonitoringReportStatus.DRAFT, db_index=True,
    )
    data = models.JSONField(_("figures"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    curator_comment = models.TextField(_("comment of the organisation"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    return_comment = models.TextField(_("comment of the territory"), blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["organization__short_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="one_monitoring_report_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.campaign}"


class Contest(models.Model):
    """A territory contest («Лучший наставник», «Лучшие практики реализации
    программ наставничества», seed 002 items 10, 13). Stages in ``stage``
    (``ContestStage``); the results are a signed order of the education
    authority (``order``, kind contest_results) that grants the awards."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="contests", verbose_name=_("territory")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    kind = models.CharField(pgettext_lazy("contest", "kind"), max_length=30, choices=ContestKind.choices)
    title = models.CharField(_("title"), max_length=300)
    announcement = models.TextField(_("announcement and terms"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=ContestStage.choices, default=ContestStage.ANNOUNCED
    )
    nominations_until = models.DateField(_("nominations until"), null=True, blank=True)
    judging_until = models.DateField(_("judging until"), null=True, blank=True)
    winners_count = models.PositiveSmallIntegerField(_("number of prize places"), default=3)
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("results order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ContestCriterion(models.Model):
    """A criterion of a contest, scored 0…``max_score`` by each juror; its
    ``weight`` multiplies the jurors' mean score in the total."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("contest")
    )
    title = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contest criterion")
        verbose_name_plural = _("contest criteria")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ContestJuror(models.Model):
    """A member of a contest's jury. ``organization`` is the juror's own
    organisation: they cannot score its nominations (conflict of interest)."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("contest")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("juror")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("juror's organisation"),
    )

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jury")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="unique_contest_juror")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Nomination(models.Model):
    """An organisation's nominee for a contest: a mentor with their portfolio
    and a practice from the practice base. ``total``/``rank``/``tie_note`` are
    written when the contest is closed."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("contest")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="nominations",
        verbose_name=_("organisation"),
    )
    mentor = models.ForeignKey(
        "participants.Mentor", on_delete=models.CASCADE, null=True, blank=True,
        related_name="nominations", verbose_name=_("mentor"),
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, blank=True, related_name="nominations",
        verbose_name=_("practice"),
    )
    statement = models.TextField(_("presentation of the nominee"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus.choices,
        default=NominationStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    total = models.DecimalField(_("total score"), max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("place in the ranking"), null=True, blank=True)
    tie_note = models.CharField(_("how a tie was broken"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["rank", "pk"]

    def __str__(self) -> str:
        return str(self.mentor or self.practice or self.organization)


class Score(models.Model):
    """One juror's score of one nomination on one criterion (0…max_score)."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="scores", verbose_name=_("nomination")
    )
    criterion = models.ForeignKey(
        ContestCriterion, on_delete=models.CASCADE, related_name="scores",
        verbose_name=_("criterion"),
    )
    juror = models.ForeignKey(
        ContestJuror, on_delete=models.CASCADE, related_name="scores", verbose_name=_("juror")
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion", "juror"], name="one_score_per_criterion"
            )
        ]
