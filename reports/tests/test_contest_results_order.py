"""The contest results order (OrderKind.CONTEST_RESULTS; seed 002 items 10, 13):
drafted by the territory curator, signed by the head through the ordinary
order machinery, granting the winners' awards once and publishing the results."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from participants.data.consent_texts import PUBLICATION_VERSION
from participants.enums import ConsentGiver
from participants.services.consents import record_consent
from reports.enums import AwardKind, ContestStage, OrderKind, OrderStatus
from reports.models import Award
from reports.selectors_contests import contest_results
from reports.services import contests
from reports.services.orders import OrderError, order_content, sign_order
from reports.services.orders import contest_results as results

from .contest_world import nominate_both, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(contest_world):
    """College 40,00 (1st), school 36,00 (2nd); two prize places."""
    cw = contest_world
    college, school = nominate_both(cw)
    score_all(cw, cw.juror_a, college, [8, 6, 4])
    score_all(cw, cw.juror_b, college, [8, 6, 4])
    score_all(cw, cw.juror_a, school, [6, 6, 6])
    contests.close_contest(cw.contest, actor=cw.world.coordinator)
    return cw, college, school


def test_results_order_drafted_by_the_coordinator_lists_the_winners(closed):
    cw, college, school = closed
    with pytest.raises(OrderError):
        results.draft_results_order(cw.contest, actor=cw.world.college_curator)
    order = results.draft_results_order(cw.contest, actor=cw.world.coordinator)
    assert (order.kind, order.organization, order.status) == (
        OrderKind.CONTEST_RESULTS, cw.world.authority, OrderStatus.DRAFT)
    assert order.title == "Об итогах муниципального конкурса «Лучший наставник — 2026»"
    content = order_content(order)
    assert content["winners"] == [
        {"place": 1, "award": "Победитель (I место)", "name": "Колледжева Анна Петровна",
         "organization": cw.world.college.name, "total": "40,00"},
        {"place": 2, "award": "Призёр (II место)", "name": "Школьная Анна Петровна",
         "organization": cw.world.school.name, "total": "36,00"},
    ]
    with pytest.raises(OrderError) as error:
        results.draft_results_order(cw.contest, actor=cw.world.coordinator)
    assert "уже подготовлен" in str(error.value)


def test_results_order_signed_by_the_head_grants_awards_once(closed):
    cw, college, school = closed
    results.draft_results_order(cw.contest, actor=cw.world.coordinator)
    cw.contest.refresh_from_db()
    assert contest_results(cw.contest) == []  # not public before the signature
    order = results.submit_results_order(cw.contest, actor=cw.world.coordinator)
    sign_order(order, actor=cw.world.head)
    order.refresh_from_db()
    cw.contest.refresh_from_db()
    assert order.status == OrderStatus.SIGNED and order.number == 1
    assert cw.contest.stage == ContestStage.RESULTS
    awards = list(Award.objects.order_by("place").values_list(
        "mentor", "organization", "kind", "place", "contest", "order"))
    assert awards == [
        (cw.college_mentor.pk, cw.world.college.pk, AwardKind.CONTEST_WINNER, 1, cw.contest.pk, order.pk),
        (cw.school_mentor.pk, cw.world.school.pk, AwardKind.CONTEST_PRIZE, 2, cw.contest.pk, order.pk),
    ]
    assert [row["name"] for row in order.content["winners"]] == [
        "Колледжева Анна Петровна", "Школьная Анна Петровна"]
    with pytest.raises(OrderError) as error:
        sign_order(order, actor=cw.world.head)
    assert "подписан" in str(error.value)
    assert Award.objects.count() == 2
    rows = contest_results(cw.contest)
    # the programme's consent does not cover publication: the public page must not name them
    assert [(r["place"], r["mentor"], r["total"], r["publishable"]) for r in rows] == [
        (1, cw.college_mentor, Decimal("40.00"), False), (2, cw.school_mentor, Decimal("36.00"), False)]
    record_consent(cw.college_mentor.participant, given_by=ConsentGiver.SELF,
                   given_on=datetime.date(2026, 11, 1), actor=cw.world.college_curator,
                   text_version=PUBLICATION_VERSION)
    assert [r["publishable"] for r in contest_results(cw.contest)] == [True, False]


def test_results_order_signature_refused_for_the_coordinator_and_returned_order_editable(closed):
    cw, *_ = closed
    results.draft_results_order(cw.contest, actor=cw.world.coordinator)
    order = results.submit_results_order(cw.contest, actor=cw.world.coordinator)
    with pytest.raises(OrderError):
        sign_order(order, actor=cw.world.coordinator)
    from reports.services.orders import return_order

    return_order(order, actor=cw.world.head, comment="Уточнить преамбулу")
    results.update_results_order(cw.contest, actor=cw.world.coordinator, title="Об итогах конкурса",
                                 preamble="Новая преамбула", points=["Утвердить итоги."])
    order.refresh_from_db()
    assert (order.status, order.preamble) == (OrderStatus.DRAFT, "Новая преамбула")
    assert not Award.objects.exists()


def test_contest_award_on_the_mentor_profile_and_the_awards_list(closed, client):
    cw, *_ = closed
    results.draft_results_order(cw.contest, actor=cw.world.coordinator)
    sign_order(results.submit_results_order(cw.contest, actor=cw.world.coordinator), actor=cw.world.head)
    client.force_login(cw.world.college_curator)
    page = client.get(reverse("participants:participant_detail", args=[cw.college_mentor.participant_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Диплом победителя конкурса" in html
    assert "Победитель (I место) муниципального конкурса «Лучший наставник — 2026», итоговый балл 40,00" in html
    awards = client.get(reverse("reports:award_list"))
    assert "Приказ управления образования" in awards.content.decode()
