"""The dashboard: each persona sees its blocks, at two sizes of the data. The
query budget of the staff pages (≤ 15, the same at 1× and 10×) and the widgets'
figures are checked in test_dashboard_widgets.py."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import AcademicYear
from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory, UserFactory
from pairs.enums import MeetingType, PairStatus
from pairs.models import Meeting
from reports.enums import OrderKind, OrderStatus
from reports.models import HeadCount, Indicator, IndicatorTarget, Order
from reports.services.indicators import ensure_indicators
from roadmap.enums import ActivityStatus
from roadmap.models import Activity
from roadmap.services import create_roadmap
from surveys.enums import RespondentRole, SurveyKind
from surveys.models import Response, Survey

DASHBOARD = reverse("dashboard")
# Statuses of the organisation's other pairs, in turn: working and met last week,
# working and silent for three weeks, waiting for approval, draft.
CYCLE = ("met", "silent", PairStatus.PROPOSED, PairStatus.DRAFT)


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _pair(organization, year, *, mentor, mentees, kind: str):
    status = PairStatus.ACTIVE if kind in ("met", "silent") else kind
    approved_at = timezone.now() - datetime.timedelta(days=30) if status == PairStatus.ACTIVE else None
    pair = PairFactory(
        organization=organization, academic_year=year, mentor=mentor, mentees=mentees,
        status=status, approved_at=approved_at,
    )
    if kind in ("met", "silent"):
        Meeting.objects.create(
            pair=pair, meeting_type=MeetingType.REGULAR, topic="Встреча",
            held_on=_days_ago(3 if kind == "met" else 21),
        )
    return pair


def populate(organization, *, n: int, alice, bob) -> dict:
    """``n`` pairs of other mentors, ``n`` more of alice (bob's among them, silent),
    ``n`` orders, ``n`` pending forms each for alice and bob, a roadmap with two
    overdue activities and one done, the indicators with two targets for the year."""
    year = AcademicYear.current()
    roadmap = create_roadmap(organization=organization, academic_year=year)
    activities = Activity.objects.filter(stage__roadmap=roadmap)
    activities.update(deadline=None)
    activities.filter(code__in=["1.1", "2.3"]).update(deadline=_days_ago(5))
    activities.filter(code="1.2").update(status=ActivityStatus.DONE, deadline=_days_ago(5))

    ensure_indicators(organization=organization)
    HeadCount.objects.create(
        organization=organization, academic_year=year, teachers=50, students=500,
        employer_partners=10, pupils_career_guidance=100,
    )
    for code, value in (("teachers-as-mentors", "0"), ("students-as-mentors", "50")):
        IndicatorTarget.objects.create(
            organization=organization, academic_year=year, value=Decimal(value),
            indicator=Indicator.objects.get(code=code),
        )

    others = []
    for i in range(n):
        mentor = MentorFactory(participant=ParticipantFactory(organization=organization))
        mentee = MenteeFactory(participant=ParticipantFactory(organization=organization, category="student"))
        others.append(_pair(organization, year, mentor=mentor, mentees=[mentee], kind=CYCLE[i % 4]))
    alice_mentor = alice.participant.mentor_profile
    bob_pair = _pair(organization, year, mentor=alice_mentor, mentees=[bob.participant.mentee_profile], kind="silent")
    for _i in range(n - 1):
        mentee = MenteeFactory(participant=ParticipantFactory(organization=organization))
        _pair(organization, year, mentor=alice_mentor, mentees=[mentee], kind="met")

    for i in range(1, n + 1):
        Order.objects.create(
            organization=organization, academic_year=year, kind=OrderKind.PAIRS_APPROVAL, number=i,
            issued_on=_days_ago(n - i), title=f"Об утверждении наставнических пар {i}",
            status=OrderStatus.SIGNED,
        )
    for person, role in ((alice, RespondentRole.MENTOR), (bob, RespondentRole.MENTEE)):
        survey = Survey.objects.create(
            organization=organization, kind=SurveyKind.MEETING_FEEDBACK, respondent_role=role,
            title="Обратная связь после встречи (" + role + ")",
        )
        Response.objects.bulk_create(
            [Response(survey=survey, respondent=person.participant) for _ in range(n)]
        )
    return {"year": year, "others": others, "bob_pair": bob_pair}


def _expected_pair_counts(n: int) -> dict[str, int]:
    kinds = [CYCLE[i % 4] for i in range(n)] + ["silent"] * n  # alice's n pairs are active
    counts = dict.fromkeys(PairStatus.values, 0)
    for kind in kinds:
        counts[PairStatus.ACTIVE if kind in ("met", "silent") else kind] += 1
    return counts


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_curator_blocks(client, curator, alice, bob, organization, n):
    data = populate(organization, n=n, alice=alice, bob=bob)
    client.force_login(curator)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    text = response.content.decode()
    context = response.context

    assert "Ход выполнения дорожной карты" in text
    assert [(s["number"], s["done"], s["total"]) for s in context["stages"]][:2] == [(1, 1, 6), (2, 0, 6)]
    assert text.count('class="progress-bar') == 7

    assert "Просроченные мероприятия" in text
    assert [a.code for a in context["overdue"]["items"]] == ["1.1", "2.3"]
    assert reverse("roadmap:detail") + "?overdue=on" in text
    assert "Обеспечить нормативно-правовое оформление программы наставничества" in text

    counts = {status: count for status, _label, count in context["pairs"]["by_status"]}
    assert counts == _expected_pair_counts(n)
    assert context["pairs"]["total"] == 2 * n

    silent = sum(1 for i in range(n) if CYCLE[i % 4] == "silent") + 1  # and bob's pair
    assert context["inactive"]["count"] == silent
    assert len(context["inactive"]["items"]) == min(silent, 10)
    assert reverse("pairs:detail", args=[data["bob_pair"].pk]) in text

    rows = {item["row"].indicator.code: (item["row"].met, item["light"]) for item in context["indicators"]}
    assert rows["teachers-as-mentors"] == (True, "green")
    assert rows["students-as-mentors"] == (False, "red")
    assert rows["teachers-as-mentees"] == (None, "grey")
    assert "Показатели эффективности" in text
    assert text.count('data-light="green"') == 1
    assert text.count('data-light="red"') == 1
    assert 'id="dashboard-trend-data"' in text
    assert 'id="dashboard-pairs-data"' in text
    assert "js/dashboard.js" in text and "vendor/chartjs/chart.umd.min.js" in text

    assert "Построить годовой отчёт за " + data["year"].title in text
    assert reverse("reports:report_create") in text
    assert "Ожидают вашего утверждения" not in text
    assert "Мои наставнические пары" not in text


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_director_blocks(client, director, alice, bob, organization, n):
    populate(organization, n=n, alice=alice, bob=bob)
    client.force_login(director)
    response = client.get(DASHBOARD)
    text = response.content.decode()
    context = response.context

    assert "Ожидают вашего утверждения" in text
    assert context["approval_count"] == _expected_pair_counts(n)[PairStatus.PROPOSED]
    assert reverse("pairs:approval_queue") in text
    assert "Последние приказы" in text
    assert [o.number for o in context["orders"]] == list(range(n, max(n - 5, 0), -1))
    assert f"Об утверждении наставнических пар {n}" in text
    assert reverse("reports:order_list") in text
    assert reverse("reports:order_detail", args=[context["orders"][0].pk]) in text
    assert "Показатели эффективности" in text
    assert "Ход выполнения дорожной карты" in text
    assert "Просроченные мероприятия" not in text
    assert "Построить годовой отчёт" not in text


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_mentor_sees_own_pairs_and_forms(
    client, alice, bob, organization, n, django_assert_max_num_queries
):
    data = populate(organization, n=n, alice=alice, bob=bob)
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get(DASHBOARD)
    text = response.content.decode()
    context = response.context

    assert "Мои наставнические пары и группы" in text
    assert len(context["mentor_pairs"]) == min(n, 10)
    assert {p.mentor.participant.user_id for p in context["mentor_pairs"]} == {alice.pk}
    bob_row = next(p for p in context["mentor_pairs"] if p.pk == data["bob_pair"].pk)
    assert bob_row.is_inactive is True
    assert "Бобров Борис Олегович" in text
    assert "Нет встреч более 14 дней" in text
    assert reverse("pairs:my_pairs") in text

    assert "Анкеты для заполнения" in text
    assert context["pending_forms"]["count"] == n
    first = context["pending_forms"]["items"][0]
    assert first.respondent == alice.participant
    assert reverse("surveys:response_fill", args=[first.pk]) in text

    for hidden in ("Ход выполнения дорожной карты", "Ожидают вашего утверждения", "Показатели эффективности"):
        assert hidden not in text


@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_mentee_sees_mentor_contacts_and_forms(
    client, alice, bob, organization, n, django_assert_max_num_queries
):
    data = populate(organization, n=n, alice=alice, bob=bob)
    client.force_login(bob)
    with django_assert_max_num_queries(8):
        response = client.get(DASHBOARD)
    text = response.content.decode()
    context = response.context

    assert "Мой наставник" in text
    assert [p.pk for p in context["mentee_pairs"]] == [data["bob_pair"].pk]
    assert "Алисова Алиса Петровна" in text
    assert alice.participant.email in text
    assert context["mentee_pairs"][0].get_status_display() in text
    assert context["pending_forms"]["count"] == n
    assert all(r.respondent == bob.participant for r in context["pending_forms"]["items"])
    assert "Мои наставнические пары" not in text
    assert "Показатели эффективности" not in text
    assert "js/dashboard.js" not in text


def test_dashboard_without_membership_asks_to_contact_the_curator(client, db):
    client.force_login(UserFactory(username="stranger"))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "обратитесь к куратору программы наставничества" in response.content.decode()
    assert response.context["no_membership"] is True


def test_dashboard_outsider_sees_nothing_of_another_organisation(client, charlie, alice, bob, organization):
    data = populate(organization, n=3, alice=alice, bob=bob)
    client.force_login(charlie)
    response = client.get(DASHBOARD)
    text = response.content.decode()
    assert response.context["pairs"]["total"] == 0
    assert response.context["inactive"]["count"] == 0
    assert response.context["overdue"]["count"] == 0
    assert response.context["stages"] == []
    assert reverse("pairs:detail", args=[data["bob_pair"].pk]) not in text
    assert "Бобров" not in text


def test_dashboard_requires_login(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
