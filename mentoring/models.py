"""The shared core: organisations, academic years, programmes, forms, kinds and
role memberships (DESIGN.md glossary). The audit trail is django-auditlog's
LogEntry (mentoring.audit, mentoring.services.log_action)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import KindCode, OrganizationKind, ParticipantCategory, Role


class Territory(models.Model):
    """A territory («муниципальное образование») whose education authority runs
    the target model across its organisations (seed 002, «Муниципальный уровень»).

    The authority itself is one of the territory's organisations
    (``kind=authority``): its roadmap is the territory's roadmap (seed 002's 14
    activities), its director signs the territory's orders, its members with the
    ``coordinator`` role see the other organisations in aggregate only.
    """

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(
        _("address of the public page"), max_length=60, unique=True,
        help_text=_("Latin letters, digits and hyphens: /public/<address>/"),
    )
    public_intro = models.TextField(_("text of the public page"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def authority(self) -> "Organization | None":
        """The territory's education authority (the first ``authority`` organisation)."""
        return self.organizations.filter(kind=OrganizationKind.AUTHORITY).order_by("pk").first()


class Organization(models.Model):
    """An educational organisation («образовательная организация»), or an
    enterprise, university or education authority of a territory (``kind``)."""

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="organizations",
        verbose_name=_("territory"),
    )
    kind = models.CharField(
        pgettext_lazy("organisation", "type"), max_length=20, choices=OrganizationKind.choices,
        default=OrganizationKind.COLLEGE, db_index=True,
    )
    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    address = models.CharField(_("address"), max_length=500, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    director_name = models.CharField(_("director (surname and initials)"), max_length=200)
    letterhead = models.TextField(_("letterhead"), blank=True)
    # the public page (seed 002 item 14, seed 001 6.3): off until the organisation
    # turns it on; people on it appear only with their publication consent
    slug = models.SlugField(
        _("address of the public page"), max_length=60, unique=True, null=True, blank=True
    )
    is_public = models.BooleanField(_("public page is on"), default=False)
    contacts = models.TextField(_("public contacts of the programme"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class AcademicYear(models.Model):
    """An academic year, 1 September – 31 August («2025/2026»)."""

    title = models.CharField(_("title"), max_length=9, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def bounds_for(cls, day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
        """Title, first and last day of the academic year that contains ``day``."""
        first = day.year if day.month >= 9 else day.year - 1
        return (
            f"{first}/{first + 1}",
            datetime.date(first, 9, 1),
            datetime.date(first + 1, 8, 31),
        )

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "AcademicYear":
        """The academic year containing ``today`` (created on first use)."""
        title, start, end = cls.bounds_for(today or timezone.localdate())
        year, _created = cls.objects.get_or_create(
            title=title, defaults={"starts_on": start, "ends_on": end}
        )
        return year


class MentoringForm(models.Model):
    """A form of mentoring («форма наставничества»): which participant
    categories may be mentor and mentee (seed 000 §6, seed 003 §2)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    mentor_categories = models.JSONField(_("mentor categories"), default=list)
    mentee_categories = models.JSONField(_("mentee categories"), default=list)
    description = models.TextField(_("description"), blank=True)
    # OrganizationKind values whose programmes offer this form by default
    organization_kinds = models.JSONField(_("offered by default in"), default=list, blank=True)

    class Meta:
        verbose_name = _("mentoring form")
        verbose_name_plural = _("mentoring forms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows(self, *, mentor_category: str, mentee_category: str) -> bool:
        """True when the form admits this mentor and mentee category."""
        return (
            mentor_category in self.mentor_categories
            and mentee_category in self.mentee_categories
        )

    def mentor_category_labels(self) -> list[str]:
        return [str(ParticipantCategory(c).label) for c in self.mentor_categories]

    def mentee_category_labels(self) -> list[str]:
        return [str(ParticipantCategory(c).label) for c in self.mentee_categories]


class MentoringKind(models.Model):
    """A kind of mentoring («вид наставничества», seed 004 §4)."""

    code = models.CharField(_("code"), max_length=30, choices=KindCode.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    max_group_size = models.PositiveSmallIntegerField(
        _("maximum mentees in a pair or group"), default=1
    )

    class Meta:
        verbose_name = _("mentoring kind")
        verbose_name_plural = _("mentoring kinds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """An organisation's mentoring programme for a period, with its enabled forms."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="programmes",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    first_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("first year")
    )
    last_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("last year")
    )
    forms = models.ManyToManyField(MentoringForm, blank=True, verbose_name=_("forms"))
    kinds = models.ManyToManyField(MentoringKind, blank=True, verbose_name=_("kinds"))

    class Meta:
        verbose_name = _("mentoring programme")
        verbose_name_plural = _("mentoring programmes")
        ordering = ["-first_year__starts_on"]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    """A user's role in an organisation; one user may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organization})"
