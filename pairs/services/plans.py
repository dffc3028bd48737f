"""The personalised mentoring programme of a pair (seed 004 appendix, «Персонализи-
рованная программа наставничества»): its header (deficits, goal, tasks, content,
planned results, dates; seed 004 §1 «от 3 месяцев до 1 года») and its plan of
activities with done marks and evidence; the PDF in the seed's layout.

Only the pair's mentor writes, while the pair is approved or active (seed 000
5.4/6.3: the programme is made at the planning meeting); everybody else who sees
the pair reads it, and an ended pair's programme is read-only."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.enums import ParticipantCategory
from mentoring.services import log_action

from ..enums import WORKING_STATUSES, PlanDirection
from ..errors import PairError
from ..models import Pair, PersonalPlan, PlanItem
from ..selectors import is_staff_of

# seed 004 §1: «краткосрочная (от 3 месяцев до 1 года …)»
MIN_MONTHS = 3
MAX_MONTHS = 12

# The seed's default «Содержание деятельности» and «Планируемые результаты»
# (seed 004 appendix), offered to the mentor as the first draft of a new
# programme. They become the text of a Russian document, so they are data in
# Russian, not interface strings; the seed's slips (two items «8.», «адаптации»,
# the blank «в вопросах ……») are corrected.
SEED_CONTENT = "\n".join(
    [
        "1. Диагностика затруднений и выбор форм оказания помощи на основе анализа"
        " его потребностей.",
        "2. Посещение уроков и взаимопосещение.",
        "3. Планирование и анализ деятельности.",
        "4. Помощь в повышении эффективности организации учебно-воспитательной работы.",
        "5. Ознакомление с основными направлениями и формами активизации"
        " познавательной, научно-исследовательской деятельности обучающихся во"
        " внеучебное время (олимпиады, смотры, предметные недели и др.).",
        "6. Создание условий для совершенствования педагогического мастерства.",
        "7. Демонстрация опыта успешной педагогической деятельности.",
        "8. Организация мониторинга эффективности деятельности.",
        "9. Курсы повышения квалификации и т. д.",
    ]
)
SEED_RESULTS = "\n".join(
    [
        "1. Успешная адаптация начинающего педагога в учреждении.",
        "2. Активизация практических, индивидуальных, самостоятельных навыков преподавания.",
        "3. Повышение профессиональной компетентности педагога в вопросах педагогики"
        " и психологии.",
        "4. Обеспечение непрерывного совершенствования качества преподавания.",
        "5. Совершенствование методов работы по развитию творческой и самостоятельной"
        " деятельности обучающихся.",
        "6. Использование в работе инновационных педагогических технологий.",
        "7. Участие в конкурсах, НПК, открытые уроки и т. д.",
    ]
)

HEADER_FIELDS = ("deficits", "goal", "tasks", "content", "expected_results", "starts_on", "ends_on")
ITEM_FIELDS = (
    "direction", "activity", "deadline", "methods", "expected_result", "done", "done_on", "evidence",
)
STUDENT_CATEGORIES = (ParticipantCategory.STUDENT, ParticipantCategory.PUPIL)


class PlanFieldError(PairError):
    """A PairError about one field of a form (``field``: the model field name),
    so that a page shows the message next to it."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- Rules ------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole calendar ``months``; the 31st of a shorter month falls
    to its last day (31.01 + 1 → 28.02 or 29.02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def check_duration(starts_on, ends_on) -> None:
    """Refuse programme dates outside seed 004 §1 («от 3 месяцев до 1 года»).

    Both dates are required; ``ends_on`` must be at least 3 calendar months and
    at most 1 year after ``starts_on`` (01.09 → 01.12 and 01.09 → 01.09 of the
    next year are the limits). Raises PlanFieldError (field ``starts_on`` or
    ``ends_on``).
    """
    if not isinstance(starts_on, datetime.date):
        raise PlanFieldError(_("Give the start date of the programme."), "starts_on")
    if not isinstance(ends_on, datetime.date):
        raise PlanFieldError(_("Give the end date of the programme."), "ends_on")
    if ends_on <= starts_on:
        raise PlanFieldError(_("The programme must end after it starts."), "ends_on")
    shortest, longest = add_months(starts_on, MIN_MONTHS), add_months(starts_on, MAX_MONTHS)
    if ends_on < shortest:
        raise PlanFieldError(
            _("A personalised programme lasts from 3 months to 1 year: end it on %(date)s or later.")
            % {"date": shortest.strftime("%d.%m.%Y")},
            "ends_on",
        )
    if ends_on > longest:
        raise PlanFieldError(
            _("A personalised programme lasts from 3 months to 1 year: end it on %(date)s or earlier.")
            % {"date": longest.strftime("%d.%m.%Y")},
            "ends_on",
        )


def is_plan_mentor(user, pair: Pair) -> bool:
    """True when ``user`` is the account of the pair's mentor."""
    return bool(getattr(user, "is_authenticated", False)) and pair.mentor.participant.user_id == user.pk


def may_edit_plan(user, pair: Pair) -> bool:
    """True when ``user`` may change the pair's programme now: the pair's mentor,
    while the pair is approved or active."""
    return pair.status in WORKING_STATUSES and is_plan_mentor(user, pair)


def _check_editable(pair: Pair, actor) -> Pair:
    """Lock the pair's row and refuse an actor or a status that may not edit;
    returns the locked, fresh pair. Call inside a transaction."""
    current = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("mentor__participant", "organization")
        .get(pk=pair.pk)
    )
    if not is_plan_mentor(actor, current):
        raise PairError(_("Only the pair's mentor may change its personalised programme."))
    if current.status not in WORKING_STATUSES:
        raise PairError(
            _("The programme is changed only while the pair is approved or active; this one is «%(status)s».")
            % {"status": current.get_status_display()}
        )
    return current


def _text(value) -> str:
    """A text field as stored: stripped, line breaks as «\\n» (browsers send
    «\\r\\n» from a textarea)."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _required_text(value, field: str, message: str) -> str:
    text = _text(value)
    if not text:
        raise PlanFieldError(message, field)
    return text


# --- The header ----------------------------------------------------------------------


def suggested_header(pair: Pair, today: datetime.date | None = None) -> dict:
    """Initial values of a new programme: the seed's content and planned results,
    from ``today`` to 31 May of the pair's academic year (seed 000 stage 7: the
    final surveys are in May), kept within 3 months – 1 year."""
    start = today or timezone.localdate()
    end = datetime.date(pair.academic_year.ends_on.year, 5, 31)
    end = min(max(end, add_months(start, MIN_MONTHS)), add_months(start, MAX_MONTHS))
    return {"content": SEED_CONTENT, "expected_results": SEED_RESULTS, "starts_on": start, "ends_on": end}


def save_plan(
    pair: Pair,
    *,
    actor,
    deficits: str,
    goal: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    tasks: str = "",
    content: str = "",
    expected_results: str = "",
) -> PersonalPlan:
    """Create the pair's programme on first save, or change its header.

    Deficits, goal and both dates are required; dates obey :func:`check_duration`;
    the plan's items must keep their deadlines within the new dates. Only the
    pair's mentor, while the pair is approved or active. Audited as
    ``pairs.plan.created`` or ``pairs.plan.updated``. Raises PairError (or its
    PlanFieldError) and writes nothing otherwise.
    """
    values = {
        "deficits": _required_text(deficits, "deficits", _("Describe the problem (professional deficits).")),
        "goal": _required_text(goal, "goal", _("Give the goal of the programme.")),
        "tasks": _text(tasks),
        "content": _text(content),
        "expected_results": _text(expected_results),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    check_duration(starts_on, ends_on)
    with transaction.atomic():
        current = _check_editable(pair, actor)
        plan = PersonalPlan.objects.filter(pair=current).first()
        created = plan is None
        if created:
            plan = PersonalPlan.objects.create(pair=current, updated_by=actor, **values)
        else:
            _check_items_within(plan, starts_on, ends_on)
            for name, value in values.items():
                setattr(plan, name, value)
            plan.updated_by = actor
            plan.save(update_fields=[*values, "updated_by", "updated_at"])
        log_action(
            "pairs.plan.created" if created else "pairs.plan.updated",
            actor=actor,
            organization=current.organization,
            obj=plan,
            data={"pair": current.pk, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        )
    return plan


def _check_items_within(plan: PersonalPlan, starts_on, ends_on) -> None:
    outside = plan.items.filter(Q(deadline__lt=starts_on) | Q(deadline__gt=ends_on)).count()
    if outside:
        raise PlanFieldError(
            ngettext(
                "%(count)d activity of the plan has its deadline outside the new dates; change it first.",
                "%(count)d activities of the plan have their deadlines outside the new dates; change them first.",
                outside,
            )
            % {"count": outside},
            "ends_on",
        )


# --- Items ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemValues:
    """Checked values of a plan item (see :func:`clean_item`)."""

    direction: str
    activity: str
    deadline: datetime.date
    methods: str
    expected_result: str
    done: bool
    done_on: datetime.date | None
    evidence: str

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in ITEM_FIELDS}


def clean_item(
    plan: PersonalPlan,
    *,
    direction: str,
    activity: str,
    deadline,
    methods: str = "",
    expected_result: str = "",
    done: bool = False,
    done_on=None,
    evidence: str = "",
    today: datetime.date | None = None,
) -> ItemValues:
    """Check one line of the plan (seed 004 appendix table) against ``plan``.

    ``direction`` is a PlanDirection value; ``activity`` required; ``deadline``
    required and within the programme's dates. A done item needs ``evidence``
    («чем подтверждено»: a link or the product — a lesson plan, a certificate…);
    ``done_on`` defaults to today, may not be in the future nor before the
    programme starts. An item not done keeps no date or evidence. Raises
    PlanFieldError.
    """
    today = today or timezone.localdate()
    if direction not in PlanDirection.values:
        raise PlanFieldError(_("Choose the direction of the mentor's activity."), "direction")
    activity = _required_text(activity, "activity", _("Name the activity."))
    if not isinstance(deadline, datetime.date):
        raise PlanFieldError(_("Give the deadline of the activity."), "deadline")
    if not plan.starts_on <= deadline <= plan.ends_on:
        raise PlanFieldError(
            _("The deadline must fall within the programme's dates, %(start)s – %(end)s.")
            % {"start": plan.starts_on.strftime("%d.%m.%Y"), "end": plan.ends_on.strftime("%d.%m.%Y")},
            "deadline",
        )
    evidence = _text(evidence)
    if done:
        if not evidence:
            raise PlanFieldError(
                _("Say what confirms the result: a link or the product (a lesson plan, a certificate…)."),
                "evidence",
            )
        done_on = done_on or today
        if done_on > today:
            raise PlanFieldError(_("The date of completion cannot be in the future."), "done_on")
        if done_on < plan.starts_on:
            raise PlanFieldError(_("The date of completion is before the programme starts."), "done_on")
    else:
        done_on, evidence = None, ""
    return ItemValues(
        direction=direction, activity=activity, deadline=deadline,
        methods=_text(methods), expected_result=_text(expected_result),
        done=bool(done), done_on=done_on, evidence=evidence,
    )


def _plan_for_items(pair: Pair, actor) -> tuple[Pair, PersonalPlan]:
    current = _check_editable(pair, actor)
    plan = PersonalPlan.objects.filter(pair=current).first()
    if plan is None or plan.starts_on is None or plan.ends_on is None:
        raise PairError(_("Fill in the programme's explanatory note and dates first."))
    return current, plan


def _stored_pair_of(item: PlanItem) -> Pair:
    """The pair the stored item belongs to (not what a stale object claims)."""
    pair_pk = PlanItem.objects.filter(pk=item.pk).values_list("plan__pair_id", flat=True).first()
    if pair_pk is None:
        raise PairError(_("This activity is no longer in the plan."))
    return Pair(pk=pair_pk)


def add_plan_item(pair: Pair, *, actor, **fields) -> PlanItem:
    """Add a line to the pair's plan of activities; ``fields`` as in
    :func:`clean_item`. Only the pair's mentor, while the pair is approved or
    active, and only once the programme's header is saved. Audited as
    ``pairs.plan_item.added``. Raises PairError."""
    with transaction.atomic():
        current, plan = _plan_for_items(pair, actor)
        values = clean_item(plan, **fields)
        item = PlanItem.objects.create(plan=plan, **values.as_dict())
        _touch(plan, actor)
        _log_item("pairs.plan_item.added", item, current, actor)
    return item


def update_plan_item(item: PlanItem, *, actor, **fields) -> PlanItem:
    """Change a line of the plan (including its done mark and evidence); rules as
    in :func:`add_plan_item`. Audited as ``pairs.plan_item.updated`` and, when it
    becomes done, ``pairs.plan_item.done``. Raises PairError."""
    with transaction.atomic():
        current, plan = _plan_for_items(_stored_pair_of(item), actor)
        values = clean_item(plan, **fields)
        became_done = values.done and not item.done
        for name, value in values.as_dict().items():
            setattr(item, name, value)
        item.save(update_fields=list(ITEM_FIELDS))
        _touch(plan, actor)
        _log_item("pairs.plan_item.updated", item, current, actor)
        if became_done:
            _log_item("pairs.plan_item.done", item, current, actor)
    return item


def delete_plan_item(item: PlanItem, *, actor) -> None:
    """Delete a line of the plan; rules as in :func:`add_plan_item`. Audited as
    ``pairs.plan_item.deleted`` with the activity's text. Raises PairError."""
    with transaction.atomic():
        current, plan = _plan_for_items(_stored_pair_of(item), actor)
        _log_item("pairs.plan_item.deleted", item, current, actor)
        item.delete()
        _touch(plan, actor)


def _touch(plan: PersonalPlan, actor) -> None:
    plan.updated_by = actor
    plan.save(update_fields=["updated_by", "updated_at"])


def _log_item(action: str, item: PlanItem, pair: Pair, actor) -> None:
    log_action(
        action,
        actor=actor,
        organization=pair.organization,
        obj=item,
        data={
            "pair": pair.pk,
            "activity": item.activity[:200],
            "deadline": item.deadline.isoformat() if item.deadline else None,
            "done": item.done,
            "evidence": item.evidence[:200],
        },
    )


# --- Reading ------------------------------------------------------------------------------


def plan_of(pair: Pair) -> PersonalPlan | None:
    """The pair's programme with its items in plan order, or None (two queries)."""
    plan = PersonalPlan.objects.filter(pair=pair).select_related("updated_by").first()
    if plan is not None:
        plan.item_list = list(plan.items.all())
    return plan


def plans_by_pair(pair_ids) -> dict[int, PersonalPlan]:
    """The programmes of the pairs ``pair_ids`` by pair key, each with
    ``item_list`` in plan order (two queries whatever the number of pairs)."""
    plans = PersonalPlan.objects.filter(pair_id__in=list(pair_ids)).prefetch_related("items")
    result = {}
    for plan in plans:
        plan.item_list = list(plan.items.all())
        result[plan.pair_id] = plan
    return result


def with_plan_progress(qs: QuerySet[Pair]) -> QuerySet[Pair]:
    """Annotate ``has_plan`` (bool), ``plan_items`` and ``plan_done`` (ints) with
    subqueries: no extra query per pair, and no join that multiplies rows."""
    items = PlanItem.objects.filter(plan__pair=OuterRef("pk")).order_by().values("plan__pair")
    return qs.annotate(
        has_plan=Exists(PersonalPlan.objects.filter(pair=OuterRef("pk"))),
        plan_items=Coalesce(
            Subquery(items.annotate(n=Count("pk")).values("n")), Value(0), output_field=IntegerField()
        ),
        plan_done=Coalesce(
            Subquery(items.filter(done=True).annotate(n=Count("pk")).values("n")),
            Value(0),
            output_field=IntegerField(),
        ),
    )


def percent(done: int, total: int) -> int:
    """Whole per cent of ``done`` out of ``total`` (0 when there is nothing)."""
    return round(100 * done / total) if total else 0


def next_meeting_due(pair: Pair) -> datetime.date | None:
    """The date by which a working pair should meet again: its last meeting (or,
    if it never met, its approval) plus MEETING_MAX_GAP_DAYS (seed 000 6.4, «не
    реже одного раза в две недели»); None for pairs that are not working. Uses
    the ``last_meeting_on`` annotation of ``pairs.selectors.with_last_meeting``."""
    if pair.status not in WORKING_STATUSES:
        return None
    base = getattr(pair, "last_meeting_on", None)
    if base is None and pair.approved_at is not None:
        base = timezone.localdate(pair.approved_at)
    if base is None:
        return None
    return base + datetime.timedelta(days=settings.MEETING_MAX_GAP_DAYS)


def person_rows(participant) -> dict:
    """A participant's line of «Общие сведения» (seed 004 appendix): full name,
    education, teaching experience, position, qualification category. For a
    student or pupil whose staff fields are empty, the education cell tells the
    specialty and course and the position cell the category and group. Values
    are strings, «—» when unknown."""
    is_student = participant.category in STUDENT_CATEGORIES
    education = participant.education
    position = participant.position
    if is_student and not education:
        education = ", ".join(
            part for part in (
                participant.specialty,
                _("year %(course)s") % {"course": participant.course} if participant.course else "",
            ) if part
        )
    if is_student and not position:
        group = _("group %(group)s") % {"group": participant.study_group} if participant.study_group else ""
        position = ", ".join(part for part in (str(participant.get_category_display()), group) if part)
    experience = participant.teaching_experience_years
    return {
        "full_name": participant.full_name,
        "short_name": participant.short_name,
        "education": education or "—",
        "experience": (
            ngettext("%(years)d year", "%(years)d years", experience) % {"years": experience}
            if experience is not None else "—"
        ),
        "position": position or "—",
        "qualification": participant.qualification_category or "—",
    }


def duration_label(plan: PersonalPlan | None) -> str:
    """«с 01.09.2025 по 31.05.2026 (9 months)», or «» without dates."""
    if plan is None or plan.starts_on is None or plan.ends_on is None:
        return ""
    months = (plan.ends_on.year - plan.starts_on.year) * 12 + plan.ends_on.month - plan.starts_on.month
    if plan.ends_on.day < plan.starts_on.day:
        months -= 1
    return _("from %(start)s to %(end)s (%(months)s)") % {
        "start": plan.starts_on.strftime("%d.%m.%Y"),
        "end": plan.ends_on.strftime("%d.%m.%Y"),
        "months": ngettext("%(n)d month", "%(n)d months", months) % {"n": months},
    }


def shown_mentees(pair: Pair, viewer) -> list:
    """The mentees whose details ``viewer`` may read in the programme: all of them
    for the pair's mentor and programme staff, only themselves for a mentee of
    the pair (a group's members, minors above all, see what concerns them)."""
    mentees = list(pair.mentees.all())
    if is_plan_mentor(viewer, pair) or is_staff_of(viewer, pair.organization):
        return mentees
    return [m for m in mentees if m.participant.user_id == getattr(viewer, "pk", None)]


_UNLOADED = object()


def plan_document(pair: Pair, viewer, plan=_UNLOADED) -> dict:
    """The programme as a document for ``viewer`` (screen and PDF): ``pair``,
    ``plan`` (None before the first save), ``items``, ``mentor``
    (:func:`person_rows`), ``mentees`` (rows of :func:`shown_mentees`),
    ``group_size``, ``duration``, ``done`` and ``total`` items, ``percent``.

    ``plan`` may be given already loaded (with ``item_list``, see
    :func:`plans_by_pair`); otherwise it is read (two queries). ``pair`` should
    come with its members loaded (``pairs.selectors.with_members``)."""
    if plan is _UNLOADED:
        plan = plan_of(pair)
    items = plan.item_list if plan is not None else []
    done = sum(1 for item in items if item.done)
    return {
        "pair": pair,
        "plan": plan,
        "items": items,
        "mentor": person_rows(pair.mentor.participant),
        "mentees": [person_rows(m.participant) for m in shown_mentees(pair, viewer)],
        "group_size": len(pair.mentees.all()),
        "duration": duration_label(plan),
        "done": done,
        "total": len(items),
        "percent": percent(done, len(items)),
    }


# --- The PDF ------------------------------------------------------------------------------


def export_plan_pdf(pair: Pair, *, actor):
    """The programme as an A4 PDF in the seed 004 appendix layout: title page
    (organisation in capitals, «ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА»,
    mentor, mentee, form, term, city and year), «Общие сведения», «Пояснительная
    записка», «Мероприятия …» table. ``actor`` must see the pair (the caller
    checks); mentees are shown as :func:`shown_mentees` allows. Audited as
    ``pairs.plan.exported`` (a document with personal data). Returns
    ``reports.renderers.base.RenderedFile("programma-nastavnichestva-<pk>.pdf",
    PDF, bytes)``."""
    from reports.renderers.base import PDF, RenderedFile, html_to_pdf

    with translation.override("ru"):
        context = plan_document(pair, actor)
        plan = context["plan"]
        context["organization"] = pair.organization
        context["year"] = (plan.starts_on if plan and plan.starts_on else timezone.localdate()).year
        content = html_to_pdf("pairs/plans/plan_pdf.html", context)
    log_action(
        "pairs.plan.exported",
        actor=actor,
        organization=pair.organization,
        obj=plan or pair,
        data={"pair": pair.pk, "format": "pdf"},
    )
    return RenderedFile(
        filename="programma-nastavnichestva-{}.pdf".format(pair.pk), content_type=PDF, content=content
    )
