"""The dashboard's widgets against a hand-counted college (issue 5, item 3):
indicators with the traffic light, their trend as chart data, stage progress,
pairs by status and form, silent pairs, overdue activities; and the page's
query count, the same at 1× and 10× the data."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.dashboard import inactive_widget, overdue_widget, pairs_widget
from mentoring.models import AcademicYear, MentoringForm
from mentoring.tests.factories import (
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ParticipantFactory,
    teacher_teacher_form,
)
from pairs.enums import MeetingType, PairStatus
from pairs.models import Meeting
from reports.enums import OrderKind, OrderStatus
from reports.models import HeadCount, Indicator, IndicatorTarget, IndicatorValue, Order
from reports.services.indicators import ensure_indicators, indicator_trend
from roadmap.enums import ActivityStatus
from roadmap.models import Activity
from roadmap.services import create_roadmap
from surveys.enums import RespondentRole, SurveyKind
from surveys.models import Response, Survey

DASHBOARD = reverse("dashboard")
MAX_QUERIES = 15


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _person(organization, surname: str, category: str = "teacher"):
    return ParticipantFactory(organization=organization, surname=surname, category=category)


def _pair(organization, year, form, mentor, mentees, status, *, approved_days=None, met_days=()):
    pair = PairFactory(
        organization=organization, academic_year=year, form=form, status=status,
        mentor=MentorFactory(participant=mentor) if not hasattr(mentor, "participant") else mentor,
        mentees=[MenteeFactory(participant=m) if not hasattr(m, "participant") else m for m in mentees],
        approved_at=_ago(approved_days) if approved_days is not None else None,
    )
    for days in met_days:
        Meeting.objects.create(pair=pair, meeting_type=MeetingType.REGULAR, topic="Встреча",
                               held_on=_days_ago(days))
    return pair


@pytest.fixture
def college(organization, alice, bob):
    """Six pairs of two forms, a roadmap with three overdue activities, the eight
    indicators of seed 000 §7 with this year's targets and past recorded values.

    Hand count — pairs (form × status): «педагог – педагог»: active 1 (alice→bob,
    met 3 days ago), draft 1, completed 1; «студент – студент»: active 1 (last
    meeting 20 days ago), approved 1 (a group of two, never met, approved 20 days
    ago), proposed 1. Silent: the group (never met) then the active one (20 days).
    Counted pairs (approved/active/completed): 4 — mentors alice, Сидоров,
    Петров, Кузнецов (teachers); mentees bob (young specialist) and four
    students: Андреев, Борисов, Воронов, Григорьев. Head count: 10 teachers, 100
    students → teachers as mentors 4/10 = 40.0 % (target 40: green), teachers
    as mentees 1/10 = 10.0 % (target 11, 90 % = 9.9: yellow), students as mentees
    4/100 = 4.0 % (target 5, 90 % = 4.5: red), students as mentors 0.0 % (no
    target: grey)."""
    year = AcademicYear.current()
    teachers = teacher_teacher_form()
    students = MentoringForm.objects.create(
        code="student-student", name="студент – студент",
        mentor_categories=["student", "teacher"], mentee_categories=["student"],
    )
    alice_mentor = alice.participant.mentor_profile
    bob_mentee = bob.participant.mentee_profile
    pairs = {
        "met": _pair(organization, year, teachers, alice_mentor, [bob_mentee], PairStatus.ACTIVE,
                     approved_days=30, met_days=(40, 3)),
        "draft": _pair(organization, year, teachers, _person(organization, "Зайцев"),
                       [_person(organization, "Ершов")], PairStatus.DRAFT),
        "completed": _pair(organization, year, teachers, _person(organization, "Кузнецов"),
                           [_person(organization, "Григорьев", "student")], PairStatus.COMPLETED,
                           approved_days=100, met_days=(60,)),
        "silent": _pair(organization, year, students, _person(organization, "Сидоров"),
                        [_person(organization, "Андреев", "student")], PairStatus.ACTIVE,
                        approved_days=40, met_days=(30, 20)),
        "group": _pair(organization, year, students, _person(organization, "Петров"),
                       [_person(organization, "Воронов", "student"),
                        _person(organization, "Борисов", "student")],
                       PairStatus.APPROVED, approved_days=20),
        "proposed": _pair(organization, year, students, _person(organization, "Яковлев"),
                          [_person(organization, "Жуков", "student")], PairStatus.PROPOSED),
    }

    roadmap = create_roadmap(organization=organization, academic_year=year)
    activities = Activity.objects.filter(stage__roadmap=roadmap)
    activities.update(deadline=None)
    activities.filter(code__in=["1.1", "2.3"]).update(deadline=_days_ago(5))
    activities.filter(code="3.1").update(deadline=_days_ago(2))
    activities.filter(code="1.2").update(status=ActivityStatus.DONE, deadline=_days_ago(9))
    activities.filter(code="2.1").update(status=ActivityStatus.CANCELLED, deadline=_days_ago(9))

    ensure_indicators(organization=organization)
    HeadCount.objects.create(organization=organization, academic_year=year, teachers=10, students=100)
    code = {i.code: i for i in Indicator.objects.all()}
    for indicator, value in (("teachers-as-mentors", "40"), ("teachers-as-mentees", "11"),
                             ("students-as-mentees", "5")):
        IndicatorTarget.objects.update_or_create(
            organization=organization, indicator=code[indicator], academic_year=year,
            defaults={"value": Decimal(value)},
        )
    # teachers as mentors over the years: only the targets and values set here
    IndicatorTarget.objects.filter(organization=organization, indicator=code["teachers-as-mentors"]).exclude(
        academic_year=year).delete()
    past = {t: AcademicYear.objects.get(title=t) for t in ("2024/2025", "2025/2026")}
    for title, target, value in (("2024/2025", "30", "30.0"), ("2025/2026", "35", "35.5")):
        IndicatorTarget.objects.create(organization=organization, indicator=code["teachers-as-mentors"],
                                       academic_year=past[title], value=Decimal(target))
        IndicatorValue.objects.create(organization=organization, indicator=code["teachers-as-mentors"],
                                      academic_year=past[title], value=Decimal(value), recorded=True)
    return {"year": year, "pairs": pairs, "forms": (teachers, students)}


def _json(text: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', text, re.S)
    assert match, element_id
    return json.loads(match.group(1))


def test_indicators_have_the_traffic_light_of_their_figures(client, curator, college):
    client.force_login(curator)
    response = client.get(DASHBOARD)
    items = {item["row"].indicator.code: item for item in response.context["indicators"]}
    figures = {code: (item["row"].target, item["row"].actual, item["light"]) for code, item in items.items()}
    assert figures["teachers-as-mentors"] == (Decimal("40"), Decimal("40.0"), "green")
    assert figures["teachers-as-mentees"] == (Decimal("11"), Decimal("10.0"), "yellow")
    assert figures["students-as-mentees"] == (Decimal("5"), Decimal("4.0"), "red")
    assert figures["students-as-mentors"] == (None, Decimal("0.0"), "grey")
    assert figures["employers-as-mentors"][2] == "grey"  # no head count of employers
    text = response.content.decode()
    for code, badge in (("teachers-as-mentors", "text-bg-success"), ("teachers-as-mentees", "text-bg-warning"),
                        ("students-as-mentees", "text-bg-danger"), ("students-as-mentors", "text-bg-secondary")):
        row = re.search(rf'<tr data-indicator="{code}" data-light="\w+">.*?</tr>', text, re.S).group(0)
        assert f'badge {badge} ' in row
    assert text.count('data-light="green"') == 1
    assert text.count('data-light="yellow"') == 1
    assert text.count('data-light="red"') == 1


def test_trend_chart_data_equals_the_trend_figures(client, curator, college, organization):
    client.force_login(curator)
    text = client.get(DASHBOARD).content.decode()
    data = _json(text, "dashboard-trend-data")
    trend = indicator_trend(organization, college["year"])
    shown = {s["code"]: s for s in data["series"]}
    for series in trend:
        item = shown[series.indicator.code]
        assert item["years"] == series.years
        assert [None if v is None else Decimal(v) for v in item["targets"]] == series.targets
        assert [None if v is None else Decimal(v) for v in item["actuals"]] == series.actuals
        assert f'id="trend-{series.indicator.code}"' in text
    # hand count for teachers as mentors
    mine = shown["teachers-as-mentors"]
    year = college["year"].title
    assert mine["years"] == ["2021/2022", "2022/2023", "2023/2024", "2024/2025", "2025/2026", year]
    assert mine["targets"] == [None, None, None, "30.00", "35.00", "40.00"]
    assert [None if v is None else Decimal(v) for v in mine["actuals"]] == [
        None, None, None, Decimal("30.0"), Decimal("35.5"), Decimal("40.0")]
    # the table fallback holds the same figures
    table = re.search(r'<table class="table table-sm small mb-0" data-trend="teachers-as-mentors">(.*?)</table>',
                      text, re.S).group(1)
    assert "<th scope=\"row\">2025/2026</th><td class=\"text-end\">35,00</td><td class=\"text-end\">35,50</td>" in table


def test_trend_and_pairs_have_empty_states(client, curator, organization):
    client.force_login(curator)
    response = client.get(DASHBOARD)
    text = response.content.decode()
    assert response.context["trend"] == {"series": [], "has_data": False}
    assert 'id="dashboard-trend-data"' not in text
    assert 'id="dashboard-pairs-data"' not in text
    assert response.context["pairs"]["total"] == 0
    assert "<canvas" not in text


def test_stage_progress_and_overdue_activities(college, organization):
    year = college["year"]
    overdue = overdue_widget(organization, year)
    assert overdue["count"] == 3
    assert [a.code for a in overdue["items"]] == ["1.1", "2.3", "3.1"]
    from mentoring.dashboard import stages_widget

    stages = stages_widget(organization, year)
    assert len(stages) == 7
    assert (stages[0]["done"], stages[0]["total"], stages[0]["percent"]) == (1, 6, 17)
    assert (stages[1]["done"], stages[1]["total"]) == (0, 5)  # 2.1 cancelled


def test_pairs_by_status_and_form(college, curator):
    teachers, students = college["forms"]
    grid = pairs_widget(curator)
    order = [code for code, _label in grid["statuses"]]
    rows = {row["name"]: dict(zip(order, row["counts"], strict=True)) for row in grid["forms"]}
    assert rows[teachers.name] == {"draft": 1, "proposed": 0, "approved": 0, "active": 1, "completed": 1,
                                   "terminated": 0}
    assert rows[students.name] == {"draft": 0, "proposed": 1, "approved": 1, "active": 1, "completed": 0,
                                   "terminated": 0}
    assert grid["total"] == 6
    assert dict(zip(order, grid["status_totals"], strict=True))["active"] == 2
    chart = grid["chart"]
    assert chart["forms"] == [teachers.name, students.name]  # by name: «педагог…» < «студент…»
    assert {d["status"]: d["data"] for d in chart["datasets"]} == {
        "draft": [1, 0], "proposed": [0, 1], "approved": [0, 1], "active": [1, 1], "completed": [1, 0]}


def test_pairs_chart_json_in_the_page(client, curator, college):
    client.force_login(curator)
    text = client.get(DASHBOARD).content.decode()
    data = _json(text, "dashboard-pairs-data")
    assert data == json.loads(json.dumps(pairs_widget(curator)["chart"]))
    assert 'id="dashboard-pairs-total">6<' in text


def test_inactive_pairs_longest_silent_first(college, curator):
    inactive = inactive_widget(curator)
    assert inactive["count"] == 2
    group, silent = inactive["items"]
    assert group.pk == college["pairs"]["group"].pk and group.last_meeting_on is None
    assert group.mentee_name.startswith("Борисов ") and group.more_mentees == 1
    assert silent.pk == college["pairs"]["silent"].pk and silent.last_meeting_on == _days_ago(20)
    assert silent.mentee_name.startswith("Андреев ") and silent.more_mentees == 0


def test_director_sees_approval_count_and_order_links(client, director, college, organization):
    year = college["year"]
    order = Order.objects.create(organization=organization, academic_year=year, kind=OrderKind.PAIRS_APPROVAL,
                                 number=7, issued_on=_days_ago(1), title="Об утверждении пар",
                                 status=OrderStatus.SIGNED)
    draft = Order.objects.create(organization=organization, academic_year=year, kind=OrderKind.PAIRS_APPROVAL,
                                 title="Черновик приказа")
    client.force_login(director)
    response = client.get(DASHBOARD)
    text = response.content.decode()
    assert response.context["approval_count"] == 1
    assert [o.pk for o in response.context["orders"]] == [order.pk, draft.pk]
    assert reverse("reports:order_detail", args=[order.pk]) in text
    assert reverse("reports:order_detail", args=[draft.pk]) in text
    assert response.context["pairs"]["total"] == 6
    assert "overdue" not in response.context and "inactive" not in response.context


def test_outsider_sees_nothing_of_the_college(client, charlie, college):
    client.force_login(charlie)
    response = client.get(DASHBOARD)
    text = response.content.decode()
    context = response.context
    assert context["pairs"]["total"] == 0
    assert context["inactive"]["count"] == 0
    assert context["overdue"]["count"] == 0
    assert context["stages"] == []
    assert context["indicators"] == []
    assert context["trend"]["series"] == []
    for pair in college["pairs"].values():
        assert reverse("pairs:detail", args=[pair.pk]) not in text
    for name in ("Сидоров", "Петров", "Андреев", "Борисов", college["forms"][1].name):
        assert name not in text


# --- the same number of queries at 1× and 10× the data --------------------------


def grow(organization, year, n: int, form) -> None:
    """``n`` more pairs in every status (two of three active ones silent), with
    meetings, orders, pending forms and answers-free surveys."""
    statuses = [PairStatus.ACTIVE, PairStatus.ACTIVE, PairStatus.ACTIVE, PairStatus.DRAFT,
                PairStatus.PROPOSED, PairStatus.APPROVED, PairStatus.COMPLETED, PairStatus.TERMINATED]
    for i in range(n):
        status = statuses[i % len(statuses)]
        approved = 30 if status not in (PairStatus.DRAFT, PairStatus.PROPOSED) else None
        met = (3,) if i % 3 == 0 else (25,)
        _pair(organization, year, form, _person(organization, f"Наставник{i}"),
              [_person(organization, f"Студент{i}", "student"), _person(organization, f"Студентка{i}", "student")],
              status, approved_days=approved, met_days=met)
    last = Order.objects.filter(organization=organization).order_by("-number").values_list("number", flat=True)
    start = (last.first() or 0) + 1
    Order.objects.bulk_create([
        Order(organization=organization, academic_year=year, kind=OrderKind.PAIRS_APPROVAL, number=start + i,
              issued_on=_days_ago(i), title=f"Приказ {start + i}", status=OrderStatus.SIGNED)
        for i in range(n)
    ])
    survey, _created = Survey.objects.get_or_create(
        organization=organization, kind=SurveyKind.MEETING_FEEDBACK, respondent_role=RespondentRole.MENTEE,
        defaults={"title": "Обратная связь"})
    Response.objects.bulk_create([
        Response(survey=survey, respondent=_person(organization, f"Респондент{i}", "student")) for i in range(n)
    ])


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["curator", "director"])
def test_same_queries_at_1x_and_10x(client, request, college, organization, persona):
    user = request.getfixturevalue(persona)
    year, form = college["year"], college["forms"][1]
    grow(organization, year, 4, form)
    small = _queries(client, user)
    grow(organization, year, 36, form)
    large = _queries(client, user)
    assert small == large
    assert large <= MAX_QUERIES, f"{persona}: {large} queries"


def test_trend_caption_does_not_repeat_the_unit_of_the_seed_title():
    from mentoring.dashboard import _ends_with_unit

    assert _ends_with_unit("Доля преподавателей … в роли наставника, в %", "%")
    assert _ends_with_unit("Количество договоров о дуальном обучении, ед.", "ед.")
    assert not _ends_with_unit("Уровень удовлетворенности наставников", "%")
    assert not _ends_with_unit("Количество компетенций", "")
