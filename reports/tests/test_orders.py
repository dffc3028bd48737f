"""The pairs approval order of the director's approval page: numbering, links
and the PDF stored at signing (reports/services/orders.py, reports/renderers/
order.py; seed 000 5.6)."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from mentoring.enums import Role
from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
from mentoring.tests.factories import (
    MembershipFactory,
    MenteeFactory,
    MentorFactory,
    OrganizationFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
)
from pairs.enums import PairStatus
from reports.enums import OrderKind, OrderStatus
from reports.models import Order
from reports.services.orders import OrderError, approve_pairs_by_order, next_order_number


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def college(db):
    return OrganizationFactory(
        name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
        city="Анжеро-Судженск", director_name="Д. Ф. Ахмерова",
    )


@pytest.fixture
def director(college):
    user = UserFactory(username="head")
    MembershipFactory(user=user, organization=college, role=Role.DIRECTOR)
    return user


def _person(college, surname, **kw):
    return ParticipantFactory(organization=college, surname=surname, **kw)


@pytest.fixture
def pairs(college):
    """A pair and a group of two, waiting for approval."""
    pair = PairFactory(
        organization=college, status=PairStatus.PROPOSED,
        mentor=MentorFactory(participant=_person(college, "Ковалёва", name="Ирина", patronymic="Сергеевна")),
        mentees=[MenteeFactory(participant=_person(college, "Молодцов", category="young_specialist"))],
    )
    group = PairFactory(
        organization=college, status=PairStatus.PROPOSED,
        mentor=MentorFactory(participant=_person(college, "Шестаков")),
        mentees=[
            MenteeFactory(participant=_person(college, "Первушина", category="young_specialist")),
            MenteeFactory(participant=_person(college, "Вторников", category="teacher")),
        ],
    )
    return [pair, group]


def test_approval_order_numbers_links_and_approves(college, director, pairs):
    order = approve_pairs_by_order(organization=college, pairs=pairs, actor=director)

    assert (order.number, order.kind, order.status) == (1, OrderKind.PAIRS_APPROVAL, OrderStatus.SIGNED)
    assert order.title == "Об утверждении наставнических пар (групп)"
    assert order.signed_by == director and order.signed_at is not None
    assert order.academic_year == AcademicYear.current()
    assert sorted(order.pairs.values_list("pk", flat=True)) == sorted(p.pk for p in pairs)
    for pair in pairs:
        pair.refresh_from_db()
        assert (pair.order, pair.status, pair.approved_by) == (order, PairStatus.APPROVED, director)
    assert audit_events("reports.order.signed").get().additional_data["number"] == 1

    third = PairFactory(organization=college, status=PairStatus.PROPOSED)
    assert approve_pairs_by_order(organization=college, pairs=[third], actor=director).number == 2
    assert next_order_number(college, AcademicYear.current()) == 3


def test_approval_order_refuses_no_pairs(college, director):
    with pytest.raises(OrderError):
        approve_pairs_by_order(organization=college, pairs=[], actor=director)
    assert Order.objects.count() == 0


def _text(order) -> str:
    order.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(order.file.read()))
    finally:
        order.file.close()
    return "\n".join(page.extract_text() for page in reader.pages)


def test_order_pdf_is_stored_after_signing_with_the_document_text(college, director, pairs,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the worker renders the documents
        order = approve_pairs_by_order(organization=college, pairs=pairs, actor=director)

    order.refresh_from_db()
    assert order.file.name.endswith(".pdf")
    text = " ".join(_text(order).split())
    for expected in [
        "ГПОУ «Анжеро-Судженский политехнический колледж»",
        "ПРИКАЗ",
        "№ 1",
        "Об утверждении наставнических пар (групп)",
        "приказываю".upper(),
        "Ковалёва Ирина Сергеевна",
        "Молодцов",
        "Шестаков",
        "Первушина",
        "Вторников",
        "Д. Ф. Ахмерова",
        "г. Анжеро-Судженск",
        "педагог – педагог",
    ]:
        assert expected in text, expected
    with order.file.open("rb") as stored:
        assert order.sha256 == hashlib.sha256(stored.read()).hexdigest()
