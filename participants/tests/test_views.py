"""Pages of the participant bases through the Django test client."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import ParticipantCategory
from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory
from participants.enums import ConsentGiver, ConsentStatus
from participants.models import Consent, Mentee, MenteeRequest, Mentor, Participant


pytestmark = pytest.mark.django_db

UPLOAD = reverse("participants:import_upload")
MENTORS = reverse("participants:mentor_list")
MENTEES = reverse("participants:mentee_list")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _counts():
    return (Participant.objects.count(), Mentor.objects.count(), Mentee.objects.count(),
            MenteeRequest.objects.count(), Consent.objects.count())


def test_bases_are_hidden_from_mentors_and_mentees(client, alice, bob):
    for user in (alice, bob):
        client.force_login(user)
        for url in (MENTORS, MENTEES):
            assert client.get(url).status_code == 403
        own = user.participant.pk
        assert client.get(reverse("participants:participant_detail", args=[own])).status_code == 404


def test_director_reads_the_bases(client, director, alice, bob):
    client.force_login(director)
    assert "Алисова Алиса Петровна" in client.get(MENTORS).content.decode()
    assert "Бобров Борис Олегович" in client.get(MENTEES).content.decode()


def test_mentor_list_paginates_and_filters(curator_client, organization, other_organization, settings,
                                           django_assert_max_num_queries):
    settings.PAGE_SIZE = 5
    for i in range(7):
        MentorFactory(participant=ParticipantFactory(organization=organization, surname=f"Учитель{i:02d}"))
    MentorFactory(participant=ParticipantFactory(
        organization=organization, surname="Студентов", category=ParticipantCategory.STUDENT,
        study_group="ИС-22-1", consent_status=ConsentStatus.MISSING,
    ))
    MentorFactory(participant=ParticipantFactory(organization=other_organization, surname="Чужой"))

    page1 = curator_client.get(MENTORS).content.decode()
    assert "Студентов" in page1 and "Учитель03" in page1 and "Учитель04" not in page1
    assert "Чужой" not in page1
    assert "Страница 1 из 2" in page1
    page2 = curator_client.get(MENTORS, {"page": 2}).content.decode()
    assert "Учитель04" in page2 and "Учитель06" in page2 and "Студентов" not in page2

    teachers = curator_client.get(MENTORS, {"category": "teacher"}).content.decode()
    assert 'href="?category=teacher&amp;page=2"' in teachers  # pages keep the filters
    filtered = curator_client.get(MENTORS, {"category": "student"}).content.decode()
    assert "Студентов" in filtered and "Учитель00" not in filtered
    assert "Студентов" in curator_client.get(MENTORS, {"group": "ИС-22-1"}).content.decode()
    assert "Студентов" in curator_client.get(MENTORS, {"consent": "missing"}).content.decode()
    searched = curator_client.get(MENTORS, {"q": "учитель03"}).content.decode()
    assert "Учитель03" in searched and "Учитель02" not in searched
    assert "Никто не подходит" in curator_client.get(MENTORS, {"q": "нетакого"}).content.decode()

    with django_assert_max_num_queries(12):
        curator_client.get(MENTORS)
    for i in range(20):
        MentorFactory(participant=ParticipantFactory(organization=organization, surname=f"Ещё{i}"))
    with django_assert_max_num_queries(12):
        curator_client.get(MENTORS, {"page": 2})


def test_mentee_list_filters_by_status_and_shows_requests(curator_client, organization,
                                                          django_assert_max_num_queries):
    for i in range(30):
        mentee = MenteeFactory(participant=ParticipantFactory(organization=organization, surname=f"Ученик{i:02d}"))
        MenteeRequest.objects.create(mentee=mentee, text=f"запрос {i}")
    paired = MenteeFactory(participant=ParticipantFactory(organization=organization, surname="Впаре"), status="paired")
    with django_assert_max_num_queries(12):
        page = curator_client.get(MENTEES).content.decode()
    assert "запрос 0" in page
    filtered = curator_client.get(MENTEES, {"status": "paired"}).content.decode()
    assert paired.participant.surname in filtered and "Ученик00" not in filtered


def test_empty_bases_show_empty_state(curator_client):
    assert "База наставников пуста." in curator_client.get(MENTORS).content.decode()
    assert "База наставляемых пуста." in curator_client.get(MENTEES).content.decode()


def test_participant_detail_shows_profile_consents_and_pairs(curator_client, organization, alice, bob):
    pair = PairFactory(organization=organization, mentor=alice.participant.mentor_profile,
                       mentees=[bob.participant.mentee_profile])
    Consent.objects.create(participant=bob.participant, given_by=ConsentGiver.SELF,
                           given_on=datetime.date(2025, 9, 1), received_via="application")
    page = curator_client.get(reverse("participants:participant_detail", args=[bob.participant.pk])).content.decode()
    assert "Бобров Борис Олегович" in page
    from participants.enums import ConsentChannel

    assert "01.09.2025" in page and str(ConsentChannel.APPLICATION.label) in page
    assert pair.get_absolute_url() in page and "Алисова А. П." in page
    page = curator_client.get(reverse("participants:participant_detail", args=[alice.participant.pk])).content.decode()
    assert pair.get_absolute_url() in page and "Бобров Б. О." in page


def test_participant_of_another_organisation_is_404(curator_client, other_organization):
    outsider = ParticipantFactory(organization=other_organization)
    url = reverse("participants:participant_detail", args=[outsider.pk])
    assert curator_client.get(url).status_code == 404
    assert curator_client.post(reverse("participants:consent_create", args=[outsider.pk]), {}).status_code == 404


def test_minor_personal_data_hidden_without_consent(curator_client, organization):
    born = timezone.localdate() - datetime.timedelta(days=15 * 365)
    minor = ParticipantFactory(
        organization=organization, surname="Малышев", birth_date=born, phone="+79160001122",
        email="malyshev@example.ru", category=ParticipantCategory.STUDENT,
        consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED,
    )
    MenteeFactory(participant=minor)
    url = reverse("participants:participant_detail", args=[minor.pk])
    page = curator_client.get(url).content.decode()
    assert "скрыто: нет согласия" in page
    assert "+79160001122" not in page and "malyshev@example.ru" not in page
    assert born.strftime("%d.%m.%Y") not in page
    listing = curator_client.get(MENTEES).content.decode()
    assert "нужно согласие законного представителя" in listing and born.strftime("%d.%m.%Y") not in listing

    response = curator_client.post(reverse("participants:consent_create", args=[minor.pk]), {
        "given_by": "representative", "given_on": timezone.localdate().isoformat(),
        "representative_name": "Малышева Мария Ивановна", "representative_relation": "мать",
        "representative_document": "свидетельство о рождении II-ЛО № 654321",
        "purposes": ["programme", "matching"], "data_categories": ["name", "contacts"],
        "text_version": "2026-1", "received_via": "paper",
    }, follow=True)
    page = response.content.decode()
    assert "Согласие записано." in page
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.GIVEN
    assert "+79160001122" in page and "скрыто: нет согласия" not in page


def test_consent_form_errors_are_shown(curator_client, organization):
    person = ParticipantFactory(organization=organization)
    response = curator_client.post(reverse("participants:consent_create", args=[person.pk]), {
        "given_by": "representative", "given_on": timezone.localdate().isoformat(),
        "purposes": ["programme"], "data_categories": ["name"], "text_version": "2026-1",
        "received_via": "paper",
    }, follow=True)
    assert "Укажите ФИО законного представителя." in response.content.decode()
    assert person.consents.count() == 0


def test_consent_recording_is_for_curators(client, director, organization):
    person = ParticipantFactory(organization=organization)
    client.force_login(director)
    response = client.post(reverse("participants:consent_create", args=[person.pk]), {
        "given_by": "self", "given_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 403 and person.consents.count() == 0
