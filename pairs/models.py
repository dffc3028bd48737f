"""Pairs and groups, their status history, meetings and personalised plans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.models import AcademicYear, MentoringForm, MentoringKind, Organization, Programme
from participants.models import Mentee, Mentor

from .enums import (
    Attitude,
    EndInitiative,
    InvitationStatus,
    MatchingMode,
    MatchingRunStatus,
    MeetingFormat,
    MeetingType,
    PairStatus,
    PlanDirection,
    PreferenceSource,
)

# Default weights of the compatibility score, in points (a perfect candidate
# scores their sum, 100). Curators tune them per programme (MatchingWeights).
DEFAULT_WEIGHTS = {
    "requests": 50,
    "preferences": 20,
    "age": 10,
    "time": 10,
    "specialty": 10,
}


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
    # Compatibility at formation (pairs.matching): the sum over the members, in
    # points, and per member {"<mentee pk>": {"total": float, "terms": [...]}}.
    score = models.FloatField(_("compatibility, points"), null=True, blank=True)
    score_detail = models.JSONField(default=dict, blank=True)
    # A draft the curator decided: a rerun of the matcher keeps it.
    locked = models.BooleanField(_("locked"), default=False)
    matching_run = models.ForeignKey(
        "MatchingRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs",
        verbose_name=_("matching run"),
    )
    # Last cadence reminder e-mailed to the mentor (pairs.tasks).
    reminded_at = models.DateTimeField(null=True, blank=True)

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
        # the last meeting of each pair (cadence, inactive pairs on the dashboard)
        indexes = [models.Index(fields=["pair", "held_on"], name="meeting_pair_held_on")]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} {self.topic}"


class PersonalPlan(models.Model):
    """The personalised mentoring programme of a pair (seed 004 appendix):
    explanatory note (deficits, goal, tasks, content, planned results) and the
    plan of activities; 3 months to 1 year (seed 004 §1 «от 3 месяцев до 1 года»)."""

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="plan")
    deficits = models.TextField(_("problem (professional deficits)"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    content = models.TextField(_("content of the activity"), blank=True)
    expected_results = models.TextField(_("planned results"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("personalised mentoring programme")
        verbose_name_plural = _("personalised mentoring programmes")

    def __str__(self) -> str:
        return str(self.pair)


class PlanItem(models.Model):
    """One line of the plan of activities (seed 004 appendix: «№, направление
    наставнической деятельности, наименование мероприятия, сроки, формы и методы
    работы наставника, ожидаемый результат»), with the done mark and its evidence."""

    plan = models.ForeignKey(PersonalPlan, on_delete=models.CASCADE, related_name="items")
    direction = models.CharField(_("direction"), max_length=30, choices=PlanDirection.choices)
    activity = models.TextField(_("activity"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    methods = models.TextField(_("forms and methods of the mentor's work"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.activity


class MatchingWeights(models.Model):
    """The weights of the compatibility score for a programme, in points
    (DEFAULT_WEIGHTS when a programme has none)."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="matching_weights",
        verbose_name=_("programme"),
    )
    requests = models.PositiveSmallIntegerField(
        _("requests and the mentor's competencies and interests"),
        default=DEFAULT_WEIGHTS["requests"],
    )
    preferences = models.PositiveSmallIntegerField(
        _("wishes of the questionnaire after the group meeting"),
        default=DEFAULT_WEIGHTS["preferences"],
    )
    age = models.PositiveSmallIntegerField(
        _("the mentor's preferred mentee age"), default=DEFAULT_WEIGHTS["age"]
    )
    time = models.PositiveSmallIntegerField(
        _("the mentor's time available"), default=DEFAULT_WEIGHTS["time"]
    )
    specialty = models.PositiveSmallIntegerField(
        _("same specialty"), default=DEFAULT_WEIGHTS["specialty"]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("weights of the compatibility score")
        verbose_name_plural = _("weights of the compatibility score")

    def __str__(self) -> str:
        return str(self.programme)

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in DEFAULT_WEIGHTS}


class MatchingPreference(models.Model):
    """A wish of ``participant`` about ``other``: from the questionnaire after the
    group meeting (seed 000 5.2), or an explicit «not with» pair recorded by the
    curator. ``AVOID`` is a hard exclusion whichever side gave it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="matching_wishes",
        verbose_name=_("who"),
    )
    other = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("about whom"),
    )
    attitude = models.CharField(_("wish"), max_length=10, choices=Attitude.choices)
    source = models.CharField(
        _("source"), max_length=20, choices=PreferenceSource.choices,
        default=PreferenceSource.QUESTIONNAIRE,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching wish")
        verbose_name_plural = _("matching wishes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "other"], name="unique_matching_wish"),
            models.CheckConstraint(
                condition=~models.Q(participant=models.F("other")), name="matching_wish_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.other}: {self.get_attitude_display()}"


class MatchingRun(models.Model):
    """One run of the whole-cohort matcher (pairs.services.matching.run_matching),
    a background job (pairs.services.matching_runs): its settings, state, the
    figures and the mentees left without a mentor. At most one run of an
    organisation's form and kind is queued or running at a time."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("programme"),
    )
    form = models.ForeignKey(
        MentoringForm, on_delete=models.PROTECT, related_name="+",
        verbose_name=pgettext_lazy("pair", "form"),
    )
    kind = models.ForeignKey(
        MentoringKind, on_delete=models.PROTECT, related_name="+",
        verbose_name=pgettext_lazy("pair", "kind"),
    )
    mode = models.CharField(_("goal"), max_length=20, choices=MatchingMode.choices)
    min_score = models.FloatField(_("minimum score, points"), default=0)
    weights = models.JSONField(_("weights"), default=dict)
    mentees_count = models.PositiveIntegerField(_("mentees in the cohort"), default=0)
    mentors_count = models.PositiveIntegerField(_("mentors in the cohort"), default=0)
    locked_count = models.PositiveIntegerField(_("locked pairs kept"), default=0)
    paired_count = models.PositiveIntegerField(_("mentees paired"), default=0)
    total_score = models.FloatField(_("total score, points"), default=0)
    duration_ms = models.PositiveIntegerField(_("time, ms"), default=0)
    # [{"mentee": pk, "reason": UnpairedReason, "detail": Russian sentence}]
    unpaired = models.JSONField(_("mentees without a mentor"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=MatchingRunStatus.choices,
        default=MatchingRunStatus.QUEUED,
    )
    # A known reason shown to the curator as it is, or a plain sentence (the
    # traceback goes to the log).
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # a second click while a run is queued or running shows that run
            models.UniqueConstraint(
                fields=["organization", "form", "kind"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_matching_run",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "form", "status"], name="matching_run_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.form} · {self.created_at:%d.%m.%Y %H:%M}"


class MentorInvitation(models.Model):
    """An organisation's invitation to a mentor of the territory's base
    (``participants.MentorListing``) to mentor one of its mentees (seed 002 items
    6, 11). Accepting it forms a cross-organisation pair: ``Pair.organization`` is
    the inviting organisation, the mentor stays in their own; both see the pair."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mentor_invitations",
        verbose_name=_("inviting organisation"),
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="mentor_invitations",
        verbose_name=_("mentee"),
    )
    form = models.ForeignKey(
        MentoringForm, on_delete=models.PROTECT, verbose_name=pgettext_lazy("pair", "form")
    )
    kind = models.ForeignKey(
        MentoringKind, on_delete=models.PROTECT, verbose_name=pgettext_lazy("pair", "kind")
    )
    message = models.TextField(_("message to the mentor"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices,
        default=InvitationStatus.SENT, db_index=True,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_comment = models.TextField(_("answer"), blank=True)
    pair = models.ForeignKey(
        Pair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("pair formed"),
    )

    class Meta:
        verbose_name = _("invitation of a mentor")
        verbose_name_plural = _("invitations of mentors")
        ordering = ["-invited_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.organization}"
