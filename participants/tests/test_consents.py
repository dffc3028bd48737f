"""Recording and withdrawing consents; the consent status they give; the
anonymisation a withdrawal causes (participants/services/consents.py)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import ParticipantCategory
from mentoring.models import MentoringForm
from mentoring.selectors import audit_events, event_data
from mentoring.tests.factories import (
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
    traditional_kind,
)
from pairs.enums import EndInitiative, PairStatus
from pairs.errors import PairError
from pairs.models import Meeting, Pair, PairStatusChange
from pairs.services.formation import create_pair
from participants.data.consent_texts import CONSENT_TEXTS, current_text
from participants.enums import (
    ConsentChannel,
    ConsentGiver,
    ConsentPurpose,
    ConsentStatus,
    MenteeStatus,
    NeedCategory,
    PersonalDataCategory,
    PortfolioKind,
)
from participants.errors import ConsentError
from participants.models import (
    ApplicantImport,
    DataErasure,
    MenteeRequest,
    MentorTraining,
    Participant,
    PortfolioItem,
)
from participants.services.consents import (
    PAIR_END_REASON,
    anonymise_participant,
    record_consent,
    status_after_withdrawal,
    withdraw_consent,
)
from surveys.models import Answer, Question, Response, Survey

pytestmark = pytest.mark.django_db


def _person(organization, years: int, status=ConsentStatus.MISSING, **fields):
    today = timezone.localdate()
    return ParticipantFactory(
        organization=organization, birth_date=today - datetime.timedelta(days=years * 365 + 10),
        consent_status=status, **fields,
    )


def _representative(**overrides):
    fields = {
        "given_by": ConsentGiver.REPRESENTATIVE, "given_on": timezone.localdate(),
        "representative_name": "Петрова Анна Сергеевна", "representative_relation": "мать",
        "representative_document": "свидетельство о рождении III-ЛО № 123456",
    }
    return {**fields, **overrides}


# --- recording --------------------------------------------------------------------------


def test_record_consent_of_an_adult_gives_consent_and_is_audited(organization, curator):
    person = _person(organization, 30)
    consent = record_consent(person, given_by=ConsentGiver.SELF, given_on=timezone.localdate(),
                             actor=curator, note="  заявление  ")
    person.refresh_from_db()
    assert person.consent_status == ConsentStatus.GIVEN
    text = current_text()
    assert consent.text_version == text.version == "2026-1"
    assert consent.purposes == list(text.purposes) and consent.data_categories == list(text.data_categories)
    assert consent.received_via == ConsentChannel.PAPER and consent.note == "заявление"
    assert consent.recorded_by == curator
    entry = audit_events("participants.consent.recorded").get()
    assert (entry.actor, entry.object_pk, event_data(entry)) == (
        curator, str(consent.pk),
        {"participant": person.pk, "given_by": "self", "consent_status": "given"},
    )


def test_record_consent_keeps_chosen_purposes_and_data_in_the_text_order(organization, curator):
    person = _person(organization, 30)
    consent = record_consent(
        person, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=curator,
        purposes=[ConsentPurpose.MATCHING, ConsentPurpose.PROGRAMME, ConsentPurpose.PROGRAMME],
        data_categories=[PersonalDataCategory.CONTACTS, PersonalDataCategory.NAME],
        received_via=ConsentChannel.SCAN,
    )
    consent.refresh_from_db()
    assert consent.purposes == ["programme", "matching"]
    assert consent.data_categories == ["name", "contacts"]
    assert consent.received_via == "scan"


def test_minor_own_consent_does_not_count(organization, curator):
    minor = _person(organization, 15)
    record_consent(minor, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=curator)
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.REPRESENTATIVE_REQUIRED
    record_consent(minor, actor=curator, **_representative(representative_name="  Петрова  Анна "))
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.GIVEN
    consent = minor.consents.get(given_by="representative")
    assert consent.representative_name == "Петрова Анна"
    assert consent.representative_relation == "мать"
    assert consent.representative_document == "свидетельство о рождении III-ЛО № 123456"


def test_own_consent_ignores_representative_fields(organization, curator):
    person = _person(organization, 30)
    consent = record_consent(person, given_by=ConsentGiver.SELF, given_on=timezone.localdate(),
                             actor=curator, representative_name="Кто-то", representative_document="док")
    assert (consent.representative_name, consent.representative_document) == ("", "")


def test_consent_moves_an_applicant_mentee_into_the_base(organization, curator):
    minor = _person(organization, 16, status=ConsentStatus.REPRESENTATIVE_REQUIRED)
    mentee = MenteeFactory(participant=minor, status=MenteeStatus.APPLICANT)
    record_consent(minor, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=curator)
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.APPLICANT  # a minor's own consent does not count
    record_consent(minor, actor=curator, **_representative())
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.IN_BASE


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"representative_name": ""}, "Give the legal representative's full name."),
        ({"representative_relation": " "},
         "Give who the legal representative is to the participant (mother, father, guardian…)."),
        ({"representative_document": ""},
         "Give the document that proves the right to represent the participant (birth "
         "certificate, guardianship decision)."),
        ({"given_on": "future"}, "A consent cannot be dated in the future."),
        ({"given_by": "neighbour"}, "Say who gave the consent: the participant or a legal representative."),
        ({"purposes": []}, "Choose at least one purpose of processing."),
        ({"data_categories": []}, "Choose at least one kind of personal data."),
        ({"received_via": "pigeon"}, "Say how the consent was received."),
    ],
)
def test_record_consent_refuses_incomplete_data(organization, curator, overrides, message):
    person = _person(organization, 15)
    if overrides.get("given_on") == "future":
        overrides["given_on"] = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ConsentError) as info:
        record_consent(person, actor=curator, **_representative(**overrides))
    assert info.value.message == _(message)
    assert person.consents.count() == 0
    assert not audit_events("participants.consent.recorded").exists()


def test_record_consent_refuses_an_unknown_version_and_purposes_the_text_does_not_name(
    organization, curator
):
    person = _person(organization, 30)
    with pytest.raises(ConsentError) as info:
        record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator,
                       text_version="1999-9")
    assert info.value.message == _("Unknown version of the consent text: %(version)s.") % {
        "version": "1999-9"}
    # publication needs a separate consent (152-ФЗ art. 10.1): not in the 2026-1 text
    assert ConsentPurpose.PUBLICATION not in CONSENT_TEXTS["2026-1"].purposes
    with pytest.raises(ConsentError) as info:
        record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator,
                       purposes=["programme", "publication"])
    assert "publication" in info.value.message and "2026-1" in info.value.message
    with pytest.raises(ConsentError):
        record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator,
                       data_categories=["name", "passport"])
    assert person.consents.count() == 0


def test_every_offered_purpose_and_data_has_printed_wording():
    for text in CONSENT_TEXTS.values():
        assert set(text.purposes) <= set(ConsentPurpose.values)
        assert set(text.data_categories) <= set(PersonalDataCategory.values)
        assert all(text.purpose_text(v) for v in text.purposes)
        assert all(text.data_text(v) for v in text.data_categories)
        body = text.body
        for required in ("{declarant}", "{operator}", "{operator_address}", "{purposes}", "{data}",
                         "отозвано", "1 (один) год", "152-ФЗ"):
            assert required in body
        assert "{representative_document}" in text.representative_clause


# --- withdrawal ---------------------------------------------------------------------------


def test_withdrawal_needs_a_reason_and_a_sane_date(organization, curator):
    person = _person(organization, 30)
    consent = record_consent(person, given_by=ConsentGiver.SELF,
                             given_on=timezone.localdate() - datetime.timedelta(days=10), actor=curator)
    with pytest.raises(ConsentError) as info:
        withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="  ", actor=curator)
    assert info.value.message == _("Give the reason for the withdrawal.")
    for day in (consent.given_on - datetime.timedelta(days=1), timezone.localdate() + datetime.timedelta(days=1)):
        with pytest.raises(ConsentError) as info:
            withdraw_consent(consent, withdrawn_on=day, reason="заявление", actor=curator)
        assert info.value.message == _("The withdrawal date must be between the consent date and today.")
    consent.refresh_from_db()
    person.refresh_from_db()
    assert consent.withdrawn_on is None and person.anonymised_at is None
    assert person.consent_status == ConsentStatus.GIVEN


def test_withdrawal_with_another_consent_left_keeps_the_data(organization, curator):
    person = _person(organization, 30, surname="Оставшаяся")
    old = record_consent(person, given_by=ConsentGiver.SELF,
                         given_on=timezone.localdate() - datetime.timedelta(days=30), actor=curator)
    record_consent(person, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=curator)
    assert status_after_withdrawal(old) == ConsentStatus.GIVEN
    withdraw_consent(old, withdrawn_on=timezone.localdate(), reason="заменено новым", actor=curator)
    person.refresh_from_db()
    old.refresh_from_db()
    assert old.withdrawn_on == timezone.localdate() and old.withdrawal_reason == "заменено новым"
    assert person.consent_status == ConsentStatus.GIVEN and person.surname == "Оставшаяся"
    assert person.anonymised_at is None and not DataErasure.objects.exists()
    with pytest.raises(ConsentError, match=_("This consent has already been withdrawn.")):
        withdraw_consent(old, withdrawn_on=timezone.localdate(), reason="ещё раз", actor=curator)


def test_withdrawing_a_minors_own_consent_keeps_the_representatives(organization, curator):
    minor = _person(organization, 15, surname="Младший")
    own = record_consent(minor, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=curator)
    record_consent(minor, actor=curator, **_representative())
    withdraw_consent(own, withdrawn_on=timezone.localdate(), reason="заявление", actor=curator)
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.GIVEN and minor.surname == "Младший"
    assert minor.anonymised_at is None


@pytest.fixture
def full_person(organization, curator):
    """A young teacher who is both a mentor (with trainings, portfolio files) and a
    mentee (requests), with an account, pairs in every open status, a meeting, a
    survey answer and an applicant import that named her."""
    user = UserFactory(username="mentor_m", first_name="Мария", last_name="Смирнова",
                       email="smirnova@example.ru")
    person = ParticipantFactory(
        organization=organization, user=user, surname="Смирнова", name="Мария",
        patronymic="Ивановна", birth_date=datetime.date(1998, 5, 17), email="smirnova@example.ru",
        phone="+79161234567", category=ParticipantCategory.YOUNG_SPECIALIST, study_group="ПД-21",
        course=3, specialty="Преподавание в начальных классах", position="учитель",
        employer="Школа № 5", education="высшее", qualification_category="первая",
        teaching_experience_years=2, consent_status=ConsentStatus.MISSING,
    )
    consent = record_consent(person, given_by=ConsentGiver.SELF,
                             given_on=timezone.localdate() - datetime.timedelta(days=40),
                             actor=curator, note="лично Смирновой")
    mentor = MentorFactory(
        participant=person, competencies="ИКТ", interests="шахматы", life_experience="много",
        motivation="хочу", mentee_preferences="любые", meeting_times="вторник", capacity=3,
        hours_per_month=8,
    )
    training = MentorTraining.objects.create(
        mentor=mentor, course="Школа наставника", hours=36,
        started_on=datetime.date(2025, 10, 1), finished_on=datetime.date(2025, 10, 20),
    )
    training.certificate.save("cert.pdf", ContentFile(b"%PDF-1.4 cert"), save=True)
    item = PortfolioItem.objects.create(mentor=mentor, kind=PortfolioKind.AWARD, title="Грамота Смирновой")
    item.file.save("award.pdf", ContentFile(b"%PDF-1.4 award"), save=True)
    mentee = MenteeFactory(participant=person, need_category=NeedCategory.YOUNG_TEACHER)
    request = MenteeRequest.objects.create(mentee=mentee, text="как вести журнал Смирновой",
                                           category=NeedCategory.YOUNG_TEACHER)

    approved_at = timezone.now()
    active = PairFactory(organization=organization, mentor=mentor, status=PairStatus.ACTIVE,
                         approved_at=approved_at,
                         mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])
    proposed = PairFactory(organization=organization, mentor=mentor, status=PairStatus.PROPOSED,
                           mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])
    other_mentor = MentorFactory(participant=ParticipantFactory(organization=organization))
    as_mentee = PairFactory(organization=organization, mentor=other_mentor, status=PairStatus.DRAFT,
                            mentees=[mentee])
    finished = PairFactory(organization=organization, mentor=mentor, status=PairStatus.COMPLETED,
                           approved_at=approved_at,
                           mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])
    Meeting.objects.create(pair=active, meeting_type="regular", held_on=timezone.localdate(), topic="Встреча")

    survey = Survey.objects.create(organization=organization, kind="final_satisfaction",
                                   respondent_role="mentor", title="Анкета")
    scale = Question.objects.create(survey=survey, position=1, text="Оценка", question_type="scale")
    free = Question.objects.create(survey=survey, position=2, text="Комментарий", question_type="text")
    response = Response.objects.create(survey=survey, respondent=person, submitted_at=timezone.now())
    Answer.objects.create(response=response, question=scale, value_int=5)
    Answer.objects.create(response=response, question=free, value_text="Я, Смирнова, довольна")
    pending_survey = Survey.objects.create(organization=organization, kind="meeting_feedback",
                                           respondent_role="mentor", title="Отзыв")
    Response.objects.create(survey=pending_survey, respondent=person, token="t" * 40)

    applicant_import = ApplicantImport.objects.create(
        organization=organization, original_name="list.xlsx", sha256="0" * 64,
        report={"rows": [{"row": 2, "full_name": "Смирнова Мария Ивановна", "category": "young_specialist",
                          "email": "smirnova@example.ru"},
                         {"row": 3, "full_name": "Другой Человек", "category": "teacher"}],
                "errors": [{"row": 4, "column": "ФИО",
                            "message": "Смирнова Мария Ивановна встречается дважды"}]},
    )
    applicant_import.file.save("list.xlsx", ContentFile(b"PK list"), save=True)
    other_import = ApplicantImport.objects.create(
        organization=organization, original_name="other.xlsx", sha256="1" * 64,
        report={"rows": [{"row": 2, "full_name": "Другой Человек"}]},
    )
    other_import.file.save("other.xlsx", ContentFile(b"PK other"), save=True)
    return {
        "person": person, "consent": consent, "user": user, "mentor": mentor, "mentee": mentee,
        "request": request, "files": [training.certificate.name, item.file.name, applicant_import.file.name],
        "pairs": {"active": active, "proposed": proposed, "as_mentee": as_mentee, "finished": finished},
        "import": applicant_import, "other_import": other_import,
    }


def test_withdrawal_of_the_last_consent_anonymises_and_logs(
    organization, curator, full_person, django_capture_on_commit_callbacks
):
    person, consent = full_person["person"], full_person["consent"]
    pairs_before = Pair.objects.filter(mentor__participant=person).count()
    meetings_before = Meeting.objects.count()
    assert all(default_storage.exists(name) for name in full_person["files"])
    assert status_after_withdrawal(consent) == ConsentStatus.WITHDRAWN

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(consent, withdrawn_on=timezone.localdate(),
                         reason="письменное заявление от сегодняшнего дня", actor=curator)

    person.refresh_from_db()
    assert person.surname == "Обезличен" and person.name == f"№{person.pk}"
    for field in ("patronymic", "email", "phone", "study_group", "position", "employer",
                  "education", "qualification_category"):
        assert getattr(person, field) == "", field
    assert person.birth_date is None and person.teaching_experience_years is None
    assert person.user is None and person.anonymised_at is not None
    assert person.consent_status == ConsentStatus.WITHDRAWN
    # statistics stay
    assert person.category == ParticipantCategory.YOUNG_SPECIALIST
    assert (person.course, person.specialty) == (3, "Преподавание в начальных классах")
    assert Pair.objects.filter(mentor__participant=person).count() == pairs_before
    assert Meeting.objects.count() == meetings_before

    mentor = full_person["mentor"]
    mentor.refresh_from_db()
    for field in ("competencies", "interests", "life_experience", "motivation",
                  "mentee_preferences", "meeting_times"):
        assert getattr(mentor, field) == "", field
    assert (mentor.capacity, mentor.hours_per_month) == (3, 8)
    assert not MentorTraining.objects.filter(mentor=mentor).exists()
    assert not PortfolioItem.objects.filter(mentor=mentor).exists()
    assert not any(default_storage.exists(name) for name in full_person["files"])
    request = MenteeRequest.objects.get(pk=full_person["request"].pk)
    assert request.text == f"[обезличено, №{request.pk}]" and request.category == NeedCategory.YOUNG_TEACHER
    full_person["mentee"].refresh_from_db()
    assert full_person["mentee"].need_category == NeedCategory.YOUNG_TEACHER

    user = full_person["user"]
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert "smirnov" not in user.username.lower() and user.username == f"anonymised-{user.pk}"

    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate() and consent.note == ""
    assert Answer.objects.get(question__question_type="scale", response__respondent=person).value_int == 5
    assert Answer.objects.get(question__question_type="text", response__respondent=person).value_text == ""
    assert not Response.objects.filter(respondent=person, submitted_at__isnull=True).exists()

    applicant_import = ApplicantImport.objects.get(pk=full_person["import"].pk)
    dump = str(applicant_import.report)
    assert "Смирнова" not in dump and "smirnova@example.ru" not in dump
    assert f"Участник №{person.pk}" in dump and "Другой Человек" in dump
    assert not applicant_import.file
    other_import = ApplicantImport.objects.get(pk=full_person["other_import"].pk)
    assert other_import.file and default_storage.exists(other_import.file.name)

    pairs = {key: Pair.objects.get(pk=pair.pk) for key, pair in full_person["pairs"].items()}
    for key in ("active", "proposed", "as_mentee"):
        pair = pairs[key]
        assert pair.status == PairStatus.TERMINATED, key
        assert pair.end_reason == PAIR_END_REASON and pair.ended_on == timezone.localdate()
        assert PairStatusChange.objects.filter(pair=pair, to_status="terminated",
                                               comment=PAIR_END_REASON).exists()
    assert pairs["active"].end_initiative == EndInitiative.MENTOR
    assert pairs["as_mentee"].end_initiative == EndInitiative.MENTEE
    assert pairs["finished"].status == PairStatus.COMPLETED
    # the other mentees of the ended pairs go back to the search
    assert {m.status for m in pairs["active"].mentees.all()} == {MenteeStatus.IN_BASE}

    erasure = DataErasure.objects.get()
    assert erasure.participant == person and erasure.consent == consent
    assert erasure.actor == curator and erasure.organization == organization
    assert erasure.subject == f"Участник №{person.pk}"
    assert erasure.reason == "письменное заявление от сегодняшнего дня"
    assert set(erasure.categories) == {
        "name", "birth_date", "contacts", "study", "work", "profile", "feedback"}
    entry = audit_events("participants.participant.anonymised").get()
    assert entry.actor == curator and entry.object_pk == str(person.pk)
    assert entry.additional_data["erasure"] == erasure.pk and sorted(entry.additional_data["pairs_ended"]) == sorted(
        pairs[k].pk for k in ("active", "proposed", "as_mentee"))
    assert entry.additional_data["files_deleted"] == 3
    assert audit_events("participants.consent.withdrawn").count() == 1


def test_anonymisation_is_all_or_nothing(organization, curator, full_person, monkeypatch,
                                         django_capture_on_commit_callbacks):
    person, consent = full_person["person"], full_person["consent"]

    def broken(*args, **kwargs):
        raise PairError("сбой")

    monkeypatch.setattr("pairs.services.lifecycle.set_pair_status", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PairError):
        withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление", actor=curator)

    person.refresh_from_db()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None and person.consent_status == ConsentStatus.GIVEN
    assert person.surname == "Смирнова" and person.anonymised_at is None and person.user_id
    assert all(default_storage.exists(name) for name in full_person["files"])
    assert MentorTraining.objects.filter(mentor=full_person["mentor"]).exists()
    assert not DataErasure.objects.exists()
    assert not audit_events([
        "participants.consent.withdrawn", "participants.participant.anonymised"]).exists()
    assert Pair.objects.get(pk=full_person["pairs"]["active"].pk).status == PairStatus.ACTIVE


def test_anonymise_twice_is_refused(organization, curator):
    person = _person(organization, 30)
    anonymise_participant(person, actor=curator, reason="заявление")
    with pytest.raises(ConsentError):
        anonymise_participant(person, actor=curator, reason="заявление")
    person.refresh_from_db()
    with pytest.raises(ConsentError):
        record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator)
    assert DataErasure.objects.count() == 1


def test_withdrawal_of_a_minors_representative_consent_anonymises(organization, curator):
    minor = _person(organization, 15, surname="Юнцов")
    consent = record_consent(minor, actor=curator, **_representative())
    withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление матери",
                     actor=curator)
    minor.refresh_from_db()
    consent.refresh_from_db()
    assert minor.surname == "Обезличен" and minor.birth_date is None
    assert minor.consent_status == ConsentStatus.WITHDRAWN
    # the representative's identity goes too; the kind of consent and relation stay
    assert (consent.representative_name, consent.representative_document) == ("", "")
    assert consent.given_by == ConsentGiver.REPRESENTATIVE and consent.representative_relation == "мать"
    assert Participant.objects.filter(surname="Юнцов").count() == 0


# --- minors and pairs ---------------------------------------------------------------------


def test_minor_with_only_their_own_consent_cannot_be_paired(organization, curator):
    form = MentoringForm.objects.create(
        code="student-student", name="студент – студент",
        mentor_categories=["student"], mentee_categories=["student"],
    )
    minor = _person(organization, 15, surname="Несовершеннолетний", category=ParticipantCategory.STUDENT)
    mentee = MenteeFactory(participant=minor)
    mentor = MentorFactory(participant=ParticipantFactory(organization=organization,
                                                          category=ParticipantCategory.STUDENT))
    record_consent(minor, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=curator)
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.REPRESENTATIVE_REQUIRED and not minor.may_be_paired
    mentee.refresh_from_db()
    with pytest.raises(PairError, match="Несовершеннолетний"):
        create_pair(organization=organization, form=form, kind=traditional_kind(), mentor=mentor,
                    mentees=[mentee], actor=curator)
    assert not Pair.objects.exists()

    record_consent(minor, actor=curator, **_representative())
    mentee.participant.refresh_from_db()
    pair = create_pair(organization=organization, form=form, kind=traditional_kind(), mentor=mentor,
                       mentees=[mentee], actor=curator)
    assert pair.status == PairStatus.DRAFT

