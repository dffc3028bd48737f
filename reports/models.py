"""Orders, indicators with targets, head counts and built reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.models import AcademicYear, Organization

from .enums import IndicatorMethod, IndicatorUnit, JobStatus, OrderKind, OrderStatus, ReportKind


class Order(models.Model):
    """A director's order («приказ»), numbered per organisation and academic year."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="orders", verbose_name=_("organisation")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    kind = models.CharField(pgettext_lazy("order or report", "kind"), max_length=30, choices=OrderKind.choices)
    number = models.PositiveIntegerField(_("number"))
    issued_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    file = models.FileField(_("PDF"), upload_to="orders/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year", "number"], name="unique_order_number"
            )
        ]

    def __str__(self) -> str:
        return _("Order No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.issued_on.strftime("%d.%m.%Y"),
        }


class Indicator(models.Model):
    """An efficiency indicator («показатель эффективности», seed 000 §7)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=500)
    unit = models.CharField(_("unit"), max_length=10, choices=IndicatorUnit.choices)
    method = models.CharField(_("how obtained"), max_length=30, choices=IndicatorMethod.choices)
    position = models.PositiveSmallIntegerField(pgettext_lazy("ordering", "position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


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
    """An actual value entered by hand, with its note or evidence."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    note = models.TextField(_("note / evidence"), blank=True)
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
    """A report built by a background job; the page polls ``status``/``progress``."""

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
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.academic_year}"
