"""The order lifecycle (reports/services/orders.py; seed 000 1.1, 4.1, 5.6, 7.4):
drafting, submission, the director's signature with the number, the frozen
content, the PDF and the DOCX read back, the kind effects, verify_order_file."""

import hashlib
import io
import threading

import pytest
from django.db import connection, connections
from django.test import TestCase
from django.utils import timezone
from docx import Document
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
from pairs.errors import PairError
from pairs.models import Pair
from pairs.services.approval import approve_pairs, return_pairs
from pairs.services.lifecycle import set_pair_status
from participants.enums import ConsentStatus, MentorStatus
from reports.enums import AwardKind, OrderKind, OrderStatus
from reports.models import Award, Order
from reports.renderers.order import order_html, render_order, render_order_docx
from reports.services.orders import sign_order as _sign_order
from reports.services.orders import (
    OrderError,
    OrderRefused,
    delete_draft,
    draft_order,
    issue_order,
    return_order,
    submit_order,
    update_draft,
    verify_order_file,
)

CITY = "Анжеро-Судженск"


@pytest.fixture
def college(db):
    return OrganizationFactory(
        name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
        city=CITY, director_name="Д. Ф. Ахмерова",
    )


def _member(college, username, role, **names):
    user = UserFactory(username=username, **names)
    MembershipFactory(user=user, organization=college, role=role)
    return user


@pytest.fixture
def head(college):
    return _member(college, "head", Role.DIRECTOR)


@pytest.fixture
def methodist(college):
    return _member(college, "methodist", Role.CURATOR, first_name="Ольга", last_name="Кураторова")


def _person(college, surname, name="Ирина", patronymic="Сергеевна", **kw):
    return ParticipantFactory(organization=college, surname=surname, name=name, patronymic=patronymic, **kw)


def _pair(college, mentor, *mentees, status=PairStatus.PROPOSED):
    return PairFactory(
        organization=college, status=status,
        mentor=MentorFactory(participant=_person(college, mentor)),
        mentees=[MenteeFactory(participant=_person(college, m, category="young_specialist")) for m in mentees],
    )


@pytest.fixture
def proposed(college):
    return [_pair(college, "Ковалёва", "Молодцов"), _pair(college, "Шестаков", "Первушина", "Вторников")]


def pdf_text(content: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def stored(order) -> bytes:
    with order.file.storage.open(order.file.name, "rb") as handle:
        return handle.read()


def sign_order(order, *, actor) -> Order:
    """Sign, then run what the commit queues (the worker's rendering of the
    PDF and DOCX, reports.render_order_files): the order as the director finds
    it a moment later."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        signed = _sign_order(order, actor=actor)
    signed.refresh_from_db()
    return signed


def _signed_pairs_order(college, methodist, head, pairs) -> Order:
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=pairs)
    submit_order(order, actor=methodist)
    return sign_order(order, actor=head)


# --- the pairs order end to end -------------------------------------------------------


def test_pairs_order_is_signed_numbered_frozen_and_approves_the_pairs(college, methodist, head, proposed):
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed)
    assert (order.status, order.number, order.issued_on) == (OrderStatus.DRAFT, None, None)
    assert order.title == "Об утверждении наставнических пар (групп)"
    assert sorted(order.pairs.values_list("pk", flat=True)) == sorted(p.pk for p in proposed)

    submit_order(order, actor=methodist)
    assert order.status == OrderStatus.SUBMITTED and order.submitted_at is not None
    order = sign_order(order, actor=head)

    today = timezone.localdate()
    assert (order.status, order.number, order.issued_on) == (OrderStatus.SIGNED, 1, today)
    assert order.signed_by == head and order.signed_at is not None
    assert order.academic_year == AcademicYear.current(today)
    for pair in Pair.objects.filter(pk__in=[p.pk for p in proposed]):
        assert (pair.status, pair.approved_by, pair.order_id) == (PairStatus.APPROVED, head, order.pk)
        assert pair.approved_at is not None
    # the frozen content: everything the documents print
    content = order.content
    assert (content["number"], content["date"], content["place"]) == (1, today.strftime("%d.%m.%Y"), "г. " + CITY)
    assert [row["mentor"] for row in content["pairs"]] == ["Ковалёва Ирина Сергеевна", "Шестаков Ирина Сергеевна"]
    assert content["pairs"][1]["mentees"] == ["Вторников Ирина Сергеевна", "Первушина Ирина Сергеевна"]
    assert content["director"] == "Д. Ф. Ахмерова"
    assert content["acquainted"] == ["Ковалёва Ирина Сергеевна", "Шестаков Ирина Сергеевна"]
    # the stored PDF and its hash
    data = stored(order)
    assert hashlib.sha256(data).hexdigest() == order.sha256
    text = pdf_text(data)
    for expected in [
        "ГПОУ «Анжеро-Судженский политехнический колледж»", "ПРИКАЗ", "№ 1", today.strftime("%d.%m.%Y"),
        "г. Анжеро-Судженск", "Об утверждении наставнических пар (групп)", "ПРИКАЗЫВАЮ:",
        "Ковалёва Ирина Сергеевна", "Молодцов Ирина Сергеевна", "Первушина", "Вторников", "Шестаков",
        "педагог – педагог", "Директор", "Д. Ф. Ахмерова", "С приказом ознакомлены:",
        "Приложение к приказу ГПОУ АСПК",
    ]:
        assert expected in text, expected
    assert "ПРОЕКТ" not in text
    actions = list(audit_events(obj=order).order_by("timestamp", "pk").values_list("event", flat=True))
    assert actions == ["reports.order.drafted", "reports.order.submitted", "reports.order.signed"]


def test_numbers_follow_in_the_year_per_organisation(college, methodist, head, other_organization):
    Order.objects.create(organization=other_organization, academic_year=AcademicYear.current(),
                         kind=OrderKind.REWARDS, number=1, issued_on=timezone.localdate(), title="Чужой")
    first = _signed_pairs_order(college, methodist, head, [_pair(college, "Первая", "Первый")])
    second = _signed_pairs_order(college, methodist, head, [_pair(college, "Вторая", "Второй")])
    assert (first.number, second.number) == (1, 2)


def test_draft_preview_is_marked_and_unnumbered_and_docx_reads_back(college, methodist, proposed):
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed)
    text = pdf_text(render_order(order).content)
    assert "ПРОЕКТ" in text and "№ ______" in text and "Ковалёва Ирина Сергеевна" in text
    docx = docx_text(render_order_docx(order).content)
    assert "ПРОЕКТ" in docx and "Ковалёва Ирина Сергеевна" in docx and "ПРИКАЗЫВАЮ:" in docx


def test_signed_docx_has_the_requisites(college, methodist, head, proposed):
    order = _signed_pairs_order(college, methodist, head, proposed)
    rendered = render_order_docx(order)
    assert rendered.filename == "prikaz-1-%s.docx" % order.issued_on.isoformat()
    text = docx_text(rendered.content)
    for expected in [
        "ГПОУ «Анжеро-Судженский политехнический колледж»", "ПРИКАЗ", "№ 1", order.issued_on.strftime("%d.%m.%Y"),
        "г. Анжеро-Судженск", "Об утверждении наставнических пар (групп)", "ПРИКАЗЫВАЮ:",
        "Ковалёва Ирина Сергеевна", "Вторников Ирина Сергеевна", "Д. Ф. Ахмерова", "С приказом ознакомлены:",
    ]:
        assert expected in text, expected
    assert "ПРОЕКТ" not in text


# --- lifecycle rules ----------------------------------------------------------------------


def test_lifecycle_rules(college, methodist, head, proposed):
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed[:1])
    with pytest.raises(OrderError):
        sign_order(order, actor=head)  # a draft is not signed
    with pytest.raises(OrderError):
        draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=head, pairs=proposed[1:])
    with pytest.raises(OrderError):
        issue_order(order, actor=methodist)
    submit_order(order, actor=methodist)
    with pytest.raises(OrderError):
        update_draft(order, actor=methodist, title="Другое", preamble="", points=["Пункт"])
    with pytest.raises(OrderError):
        sign_order(order, actor=methodist)  # only the director signs
    with pytest.raises(OrderError):
        return_order(order, actor=head, comment="  ")
    return_order(order, actor=head, comment="Добавить вторую группу")
    assert (order.status, order.return_comment) == (OrderStatus.DRAFT, "Добавить вторую группу")
    update_draft(order, actor=methodist, title="Об утверждении наставнических пар", preamble="Основание",
                 points=["Утвердить пары.", "", "Контроль оставляю за собой."], pairs=proposed)
    assert order.points == ["Утвердить пары.", "Контроль оставляю за собой."]
    assert order.pairs.count() == 2
    submit_order(order, actor=methodist)
    with pytest.raises(OrderError):
        delete_draft(order, actor=methodist)
    sign_order(order, actor=head)
    issue_order(order, actor=methodist)
    assert order.status == OrderStatus.ISSUED and order.issued_by == methodist


def test_empty_pairs_order_cannot_be_submitted(college, methodist):
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist)
    with pytest.raises(OrderError):
        submit_order(order, actor=methodist)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DRAFT


def test_a_pair_cannot_be_in_two_open_orders_and_deleting_frees_it(college, methodist, proposed):
    first = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed)
    with pytest.raises(OrderError, match=r"\b%d\b" % proposed[0].pk):
        draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed[:1])
    assert Order.objects.count() == 1
    delete_draft(first, actor=methodist)
    assert not Order.objects.exists()
    assert set(Pair.objects.values_list("order", flat=True)) == {None}
    assert audit_events("reports.order.deleted").exists()


def test_signed_order_refuses_edits(college, methodist, head, proposed):
    order = _signed_pairs_order(college, methodist, head, proposed)
    before = (order.title, order.points, order.content, order.sha256)
    with pytest.raises(OrderError, match="№|No."):
        update_draft(order, actor=methodist, title="Изменённый", preamble="", points=["Новый"], pairs=[])
    with pytest.raises(OrderError):
        delete_draft(order, actor=methodist)
    with pytest.raises(OrderError):
        return_order(order, actor=head, comment="Поздно")
    order.refresh_from_db()
    assert (order.title, order.points, order.content, order.sha256) == before
    assert order.pairs.count() == 2


def test_signing_refuses_a_pair_no_longer_proposed_and_writes_nothing(college, methodist, head, proposed):
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed)
    submit_order(order, actor=methodist)
    set_pair_status(Pair.objects.get(pk=proposed[1].pk), PairStatus.DRAFT, actor=head)

    with pytest.raises(OrderError, match=r"\b%d\b" % proposed[1].pk):
        sign_order(order, actor=head)

    order.refresh_from_db()
    assert (order.status, order.number, order.file.name, order.sha256) == (OrderStatus.SUBMITTED, None, "", "")
    assert Pair.objects.get(pk=proposed[0].pk).status == PairStatus.PROPOSED
    assert not audit_events("reports.order.signed").exists()


def test_signing_refuses_a_person_without_consent(college, methodist, head, proposed):
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed)
    submit_order(order, actor=methodist)
    person = proposed[0].mentees.get().participant
    person.consent_status = ConsentStatus.WITHDRAWN
    person.save()
    with pytest.raises(OrderRefused, match="Молодцов"):
        sign_order(order, actor=head)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED


def test_a_failing_step_of_the_signature_writes_nothing_and_queues_nothing(
    college, methodist, head, proposed, monkeypatch
):
    from reports.services.orders import signing

    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed)
    submit_order(order, actor=methodist)
    real_log = signing._log

    def failing_log(action, *args, **kwargs):
        if action == "signed":
            raise RuntimeError("audit is down")
        return real_log(action, *args, **kwargs)

    monkeypatch.setattr(signing, "_log", failing_log)
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        _sign_order(order, actor=head)
    assert callbacks == []  # no rendering queued
    order.refresh_from_db()
    assert (order.status, order.number, order.content, order.content_hash, order.file_status) == (
        OrderStatus.SUBMITTED, None, {}, "", "")
    assert set(Pair.objects.values_list("status", flat=True)) == {PairStatus.PROPOSED}


# --- the director's approval page shortcut ------------------------------------------------


def test_approve_pairs_refuses_a_pair_in_an_open_order(college, methodist, head, proposed):
    draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed[:1])
    with pytest.raises(PairError, match=r"\b%d\b" % proposed[0].pk):
        approve_pairs(proposed, actor=head)
    assert Order.objects.count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        order = approve_pairs(proposed[1:], actor=head)
    order.refresh_from_db()
    assert (order.number, order.status, order.sha256 != "") == (1, OrderStatus.SIGNED, True)
    assert "Шестаков" in pdf_text(stored(order))


def test_returning_a_pair_takes_it_out_of_the_open_order(college, methodist, head, proposed):
    order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist, pairs=proposed)
    return_pairs(proposed[:1], actor=head, comment="Другой наставник")
    assert list(order.pairs.values_list("pk", flat=True)) == [proposed[1].pk]


# --- verify_order_file -----------------------------------------------------------------------


def test_verify_order_file_passes_restores_and_refuses(college, methodist, head, proposed):
    order = _signed_pairs_order(college, methodist, head, proposed)
    original = stored(order)
    assert render_order(order).content == original  # byte-stable from the frozen content
    assert verify_order_file(order) is True

    # a missing file is re-created with the same bytes
    order.file.storage.delete(order.file.name)
    assert verify_order_file(order) is True
    order.refresh_from_db()
    assert stored(order) == original
    assert audit_events("reports.order.file_restored").count() == 1

    # a tampered file is refused and kept
    with order.file.storage.open(order.file.name, "wb") as handle:
        handle.write(original + b"%tampered")
    with pytest.raises(OrderError):
        verify_order_file(order)
    assert stored(order) == original + b"%tampered"


def test_verify_order_file_refuses_altered_content_and_keeps_everything(college, methodist, head, proposed):
    order = _signed_pairs_order(college, methodist, head, proposed)
    original = stored(order)
    content = dict(order.content, title="Подменённый заголовок")
    Order.objects.filter(pk=order.pk).update(content=content)
    order.refresh_from_db()
    with pytest.raises(OrderError):
        verify_order_file(order)
    order.file.storage.delete(order.file.name)
    with pytest.raises(OrderError):
        verify_order_file(order)  # not re-created from altered content
    assert not order.file.storage.exists(order.file.name)
    assert len(original) > 1000


def test_rendering_a_signed_order_reads_only_the_frozen_content(college, methodist, head, proposed):
    order = _signed_pairs_order(college, methodist, head, proposed)
    before = order_html(order)
    person = proposed[0].mentor.participant
    person.surname = "Переименованная"
    person.save()
    college.name = "Другое название"
    college.save()
    order = Order.objects.get(pk=order.pk)
    assert order_html(order) == before
    assert hashlib.sha256(render_order(order).content).hexdigest() == order.sha256


# --- the other kinds -----------------------------------------------------------------------------


def test_mentor_base_order_approves_the_mentors_with_its_number(college, methodist, head):
    candidates = [MentorFactory(participant=_person(college, s, position="преподаватель")) for s in ("Андреева", "Борисов")]
    no_consent = MentorFactory(participant=_person(college, "Несогласный", consent_status=ConsentStatus.MISSING))
    with pytest.raises(OrderRefused, match="Несогласный"):
        draft_order(organization=college, kind=OrderKind.MENTOR_BASE, actor=methodist, mentors=[no_consent])
    # an earlier order this year takes number 1
    _signed_pairs_order(college, methodist, head, [_pair(college, "Первая", "Первый")])

    order = draft_order(organization=college, kind=OrderKind.MENTOR_BASE, actor=methodist, mentors=candidates)
    submit_order(order, actor=methodist)
    sign_order(order, actor=head)

    assert order.number == 2
    for mentor in candidates:
        mentor.refresh_from_db()
        assert (mentor.status, mentor.approval_order_number, mentor.approval_order_date) == (
            MentorStatus.APPROVED, "2", order.issued_on)
    text = pdf_text(stored(order))
    for expected in ["Об утверждении базы наставников", "База наставников", "Андреева Ирина Сергеевна",
                     "Борисов Ирина Сергеевна", "преподаватель", "№ 2"]:
        assert expected in text, expected
    assert "Несогласный" not in text


def test_mentor_base_signing_refuses_a_mentor_approved_meanwhile(college, methodist, head):
    from participants.services.statuses import approve_mentors

    mentor = MentorFactory(participant=_person(college, "Спешная"))
    order = draft_order(organization=college, kind=OrderKind.MENTOR_BASE, actor=methodist, mentors=[mentor])
    submit_order(order, actor=methodist)
    approve_mentors([mentor], order_number="12-к", order_date=timezone.localdate(), actor=head)
    with pytest.raises(OrderError, match="Спешная"):
        sign_order(order, actor=head)
    order.refresh_from_db()
    assert (order.status, order.number) == (OrderStatus.SUBMITTED, None)


def test_rewards_order_lists_the_awards(college, methodist, head):
    mentor = MentorFactory(participant=_person(college, "Лучшая"))
    award = Award.objects.create(organization=college, academic_year=AcademicYear.current(), mentor=mentor,
                                 kind=AwardKind.PAY_SUPPLEMENT, reason="за высокие результаты наставляемого",
                                 supplement_percent="15.00")
    order = draft_order(organization=college, kind=OrderKind.REWARDS, actor=methodist, awards=[award])
    assert order.title == "О поощрении участников наставнической деятельности"
    submit_order(order, actor=methodist)
    sign_order(order, actor=head)
    award.refresh_from_db()
    assert award.order == order
    assert order.content["awards"] == [{"id": award.pk, "mentor": "Лучшая Ирина Сергеевна",
                                        "kind": "Установить доплату",
                                        "reason": "за высокие результаты наставляемого", "percent": "15"}]
    text = pdf_text(stored(order))
    assert "Лучшая Ирина Сергеевна" in text and "за высокие результаты наставляемого" in text
    assert "Установить доплату" in docx_text(render_order_docx(order).content)


def test_completion_order_freezes_the_pairs_completed_at_signing(college, methodist, head):
    done = _pair(college, "Завершившая", "Выпускник", status=PairStatus.COMPLETED)
    _pair(college, "Работающая", "Работник", status=PairStatus.ACTIVE)
    order = draft_order(organization=college, kind=OrderKind.COMPLETION, actor=methodist)
    submit_order(order, actor=methodist)
    sign_order(order, actor=head)
    assert [row["id"] for row in order.content["pairs"]] == [done.pk]
    _pair(college, "Поздняя", "Опоздавший", status=PairStatus.COMPLETED)
    text = pdf_text(render_order(Order.objects.get(pk=order.pk)).content)
    assert "Завершившая" in text and "Поздняя" not in text and "Работающая" not in text
    assert "О завершении цикла программы наставничества" in text


def test_introduction_order_names_the_curator(college, methodist, head):
    order = draft_order(organization=college, kind=OrderKind.INTRODUCTION, actor=methodist)
    submit_order(order, actor=methodist)
    sign_order(order, actor=head)
    text = pdf_text(stored(order))
    assert "О внедрении целевой модели наставничества" in text
    assert "Кураторова" in text and "Положение о наставничестве" in text


# --- numbering under concurrent signing (PostgreSQL) --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_gives_consecutive_numbers(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the concurrent signing test needs PostgreSQL")
    college = OrganizationFactory(city=CITY)
    methodist = _member(college, "methodist", Role.CURATOR)
    head = _member(college, "head", Role.DIRECTOR)
    first = _signed_pairs_order(college, methodist, head, [_pair(college, "Нулевая", "Нулевой")])
    orders = []
    for surname in ("Левая", "Правая"):
        order = draft_order(organization=college, kind=OrderKind.PAIRS_APPROVAL, actor=methodist,
                            pairs=[_pair(college, surname, surname + "н")])
        orders.append(submit_order(order, actor=methodist))
    barrier = threading.Barrier(2)
    errors = []

    def sign(order):
        try:
            barrier.wait(timeout=10)
            sign_order(Order.objects.get(pk=order.pk), actor=head)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("number", flat=True))
    assert first.number == 1 and numbers == [2, 3]
    all_numbers = list(Order.objects.filter(organization=college).values_list("number", flat=True))
    assert sorted(all_numbers) == [1, 2, 3]
