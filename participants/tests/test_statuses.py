"""Status moves of mentors (candidate → approved by order → trained) and the
manual moves of mentees (services.statuses)."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.selectors import audit_events, event_data
from mentoring.tests.factories import MenteeFactory, MentorFactory, ParticipantFactory
from participants.enums import ConsentStatus, MenteeStatus, MentorStatus
from participants.models import MentorTraining
from participants.services.profiles import ProfileError
from participants.services.statuses import (
    StatusError,
    allowed_mentee_moves,
    approve_mentors,
    record_training,
    set_mentee_status,
    sync_base_status,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
TODAY = timezone.localdate()
ORDER_DATE = TODAY - datetime.timedelta(days=1)


def _mentor(organization, status=MentorStatus.CANDIDATE, consent=ConsentStatus.GIVEN, **participant):
    return MentorFactory(
        participant=ParticipantFactory(organization=organization, consent_status=consent, **participant),
        status=status,
    )


def _mentee(organization, status, consent=ConsentStatus.GIVEN):
    return MenteeFactory(
        participant=ParticipantFactory(organization=organization, consent_status=consent),
        status=status,
    )


def _training(mentor, curator, **overrides):
    values = {
        "course": "Наставничество в образовательной организации",
        "provider": "КРИПКиПРО",
        "hours": 36,
        "started_on": TODAY - datetime.timedelta(days=30),
        "finished_on": TODAY - datetime.timedelta(days=2),
        "actor": curator,
    }
    values.update(overrides)
    return record_training(mentor, **values)


def _stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


# --- approval by order ------------------------------------------------------------------


def test_approve_mentors_records_the_order_and_one_audit_entry(organization, curator):
    first, second = _mentor(organization), _mentor(organization)
    approve_mentors([first, second], order_number=" 112-о ", order_date=ORDER_DATE, actor=curator)
    for mentor in (first, second):
        mentor.refresh_from_db()
        assert (mentor.status, mentor.approval_order_number, mentor.approval_order_date) == (
            MentorStatus.APPROVED, "112-о", ORDER_DATE,
        )
    entries = audit_events("participants.mentor.approved")
    assert [(e.actor, e.additional_data["order_number"], e.additional_data["mentors"]) for e in entries] == [
        (curator, "112-о", sorted([first.pk, second.pk]))
    ]


def test_approve_mentors_requires_consent_and_names_the_person(organization, curator):
    ready = _mentor(organization)
    without = _mentor(organization, consent=ConsentStatus.MISSING, surname="Безсогласная")
    with pytest.raises(StatusError) as caught:
        approve_mentors([ready, without], order_number="5", order_date=ORDER_DATE, actor=curator)
    assert without.participant.full_name in caught.value.message
    assert ready.participant.full_name not in caught.value.message
    ready.refresh_from_db()
    assert (ready.status, ready.approval_order_number) == (MentorStatus.CANDIDATE, "")
    assert not audit_events("participants.mentor.approved").exists()


@pytest.mark.parametrize("status", [MentorStatus.APPROVED, MentorStatus.TRAINED])
def test_approve_mentors_refuses_who_is_not_a_candidate(organization, curator, status):
    mentor = _mentor(organization, status=status)
    with pytest.raises(StatusError) as caught:
        approve_mentors([mentor], order_number="5", order_date=ORDER_DATE, actor=curator)
    assert mentor.participant.full_name in caught.value.message
    mentor.refresh_from_db()
    assert mentor.status == status and mentor.approval_order_number == ""


@pytest.mark.parametrize("number, day, message", [
    ("", ORDER_DATE, "Give the number of the order."),
    ("1" * 31, ORDER_DATE, "The order number is longer than 30 characters."),
    ("7", TODAY + datetime.timedelta(days=1), "The order cannot be dated in the future."),
])
def test_approve_mentors_checks_the_order(organization, curator, number, day, message):
    mentor = _mentor(organization)
    with pytest.raises(StatusError) as caught:
        approve_mentors([mentor], order_number=number, order_date=day, actor=curator)
    assert caught.value.message == _(message)
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.CANDIDATE


def test_approve_mentors_refuses_an_empty_choice(curator):
    with pytest.raises(StatusError):
        approve_mentors([], order_number="5", order_date=ORDER_DATE, actor=curator)


# --- training -----------------------------------------------------------------------------


def test_record_training_moves_an_approved_mentor_to_trained(organization, curator):
    mentor = _mentor(organization, status=MentorStatus.APPROVED)
    training = _training(mentor, curator)
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.TRAINED
    assert list(mentor.trainings.values_list("course", "hours")) == [
        ("Наставничество в образовательной организации", 36)
    ]
    entry = audit_events("participants.mentor.training_recorded").get()
    assert event_data(entry) == {"training": training.pk, "course": training.course, "hours": 36,
                          "from": "approved", "to": "trained"}


def test_record_training_keeps_a_candidate_a_candidate(organization, curator):
    """Training before the approval is recorded but does not skip the order;
    the order then makes the trained candidate a trained mentor at once, while
    an untrained one is only approved."""
    mentor, other = _mentor(organization), _mentor(organization)
    _training(mentor, curator)
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.CANDIDATE
    assert mentor.trainings.count() == 1
    approved = approve_mentors([mentor, other], order_number="9", order_date=ORDER_DATE, actor=curator)
    assert [m.status for m in approved] == [MentorStatus.TRAINED, MentorStatus.APPROVED]
    mentor.refresh_from_db()
    other.refresh_from_db()
    assert (mentor.status, mentor.approval_order_number) == (MentorStatus.TRAINED, "9")
    assert (other.status, other.approval_order_number) == (MentorStatus.APPROVED, "9")


def test_record_training_keeps_a_trained_mentor_trained(organization, curator):
    mentor = _mentor(organization, status=MentorStatus.TRAINED)
    _training(mentor, curator)
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.TRAINED and mentor.trainings.count() == 1


@pytest.mark.parametrize("overrides, field", [
    ({"hours": 0}, "hours"),
    ({"hours": 501}, "hours"),
    ({"course": "   "}, "course"),
    ({"started_on": TODAY - datetime.timedelta(days=1), "finished_on": TODAY - datetime.timedelta(days=5)},
     "finished_on"),
    ({"finished_on": TODAY + datetime.timedelta(days=1)}, "finished_on"),
])
def test_record_training_refuses_bad_input(organization, curator, overrides, field):
    mentor = _mentor(organization, status=MentorStatus.APPROVED)
    with pytest.raises(ProfileError) as caught:
        _training(mentor, curator, **overrides)
    assert list(caught.value.errors) == [field]
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.APPROVED
    assert not MentorTraining.objects.exists()


def test_record_training_accepts_hours_at_the_bounds(organization, curator):
    mentor = _mentor(organization)
    _training(mentor, curator, hours=1)
    _training(mentor, curator, hours=500, finished_on=TODAY)
    assert sorted(mentor.trainings.values_list("hours", flat=True)) == [1, 500]


def test_record_training_stores_a_certificate_under_a_random_name(organization, curator, settings):
    mentor = _mentor(organization, status=MentorStatus.APPROVED)
    training = _training(mentor, curator, certificate=SimpleUploadedFile("Удостоверение.PDF", PDF))
    assert training.certificate.name.startswith("mentors/%d/training/" % mentor.pk)
    assert training.certificate.name.endswith(".pdf")
    assert "Удостоверение" not in training.certificate.name
    with training.certificate.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize("name, content", [
    ("certificate.pdf", b"just some text, renamed to look like a PDF"),
    ("certificate.pdf", PNG),  # a picture with the wrong extension
    ("certificate.jpg", PDF),
    ("certificate.txt", b"text"),
    ("certificate.exe", b"MZ\x90\x00"),
    ("certificate", PDF),
    ("certificate.pdf", b""),
])
def test_record_training_refuses_a_certificate_that_is_not_pdf_or_image(
    organization, curator, settings, name, content
):
    mentor = _mentor(organization, status=MentorStatus.APPROVED)
    with pytest.raises(ProfileError) as caught:
        _training(mentor, curator, certificate=SimpleUploadedFile(name, content))
    assert list(caught.value.errors) == ["certificate"]
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.APPROVED
    assert not MentorTraining.objects.exists()
    assert _stored_files(settings) == []


def test_record_training_refuses_a_certificate_over_5_mb(organization, curator, settings):
    mentor = _mentor(organization)
    big = SimpleUploadedFile("scan.pdf", PDF + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(ProfileError) as caught:
        _training(mentor, curator, certificate=big)
    assert caught.value.errors == {"certificate": _("The file is larger than 5 MB.")}
    assert not MentorTraining.objects.exists() and _stored_files(settings) == []


def test_record_training_accepts_jpeg_and_png_certificates(organization, curator):
    mentor = _mentor(organization)
    jpeg = _training(mentor, curator, certificate=SimpleUploadedFile("a.jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 20))
    png = _training(mentor, curator, certificate=SimpleUploadedFile("b.png", PNG))
    assert jpeg.certificate.name.endswith(".jpeg") and png.certificate.name.endswith(".png")


# --- mentees --------------------------------------------------------------------------------


def test_set_mentee_status_applicant_enters_the_base_with_consent(organization, curator):
    mentee = _mentee(organization, MenteeStatus.APPLICANT)
    set_mentee_status(mentee, MenteeStatus.IN_BASE, actor=curator)
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.IN_BASE
    entry = audit_events("participants.mentee.status_changed").get()
    assert event_data(entry) == {"from": "applicant", "to": "in_base"}


@pytest.mark.parametrize("consent", [
    ConsentStatus.MISSING, ConsentStatus.REPRESENTATIVE_REQUIRED, ConsentStatus.WITHDRAWN,
])
def test_set_mentee_status_applicant_without_consent_stays_out(organization, curator, consent):
    mentee = _mentee(organization, MenteeStatus.APPLICANT, consent=consent)
    with pytest.raises(StatusError) as caught:
        set_mentee_status(mentee, MenteeStatus.IN_BASE, actor=curator)
    assert mentee.participant.full_name in caught.value.message
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.APPLICANT


def test_set_mentee_status_completed_returns_to_the_base_for_a_new_cycle(organization, curator):
    mentee = _mentee(organization, MenteeStatus.COMPLETED)
    set_mentee_status(mentee, MenteeStatus.IN_BASE, actor=curator)
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.IN_BASE


def test_set_mentee_status_in_base_back_to_applicant(organization, curator):
    mentee = _mentee(organization, MenteeStatus.IN_BASE)
    set_mentee_status(mentee, MenteeStatus.APPLICANT, actor=curator)
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.APPLICANT


@pytest.mark.parametrize("old, new", [
    (MenteeStatus.IN_BASE, MenteeStatus.PAIRED),
    (MenteeStatus.IN_BASE, MenteeStatus.COMPLETED),
    (MenteeStatus.PAIRED, MenteeStatus.IN_BASE),
    (MenteeStatus.PAIRED, MenteeStatus.COMPLETED),
    (MenteeStatus.APPLICANT, MenteeStatus.PAIRED),
    (MenteeStatus.COMPLETED, MenteeStatus.APPLICANT),
    (MenteeStatus.APPLICANT, "nonsense"),
])
def test_set_mentee_status_refuses_moves_left_to_the_pairs(organization, curator, old, new):
    mentee = _mentee(organization, old)
    with pytest.raises(StatusError):
        set_mentee_status(mentee, new, actor=curator)
    mentee.refresh_from_db()
    assert mentee.status == old
    assert not audit_events("participants.mentee.status_changed").exists()


def test_set_mentee_status_same_status_changes_nothing(organization, curator):
    mentee = _mentee(organization, MenteeStatus.PAIRED)
    set_mentee_status(mentee, MenteeStatus.PAIRED, actor=curator)
    assert not audit_events("participants.mentee.status_changed").exists()


def test_allowed_mentee_moves(organization):
    moves = {
        status: allowed_mentee_moves(_mentee(organization, status)) for status in MenteeStatus.values
    }
    assert moves == {
        "applicant": ["in_base"], "in_base": ["applicant"], "paired": [], "completed": ["in_base"],
    }


def test_sync_base_status_still_follows_the_consent(organization):
    applicant = _mentee(organization, MenteeStatus.APPLICANT)
    sync_base_status(applicant.participant)
    applicant.refresh_from_db()
    assert applicant.status == MenteeStatus.IN_BASE
    paired = _mentee(organization, MenteeStatus.PAIRED, consent=ConsentStatus.WITHDRAWN)
    sync_base_status(paired.participant)
    paired.refresh_from_db()
    assert paired.status == MenteeStatus.PAIRED
    in_base = _mentee(organization, MenteeStatus.IN_BASE, consent=ConsentStatus.WITHDRAWN)
    sync_base_status(in_base.participant)
    in_base.refresh_from_db()
    assert in_base.status == MenteeStatus.APPLICANT
