"""No document for a person without consent (issue 3, «minors without a
representative's consent cannot be put into a pair or a document»): the pairs
approval order is neither drawn up nor signed when a person it names has no
consent to the processing of personal data (reports/services/orders.py)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.selectors import audit_events
from mentoring.tests.factories import (
    MembershipFactory,
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
)
from pairs.enums import PairStatus
from pairs.errors import PairError
from pairs.models import Pair
from pairs.services.approval import approve_pairs
from participants.enums import ConsentStatus
from reports.models import Order
from reports.enums import OrderKind, OrderStatus
from reports.services.orders import OrderRefused, approve_pairs_by_order, draft_order, sign_order, submit_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(organization):
    user = UserFactory(username="head")
    MembershipFactory(user=user, organization=organization, role=Role.DIRECTOR)
    return user


def _pair(organization, *, mentee_status=ConsentStatus.GIVEN, status=PairStatus.PROPOSED, **mentee_fields):
    mentor = MentorFactory(participant=ParticipantFactory(organization=organization, surname="Наставникова"))
    mentee = MenteeFactory(participant=ParticipantFactory(
        organization=organization, category="young_specialist", consent_status=mentee_status,
        **mentee_fields,
    ))
    return PairFactory(organization=organization, mentor=mentor, mentees=[mentee], status=status)


def test_order_is_refused_for_a_minor_without_the_representatives_consent(organization, head):
    minor_pair = _pair(
        organization, surname="Несогласов", mentee_status=ConsentStatus.REPRESENTATIVE_REQUIRED,
        birth_date=timezone.localdate() - datetime.timedelta(days=15 * 365),
    )
    fine_pair = _pair(organization, surname="Согласнов")

    with pytest.raises(OrderRefused) as info:
        approve_pairs_by_order(organization=organization, pairs=[fine_pair, minor_pair], actor=head)

    assert isinstance(info.value, PairError)
    assert "Несогласов" in str(info.value) and "Согласнов" not in str(info.value)
    assert str(info.value) == _(
        "The order cannot be drawn up: there is no consent to the processing of personal data "
        "on record for %(names)s."
    ) % {"names": minor_pair.mentees.get().participant.full_name}
    assert Order.objects.count() == 0
    assert not audit_events(prefix="reports.order.").exists()


def test_directors_approval_rolls_back_when_a_consent_is_missing(organization, head):
    pair = _pair(organization, surname="Отозвавший", mentee_status=ConsentStatus.WITHDRAWN)

    with pytest.raises(PairError, match="Отозвавший"):
        approve_pairs([pair], actor=head)

    pair = Pair.objects.get(pk=pair.pk)
    assert pair.status == PairStatus.PROPOSED and pair.order_id is None and pair.approved_at is None
    assert Order.objects.count() == 0


def test_mentor_without_consent_is_refused_too(organization, head):
    pair = _pair(organization)
    mentor = pair.mentor.participant
    mentor.consent_status = ConsentStatus.MISSING
    mentor.save()
    with pytest.raises(OrderRefused, match="Наставникова"):
        approve_pairs_by_order(organization=organization, pairs=[pair], actor=head)


def test_signing_is_refused_once_a_named_person_has_no_consent(organization, head, curator):
    pair = _pair(organization, surname="Позднеотозвавший")
    order = draft_order(organization=organization, kind=OrderKind.PAIRS_APPROVAL, actor=curator, pairs=[pair])
    submit_order(order, actor=curator)

    person = pair.mentees.get().participant
    person.consent_status = ConsentStatus.WITHDRAWN
    person.save()

    with pytest.raises(OrderRefused, match="Позднеотозвавший"):
        sign_order(order, actor=head)
    order.refresh_from_db()
    pair.refresh_from_db()
    assert (order.status, order.number, bool(order.file), order.sha256) == (OrderStatus.SUBMITTED, None, False, "")
    assert pair.status == PairStatus.PROPOSED
