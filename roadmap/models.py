"""The roadmap of an academic year: seven stages and their activities (seed 000 §9)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear, Organization

from .enums import ActivityStatus, RoadmapApproval


class Roadmap(models.Model):
    """An organisation's roadmap («дорожная карта») for one academic year."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roadmaps", verbose_name=_("organisation")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    title = models.CharField(_("title"), max_length=300)
    # the territory's approval of the yearly roadmap (seed 002 item 5)
    approval = models.CharField(
        _("approval by the territory"), max_length=20, choices=RoadmapApproval.choices,
        default=RoadmapApproval.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("comment of the territory"), blank=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        constraints = [
            models.UniqueConstraint(fields=["organization", "academic_year"], name="one_roadmap_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.academic_year})"


class Stage(models.Model):
    """One of the seven stages (DESIGN.md "The seven stages")."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    task = models.TextField(_("task"), blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="unique_stage_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=7), name="stage_number_1_7"
            ),
        ]

    def __str__(self) -> str:
        return _("Stage %(number)s. %(title)s") % {"number": self.number, "title": self.title}


class Activity(models.Model):
    """An activity of a stage («мероприятие»): deadline, responsible, planned result."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("no."), max_length=10)
    title = models.TextField(_("activity"))
    deadline_text = models.CharField(_("timing (as in the roadmap)"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    responsible = models.TextField(_("responsible"), blank=True)
    planned_result = models.TextField(_("planned result"), blank=True)
    # the documents that confirm the result, as the template names them (seed 001)
    confirming_document = models.TextField(_("confirming documents"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED,
        db_index=True,
    )
    evidence = models.TextField(_("confirming document / evidence"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["stage__number", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.deadline is not None
            and self.status in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)
            and self.deadline < timezone.localdate()
        )
