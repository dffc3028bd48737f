"""The director's approval and return (pairs/services/approval.py; seed 000 5.6)."""

import pytest

from mentoring.models import AcademicYear
from pairs.enums import PairStatus
from pairs.errors import PairError
from pairs.services.approval import approve_pairs, return_pairs
from pairs.services.formation import create_pair, submit_pairs
from reports.enums import OrderKind, OrderStatus
from reports.models import Order


def _proposed(organization, curator, tt_form, traditional, mentor, mentee):
    pair = create_pair(
        organization=organization, form=tt_form, kind=traditional, mentor=mentor,
        mentees=[mentee], actor=curator,
    )
    submit_pairs([pair], actor=curator)
    return pair


def test_approve_pairs_issues_one_order_and_numbers_the_next(
    organization, curator, director, tt_form, traditional, proposed_pair, make_mentor, make_mentee
):
    second = _proposed(organization, curator, tt_form, traditional, make_mentor("Вторая"), make_mentee("Второй"))
    third = _proposed(organization, curator, tt_form, traditional, make_mentor("Третья"), make_mentee("Третий"))

    first_order = approve_pairs([proposed_pair, second], actor=director)

    assert Order.objects.count() == 1
    assert first_order.number == 1
    assert first_order.kind == OrderKind.PAIRS_APPROVAL
    assert first_order.status == OrderStatus.SIGNED
    assert first_order.signed_by == director
    assert first_order.title == "Об утверждении наставнических пар (групп)"
    assert first_order.academic_year == AcademicYear.current()
    assert set(first_order.pairs.all()) == {proposed_pair, second}
    for pair in (proposed_pair, second):
        pair.refresh_from_db()
        assert pair.status == PairStatus.APPROVED
        assert pair.approved_by == director
        assert pair.approved_at is not None
        assert pair.order == first_order

    second_order = approve_pairs([third], actor=director)

    assert second_order.number == 2
    assert Order.objects.count() == 2
    third.refresh_from_db()
    assert third.order == second_order


def test_approve_pairs_numbers_per_organisation(
    proposed_pair, director, other_organization
):
    Order.objects.create(
        organization=other_organization, academic_year=AcademicYear.current(), kind=OrderKind.REWARDS,
        number=7, issued_on=AcademicYear.current().starts_on, title="Другая",
    )

    order = approve_pairs([proposed_pair], actor=director)

    assert order.number == 1


def test_approve_pairs_updates_the_callers_objects(proposed_pair, director):
    order = approve_pairs([proposed_pair], actor=director)

    assert proposed_pair.status == PairStatus.APPROVED
    assert proposed_pair.order == order


def test_approve_pairs_only_by_the_director(proposed_pair, curator, alice, charlie):
    for actor in (curator, alice, charlie):
        with pytest.raises(PairError, match="Только директор"):
            approve_pairs([proposed_pair], actor=actor)

    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.PROPOSED
    assert Order.objects.count() == 0


def test_approve_pairs_refuses_a_draft_and_writes_nothing(
    organization, curator, director, tt_form, traditional, proposed_pair, make_mentor, make_mentee
):
    draft = create_pair(
        organization=organization, form=tt_form, kind=traditional, mentor=make_mentor("Черновая"),
        mentees=[make_mentee("Черновой")], actor=curator,
    )

    with pytest.raises(PairError, match="не ожидает утверждения"):
        approve_pairs([proposed_pair, draft], actor=director)

    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.PROPOSED
    assert proposed_pair.order is None
    assert Order.objects.count() == 0


def test_approve_pairs_refuses_an_empty_choice(director):
    with pytest.raises(PairError, match="хотя бы одну пару"):
        approve_pairs([], actor=director)


def test_return_pairs_needs_a_comment(proposed_pair, director):
    with pytest.raises(PairError, match="комментарий обязателен"):
        return_pairs([proposed_pair], actor=director, comment="   ")

    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.PROPOSED


def test_return_pairs_puts_pairs_back_to_draft_with_the_comment(proposed_pair, director):
    return_pairs([proposed_pair], actor=director, comment="Подобрать наставника по профилю")

    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.DRAFT
    assert proposed_pair.return_comment == "Подобрать наставника по профилю"
    last = proposed_pair.status_changes.last()
    assert (last.to_status, last.actor, last.comment) == ("draft", director, "Подобрать наставника по профилю")
    assert Order.objects.count() == 0


def test_return_pairs_only_by_the_director(proposed_pair, curator):
    with pytest.raises(PairError, match="Только директор"):
        return_pairs([proposed_pair], actor=curator, comment="Нет")
