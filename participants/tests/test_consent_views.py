"""Consent pages through the Django test client: the card's consent section,
recording, withdrawal with anonymisation, printable forms (PDF), permissions."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from mentoring.enums import ParticipantCategory
from mentoring.tests.factories import MenteeFactory, PairFactory, ParticipantFactory, UserFactory
from pairs.enums import PairStatus
from participants.data.consent_texts import current_text
from participants.enums import ConsentChannel, ConsentGiver, ConsentPurpose, ConsentStatus, PersonalDataCategory
from participants.models import ConsentFormsBatch, DataErasure, Participant
from participants.services.consents import record_consent

pytestmark = pytest.mark.django_db

DETAIL = "participants:participant_detail"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client


def _born(years: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=years * 365 + 10)


def _pdf_text(response) -> tuple[int, list[str]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    # lines are hyphenated (U+2010 at the end of a line): glue the words back
    texts = [page.extract_text().replace("\u2010\n", "") for page in reader.pages]
    return len(reader.pages), [" ".join(text.split()) for text in texts]


def _adult(organization, **fields):
    return ParticipantFactory(organization=organization, consent_status=ConsentStatus.MISSING, **fields)


def _minor(organization, **fields):
    return ParticipantFactory(organization=organization, birth_date=_born(15),
                              category=ParticipantCategory.STUDENT,
                              consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED, **fields)


def _representative_post(**overrides):
    data = {
        "given_by": "representative", "given_on": timezone.localdate().isoformat(),
        "representative_name": "Малышева Мария Ивановна", "representative_relation": "мать",
        "representative_document": "свидетельство о рождении II-ЛО № 654321",
        "purposes": ["programme", "matching"], "data_categories": ["name", "study"],
        "text_version": "2026-1", "received_via": "scan", "note": "оригинал в личном деле",
    }
    data.update(overrides)
    return data


# --- the card and recording ---------------------------------------------------------------


def test_card_shows_every_field_of_a_consent(curator_client, organization):
    minor = _minor(organization, surname="Малышев")
    recorder = UserFactory(username="registrar", first_name="Ольга", last_name="Регистраторова")
    consent = record_consent(
        minor, actor=recorder, given_by=ConsentGiver.REPRESENTATIVE,
        given_on=datetime.date(2025, 9, 1), representative_name="Малышева Мария Ивановна",
        representative_relation="мать", representative_document="свидетельство II-ЛО № 654321",
        purposes=[ConsentPurpose.PROGRAMME], data_categories=[PersonalDataCategory.NAME],
        received_via=ConsentChannel.SCAN, note="оригинал в личном деле",
    )
    page = curator_client.get(reverse(DETAIL, args=[minor.pk])).content.decode()
    for text in ("01.09.2025", "Малышева Мария Ивановна", "(мать)", "свидетельство II-ЛО № 654321",
                 str(ConsentPurpose.PROGRAMME.label), str(PersonalDataCategory.NAME.label), "2026-1",
                 str(ConsentChannel.SCAN.label), "оригинал в личном деле", "Ольга Регистраторова"):
        assert text in page, text
    assert str(ConsentPurpose.MATCHING.label) not in page.split('name="purposes"')[0]
    assert reverse("participants:consent_withdraw", args=[consent.pk]) in page
    assert reverse("participants:consent_form_pdf", args=[minor.pk]) in page
    assert reverse("participants:consent_create", args=[minor.pk]) in page


def _inputs(page: str, name: str) -> dict[str, bool]:
    """{value: checked} of the inputs named ``name`` on ``page``."""
    found = {}
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag:
            value = re.search(r'value="([^"]*)"', tag).group(1)
            found[value] = bool(re.search(r"\schecked\b", tag))
    return found


def test_consent_page_preselects_the_current_text(curator_client, organization):
    minor = _minor(organization)
    page = curator_client.get(reverse("participants:consent_create", args=[minor.pk])).content.decode()
    text = current_text()
    purposes = _inputs(page, "purposes")
    assert {value for value, checked in purposes.items() if checked} == set(text.purposes)
    assert _inputs(page, "data_categories") == {value: True for value in text.data_categories}
    # the purposes of the separate documents (publication, the territory's mentor
    # base) are offered for their own texts, never ticked for the current one
    assert set(purposes) - set(text.purposes) <= {"publication", "territory_base"}
    # a minor: the representative's consent is preselected
    assert _inputs(page, "given_by") == {"self": False, "representative": True}
    adult = _adult(organization)
    page = curator_client.get(reverse("participants:consent_create", args=[adult.pk])).content.decode()
    assert _inputs(page, "given_by") == {"self": True, "representative": False}


def test_record_a_representative_consent_through_the_page(curator_client, organization):
    minor = _minor(organization, phone="+79160001122")
    MenteeFactory(participant=minor, status="applicant")
    response = curator_client.post(reverse("participants:consent_create", args=[minor.pk]),
                                   _representative_post(), follow=True)
    assert response.redirect_chain[-1][0] == reverse(DETAIL, args=[minor.pk])
    page = response.content.decode()
    assert _("The consent is recorded.") in page and "+79160001122" in page
    consent = minor.consents.get()
    assert (consent.purposes, consent.data_categories) == (["programme", "matching"], ["name", "study"])
    assert consent.representative_document == "свидетельство о рождении II-ЛО № 654321"
    assert consent.received_via == "scan" and consent.note == "оригинал в личном деле"
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.GIVEN
    assert minor.mentee_profile.status == "in_base"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"representative_document": ""},
         "Give the document that proves the right to represent the participant (birth "
         "certificate, guardianship decision)."),
        ({"representative_name": ""}, "Give the legal representative's full name."),
        ({"purposes": []}, "Choose at least one purpose of processing."),
        ({"data_categories": []}, "Choose at least one kind of personal data."),
        ({"purposes": ["programme", "publication"]}, None),
    ],
)
def test_record_errors_are_shown_and_nothing_is_saved(curator_client, organization, overrides, message):
    minor = _minor(organization)
    data = _representative_post(**overrides)
    response = curator_client.post(reverse("participants:consent_create", args=[minor.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    if message:
        assert _(message) in page
    assert "Малышева Мария Ивановна" in page or not data["representative_name"]  # typed data kept
    assert minor.consents.count() == 0
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.REPRESENTATIVE_REQUIRED


# --- withdrawal ------------------------------------------------------------------------------


def test_withdraw_page_warns_and_post_anonymises(curator_client, organization, curator, alice):
    person = _adult(organization, surname="Отзывова", email="otzyvova@example.ru",
                    category=ParticipantCategory.YOUNG_SPECIALIST)
    consent = record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator)
    mentee = MenteeFactory(participant=person)
    pair = PairFactory(organization=organization, mentor=alice.participant.mentor_profile,
                       mentees=[mentee], status=PairStatus.ACTIVE, approved_at=timezone.now())
    url = reverse("participants:consent_withdraw", args=[consent.pk])

    page = curator_client.get(url).content.decode()
    assert _("No other consent that counts remains: the participant's personal data will be "
             "anonymised at once. This cannot be undone.") in page
    assert pair.get_absolute_url() in page and "data-confirm=" in page

    response = curator_client.post(url, {"withdrawn_on": timezone.localdate().isoformat(), "reason": ""})
    assert response.status_code == 200 and _("Give the reason for the withdrawal.") in response.content.decode()
    person.refresh_from_db()
    assert person.surname == "Отзывова" and person.anonymised_at is None

    response = curator_client.post(url, {"withdrawn_on": timezone.localdate().isoformat(),
                                         "reason": "заявление от сегодняшнего дня"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(DETAIL, args=[person.pk])
    page = response.content.decode()
    assert "Отзывова" not in page and "otzyvova@example.ru" not in page
    assert _("Erasure log") in page and f"Участник №{person.pk}" in page
    assert "заявление от сегодняшнего дня" in page
    assert str(PersonalDataCategory.BIRTH_DATE.label) in page
    assert reverse("participants:consent_create", args=[person.pk]) not in page  # no new consent
    assert reverse("participants:consent_form_pdf", args=[person.pk]) not in page
    pair.refresh_from_db()
    assert pair.status == PairStatus.TERMINATED
    assert DataErasure.objects.get().actor.username == "curator"

    # withdrawn already: back to the card
    response = curator_client.get(url)
    assert response.status_code == 302


def test_withdraw_page_when_another_consent_stays(curator_client, organization, curator):
    person = _adult(organization)
    old = record_consent(person, given_by="self", given_on=timezone.localdate() - datetime.timedelta(days=5),
                         actor=curator)
    record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator)
    page = curator_client.get(reverse("participants:consent_withdraw", args=[old.pk])).content.decode()
    assert _("Another consent that counts remains on record: the participant's data stay; only "
             "this consent is marked withdrawn.") in page


# --- permissions ------------------------------------------------------------------------------


def test_director_sees_consents_but_cannot_change_them(director_client, organization, curator):
    person = _adult(organization)
    consent = record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator)
    page = director_client.get(reverse(DETAIL, args=[person.pk])).content.decode()
    assert timezone.localdate().strftime("%d.%m.%Y") in page
    assert reverse("participants:consent_withdraw", args=[consent.pk]) not in page
    assert 'name="given_by"' not in page
    create = reverse("participants:consent_create", args=[person.pk])
    withdraw = reverse("participants:consent_withdraw", args=[consent.pk])
    assert director_client.post(create, _representative_post()).status_code == 403
    assert director_client.get(create).status_code == 403
    assert director_client.get(withdraw).status_code == 403
    assert director_client.post(withdraw, {"withdrawn_on": timezone.localdate().isoformat(),
                                           "reason": "x"}).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is None and person.consents.count() == 1
    # the director may print the forms
    assert director_client.get(reverse("participants:consent_form_pdf", args=[person.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["charlie", "alice", "bob"])
def test_people_outside_reach_get_404(client, request, organization, curator, persona):
    person = _adult(organization)
    consent = record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator)
    client.force_login(request.getfixturevalue(persona))
    for url in (reverse("participants:consent_create", args=[person.pk]),
                reverse("participants:consent_withdraw", args=[consent.pk]),
                reverse("participants:consent_form_pdf", args=[person.pk])):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "withdrawn_on": timezone.localdate().isoformat()}).status_code == 404, url
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_group_forms_are_for_programme_staff(client, alice, charlie, organization):
    ParticipantFactory(organization=organization, study_group="ИС-22-1", surname="Групповой")
    client.force_login(alice)
    assert client.post(reverse("participants:consent_forms"), {"group": "ИС-22-1"}).status_code == 403
    client.force_login(charlie)  # a curator of another college: the group is not theirs
    response = client.post(reverse("participants:consent_forms"), {"group": "ИС-22-1"})
    assert response.status_code == 404 and "Групповой" not in response.content.decode()
    assert not ConsentFormsBatch.objects.exists()


# --- printable forms ----------------------------------------------------------------------------


def test_consent_form_of_an_adult(curator_client, organization):
    organization.address = "652470, г. Анжеро-Судженск, ул. Ленина, 1"
    organization.save()
    person = _adult(organization, surname="Печатнова", name="Анна", patronymic="Игоревна",
                    birth_date=datetime.date(1985, 3, 4))
    response = curator_client.get(reverse("participants:consent_form_pdf", args=[person.pk]))
    assert response["Cache-Control"] == "no-store"
    pages, texts = _pdf_text(response)
    assert pages == 1
    text = texts[0]
    assert "Печатнова Анна Игоревна" in text and "04.03.1985" in text
    assert "Анжеро-Судженский политехнический колледж" in text and "ул. Ленина, 1" in text
    assert "Субъект персональных данных" in text and "являясь законным представителем" not in text
    assert "Редакция текста согласия 2026-1" in text
    assert "подбор наставников и наставляемых" in text and "дата рождения;" in text
    assert "1 (один) год" in text and "отозвано" in text


def test_consent_form_of_a_minor_has_the_representatives_block(curator_client, organization):
    minor = _minor(organization, surname="Школьников", name="Пётр", patronymic="")
    response = curator_client.get(reverse("participants:consent_form_pdf", args=[minor.pk]))
    pages, texts = _pdf_text(response)
    assert pages == 1
    text = texts[0]
    assert "Школьников Пётр" in text
    assert "являясь законным представителем" in text and "Законный представитель" in text
    assert "заполняется законным представителем несовершеннолетнего" in text
    # no consent yet: the hidden birth date is not printed
    assert minor.birth_date.strftime("%d.%m.%Y") not in text


def test_group_forms_one_page_per_person(curator_client, organization, django_capture_on_commit_callbacks):
    organization.name = ("Государственное профессиональное образовательное учреждение "
                         "«Анжеро-Судженский политехнический колледж имени Героя Советского Союза»")
    organization.address = ("652470, Кемеровская область — Кузбасс, г. Анжеро-Судженск, "
                            "ул. имени 50-летия Октября, д. 100, корпус 2")
    organization.save()
    adult = _adult(organization, surname="Аникина", study_group="ИС-22-1")
    minor = _minor(organization, surname="Борисов", study_group="ИС-22-1")
    third = _minor(organization, surname="Веснин", study_group="ИС-22-1")
    _adult(organization, surname="Чужегруппов", study_group="ИС-22-2")
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(reverse("participants:consent_forms"), {"group": "ИС-22-1"})
    batch = ConsentFormsBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "participants:consent_forms_batch", args=[batch.pk])
    response = curator_client.get(reverse("participants:consent_forms_batch_download", args=[batch.pk]))
    pages, texts = _pdf_text(response)
    assert pages == 3
    assert adult.surname in texts[0] and "Субъект персональных данных" in texts[0]
    assert minor.surname in texts[1] and "являясь законным представителем" in texts[1]
    assert third.surname in texts[2]
    assert not any("Чужегруппов" in t for t in texts)


def test_group_forms_page_explains_problems(curator_client, organization, monkeypatch):
    url = reverse("participants:consent_forms")
    response = curator_client.get(url)
    assert response.status_code == 200
    assert _("No participant of your organisation has a study group yet.") in response.content.decode()

    response = curator_client.post(url, {"group": "НЕТ-1"})
    assert response.status_code == 404
    assert _("There is nobody in the study group «%(group)s» of your organisation.") % {
        "group": "НЕТ-1"} in response.content.decode()

    for surname in ("Один", "Два", "Три"):
        _adult(organization, surname=surname, study_group="БОЛ-1")
    monkeypatch.setattr("participants.services.consent_batches.MAX_FORMS_PER_PDF", 2)
    response = curator_client.post(url, {"group": "БОЛ-1"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    message = _("The group «%(group)s» has more than %(max)d people: the forms cannot be printed "
                "in one file.") % {"group": "БОЛ-1", "max": 2}
    assert message in response.content.decode()
    assert not ConsentFormsBatch.objects.exists()


def test_empty_forms(curator_client):
    url = reverse("participants:consent_forms")
    pages, texts = _pdf_text(curator_client.get(url, {"blank": "representative"}))
    assert pages == 1 and "являясь законным представителем" in texts[0]
    pages, texts = _pdf_text(curator_client.get(url, {"blank": "self"}))
    assert pages == 1 and "Субъект персональных данных" in texts[0]


def test_anonymised_person_has_no_form(curator_client, organization, curator):
    person = _adult(organization, study_group="ИС-22-1")
    consent = record_consent(person, given_by="self", given_on=timezone.localdate(), actor=curator)
    from participants.services.consents import withdraw_consent

    withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление", actor=curator)
    response = curator_client.get(reverse("participants:consent_form_pdf", args=[person.pk]))
    assert response.status_code == 302
    assert Participant.objects.get(pk=person.pk).study_group == ""
    assert curator_client.post(reverse("participants:consent_forms"), {"group": "ИС-22-1"}).status_code == 404
    response = curator_client.post(reverse("participants:consent_create", args=[person.pk]),
                                   _representative_post(given_by="self"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(DETAIL, args=[person.pk])
    assert person.consents.count() == 1


def test_group_forms_carry_each_representative_with_one_query_for_all(
    organization, curator, django_assert_num_queries
):
    """The representatives of a whole group are read in one query, whatever the
    group's size, and each form names its own child's representative."""
    from participants.services.consents import consent_form_pages

    def group(size: int, tag: str):
        people = []
        for index in range(size):
            minor = _minor(organization, surname=f"{tag}{index}", study_group=tag)
            record_consent(
                minor, given_by=ConsentGiver.REPRESENTATIVE, given_on=timezone.localdate(),
                actor=curator, representative_name=f"Родитель {tag}{index}",
                representative_relation="мать", representative_document="свидетельство о рождении",
            )
            people.append(Participant.objects.get(pk=minor.pk))
        return people

    for size, tag in ((2, "Малая"), (6, "Большая")):
        people = group(size, tag)
        with django_assert_num_queries(1):
            pages = consent_form_pages(people, organization=organization)
        for person, page in zip(people, pages, strict=True):
            assert page["representative"] and page["subject"] == person.full_name
            assert any(f"Родитель {person.surname}" in p.get("html", "") for p in page["paragraphs"])
