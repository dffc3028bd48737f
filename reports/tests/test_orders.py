"""The pairs approval order: numbering, the PDF and its task
(reports/services/orders.py, reports/renderers/order.py; seed 000 5.6)."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from mentoring.enums import Role
from mentoring.models import AcademicYear, AuditEntry
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
from reports.services.orders import issue_pairs_order, next_order_number, render_order_file
from reports.tasks import task_render_order


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
    """A pair and a group of two, approved."""
    pair = PairFactory(
        organization=college, status=PairStatus.APPROVED,
        mentor=MentorFactory(participant=_person(college, "Ковалёва", name="Ирина", patronymic="Сергеевна")),
        mentees=[MenteeFactory(participant=_person(college, "Молодцов", category="young_specialist"))],
    )
    group = PairFactory(
        organization=college, status=PairStatus.APPROVED,
        mentor=MentorFactory(participant=_person(college, "Шестаков")),
        mentees=[
            MenteeFactory(participant=_person(college, "Первушина", category="young_specialist")),
            MenteeFactory(participant=_person(college, "Вторников", category="teacher")),
        ],
    )
    return [pair, group]


def test_issue_pairs_order_numbers_and_links(college, director, pairs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        order = issue_pairs_order(organization=college, pairs=pairs, actor=director)

    assert (order.number, order.kind, order.status) == (1, OrderKind.PAIRS_APPROVAL, OrderStatus.SIGNED)
    assert order.title == "Об утверждении наставнических пар (групп)"
    assert order.signed_by == director and order.signed_at is not None
    assert order.academic_year == AcademicYear.current()
    assert sorted(order.pairs.values_list("pk", flat=True)) == sorted(p.pk for p in pairs)
    assert [p.order for p in pairs] == [order, order]
    assert len(callbacks) == 1
    assert AuditEntry.objects.get(action="reports.order.issued").data["number"] == 1

    assert issue_pairs_order(organization=college, pairs=pairs[:1], actor=director).number == 2
    assert next_order_number(college, AcademicYear.current()) == 3


def test_issue_pairs_order_refuses_no_pairs(college, director):
    with pytest.raises(ValueError):
        issue_pairs_order(organization=college, pairs=[], actor=director)
    assert Order.objects.count() == 0


def _text(order) -> str:
    order.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(order.file.read()))
    finally:
        order.file.close()
    return "\n".join(page.extract_text() for page in reader.pages)


def test_order_pdf_is_rendered_after_commit_with_the_document_text(
    college, director, pairs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = issue_pairs_order(organization=college, pairs=pairs, actor=director)

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


def test_render_order_file_is_idempotent(college, director, pairs):
    order = issue_pairs_order(organization=college, pairs=pairs, actor=director)
    render_order_file(order)
    name, digest = order.file.name, order.sha256

    render_order_file(Order.objects.get(pk=order.pk))

    order.refresh_from_db()
    assert (order.file.name, order.sha256) == (name, digest)


def test_task_render_order_tolerates_a_missing_order(db, caplog):
    task_render_order.delay(order_id=987654)

    assert "order 987654 is gone" in caplog.text


def test_task_render_order_renders(college, director, pairs):
    order = issue_pairs_order(organization=college, pairs=pairs, actor=director)

    task_render_order(order_id=order.pk)

    order.refresh_from_db()
    assert order.file and len(order.sha256) == 64
