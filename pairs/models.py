"""Pairs and groups, their status history, meetings and personalised plans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.models import AcademicYear, MentoringForm, MentoringKind, Organization, Programme
from participants.models import Mentee, Mentor

from .enums import EndInitiative, MeetingFormat, MeetingType, PairStatus


class Pair(models.Model):
    """A mentoring pair, or a group when it has more than one mentee."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs",
        verbose_name=_("programme"),
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    # Generic words carry a context so that other apps' catalogues (a survey
    # «form», a report «kind») neither override nor are overridden by ours.
    form = models.ForeignKey(
        MentoringForm, on_delete=models.PROTECT, verbose_name=pgettext_lazy("pair", "form")
    )
    kind = models.ForeignKey(
        MentoringKind, on_delete=models.PROTECT, verbose_name=pgettext_lazy("pair", "kind")
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("mentor")
    )
    mentees = models.ManyToManyField(
        Mentee, related_name="pairs", verbose_name=pgettext_lazy("pair", "mentees")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("pair", "created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_comment = models.TextField(_("director's comment"), blank=True)
    order = models.ForeignKey(
        "reports.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs",
        verbose_name=_("order"),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_initiative = models.CharField(
        _("ended on the initiative of"), max_length=20, choices=EndInitiative.choices, blank=True
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        verbose_name = _("pair or group")
        verbose_name_plural = _("pairs and groups")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Pair #%(pk)s: %(mentor)s") % {"pk": self.pk, "mentor": self.mentor}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("pairs:detail", args=[self.pk])


class PairStatusChange(models.Model):
    """One move of a pair's lifecycle: who, when, from, to, why."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PairStatus.choices)
    to_status = models.CharField(max_length=20, choices=PairStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Meeting(models.Model):
    """A meeting of a pair or group (seed 000 stage 6)."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("pair or group")
    )
    meeting_type = models.CharField(
        pgettext_lazy("meeting", "type"), max_length=20, choices=MeetingType.choices
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), null=True, blank=True)
    meeting_format = models.CharField(
        pgettext_lazy("meeting", "format"), max_length=20, choices=MeetingFormat.choices,
        default=MeetingFormat.IN_PERSON,
    )
    notes = models.TextField(_("notes"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} {self.topic}"


class PersonalPlan(models.Model):
    """The personalised mentoring programme of a pair (seed 004 appendix)."""

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="plan")
    deficits = models.TextField(_("professional deficits"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    expected_results = models.TextField(_("planned results"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("personalised mentoring programme")
        verbose_name_plural = _("personalised mentoring programmes")

    def __str__(self) -> str:
        return str(self.pair)


class PlanItem(models.Model):
    """One line of the personalised programme's plan (seed 004 appendix)."""

    plan = models.ForeignKey(PersonalPlan, on_delete=models.CASCADE, related_name="items")
    direction = models.CharField(_("direction"), max_length=200)
    activity = models.TextField(_("activity"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.activity
