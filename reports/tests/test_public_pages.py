"""The public pages without login (seed 002 item 14, seed 001 6.3): the
honour board shows only mentors with a standing publication consent, a
withdrawal removes them on the next request, a page that is off answers 404."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from mentoring.models import AcademicYear, Programme
from mentoring.tests.factories import OrganizationFactory, TerritoryFactory, teacher_teacher_form
from participants.enums import ConsentGiver
from participants.services.consents import withdraw_consent
from participants.services.photos import set_mentor_photo
from reports.enums import AwardKind, ContestKind, ContestStage, OrderKind, OrderStatus
from reports.models import Award, Contest, Order, Practice

from .publishing import consented_mentor, image_upload


@pytest.fixture
def public_college(territory_world):
    college = territory_world.college
    college.slug, college.is_public = "kpk", True
    college.contacts = "Кабинет 12, тел. 2-00-00"
    college.save()
    return college


def _page(client, organization):
    return client.get(reverse("public:organization", args=[organization.slug]))


def test_public_organization_page_needs_no_login_and_shows_only_consented(client, public_college):
    shown, _consent = consented_mentor(public_college, "Публикуемова")
    consented_mentor(public_college, "Скрытова", publication=False)
    response = _page(client, public_college)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Публикуемова" in text and "Скрытова" not in text
    assert "Доска почёта наставников" in text
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noarchive, noimageindex">' in text
    assert "Кабинет 12" in text
    # no personal data beyond name and competencies
    assert shown.participant.email not in text


def test_withdrawing_the_publication_consent_removes_the_mentor_at_once(client, public_college, territory_world):
    mentor, consent = consented_mentor(public_college, "Отзываева")
    assert "Отзываева" in _page(client, public_college).content.decode()
    withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление",
                     actor=territory_world.college_curator)
    assert "Отзываева" not in _page(client, public_college).content.decode()
    mentor.participant.refresh_from_db()
    assert mentor.participant.anonymised_at is None  # the programme consent stands


def test_withdrawing_the_programme_consent_removes_the_mentor_too(client, public_college, territory_world):
    mentor, _consent = consented_mentor(public_college, "Уходящева")
    main = mentor.participant.consents.exclude(purposes__icontains="publication").get()
    withdraw_consent(main, withdrawn_on=timezone.localdate(), reason="заявление",
                     actor=territory_world.college_curator)
    assert "Уходящева" not in _page(client, public_college).content.decode()


def test_a_minors_own_publication_consent_does_not_publish(client, public_college):
    today = timezone.localdate()
    consented_mentor(public_college, "Юнова", birth_date=today.replace(year=today.year - 16),
                     category="student")
    assert "Юнова" not in _page(client, public_college).content.decode()


def test_an_organisation_page_that_is_off_answers_404(client, territory_world):
    school = territory_world.school
    school.slug = "school-3"
    school.save()
    consented_mentor(school, "Школьникова")
    assert client.get(reverse("public:organization", args=["school-3"])).status_code == 404
    assert client.get(reverse("public:organization", args=["nothing-here"])).status_code == 404


def test_a_mentor_of_another_territory_never_shows(client, public_college):
    elsewhere = OrganizationFactory(territory=TerritoryFactory(), slug="far", is_public=True)
    stranger, _consent = consented_mentor(elsewhere, "Чужакова")
    stranger.photo.save("x.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    text = _page(client, public_college).content.decode()
    assert "Чужакова" not in text
    territory = client.get(reverse("public:territory", args=[public_college.territory.slug]))
    assert "Чужакова" not in territory.content.decode()
    photo = reverse("public:mentor_photo", args=[public_college.slug, stranger.pk])
    assert client.get(photo).status_code == 404


def test_public_photo_only_with_the_consent(client, public_college, territory_world):
    mentor, consent = consented_mentor(public_college, "Фотова")
    set_mentor_photo(mentor, upload=image_upload(), actor=territory_world.college_curator)
    url = reverse("public:mentor_photo", args=[public_college.slug, mentor.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert url in _page(client, public_college).content.decode()
    withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление",
                     actor=territory_world.college_curator)
    assert client.get(url).status_code == 404
    # never served from /media/ either: the app serves no media URL
    assert client.get("/media/" + mentor.photo.name).status_code == 404


def _signed_order(organization, year, kind=OrderKind.REWARDS):
    return Order.objects.create(organization=organization, academic_year=year, kind=kind,
                                title="Приказ", status=OrderStatus.SIGNED, number=7,
                                issued_on=timezone.localdate())


def test_honour_board_lists_signed_awards_only(client, public_college):
    year = AcademicYear.current()
    mentor, _consent = consented_mentor(public_college, "Наградова")
    Award.objects.create(organization=public_college, academic_year=year, mentor=mentor,
                         kind=AwardKind.CERTIFICATE, reason="за успехи",
                         order=_signed_order(public_college, year))
    Award.objects.create(organization=public_college, academic_year=year, mentor=mentor,
                         kind=AwardKind.LETTER_OF_THANKS, reason="ещё не подписано")
    text = _page(client, public_college).content.decode()
    assert "Почётная грамота" in text
    assert "Благодарственное письмо" not in text


def test_territory_page_lists_public_organisations_contest_winners_and_practices(
    client, public_college, territory_world
):
    year = AcademicYear.current()
    winner, _consent = consented_mentor(public_college, "Победителева")
    hidden, _consent2 = consented_mentor(public_college, "Несогласова", publication=False)
    contest = Contest.objects.create(
        territory=territory_world.territory, academic_year=year, kind=ContestKind.BEST_MENTOR,
        title="Лучший наставник — 2026", stage=ContestStage.RESULTS, closed_at=timezone.now(),
        order=_signed_order(territory_world.authority, year, OrderKind.CONTEST_RESULTS),
    )
    for place, mentor, kind in ((1, winner, AwardKind.CONTEST_WINNER), (2, hidden, AwardKind.CONTEST_PRIZE)):
        Award.objects.create(organization=public_college, academic_year=year, mentor=mentor,
                             kind=kind, reason="конкурс", contest=contest, place=place)
    Practice.objects.create(organization=public_college, academic_year=year, title="Кейс КПК",
                            summary="Описание", published=True, mentor=hidden)
    Practice.objects.create(organization=public_college, academic_year=year, title="Черновик",
                            summary="Описание", published=False)
    Practice.objects.create(organization=territory_world.school, academic_year=year,
                            title="Кейс закрытой школы", summary="Описание", published=True)
    response = client.get(reverse("public:territory", args=["kogalym"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Лучший наставник — 2026" in text and "Победителева" in text
    assert "Несогласова" not in text  # neither as a prize-winner nor as the practice's mentor
    assert "Кейс КПК" in text and "Черновик" not in text
    assert "Кейс закрытой школы" not in text  # the school's page is off
    assert reverse("public:organization", args=["kpk"]) in text
    assert territory_world.school.name not in text
    # the organisation's page names the practice without the unconsented mentor
    page = _page(client, public_college).content.decode()
    assert "Кейс КПК" in page and "Несогласова" not in page
    assert reverse("public:territory", args=["kogalym"]) in page


def test_organisation_page_shows_the_current_programme_with_its_forms(client, public_college):
    today = timezone.localdate()
    year = AcademicYear.current()
    old = AcademicYear.objects.create(title="2019/2020", starts_on=datetime.date(2019, 9, 1),
                                      ends_on=datetime.date(2020, 8, 31))
    current = Programme.objects.create(organization=public_college, title="Программа 2026",
                                       first_year=year, last_year=year)
    current.forms.add(teacher_teacher_form())
    Programme.objects.create(organization=public_college, title="Старая программа",
                             first_year=old, last_year=old)
    text = _page(client, public_college).content.decode()
    assert "Программа 2026" in text and teacher_teacher_form().name in text
    assert "Старая программа" not in text
    assert today  # the programme runs today


def test_public_pages_refuse_post_and_unknown_territory(client, public_college):
    assert client.post(reverse("public:organization", args=["kpk"])).status_code == 405
    assert client.get(reverse("public:territory", args=["nowhere"])).status_code == 404


def test_public_page_query_count_does_not_grow_with_mentors(client, public_college, django_assert_max_num_queries):
    for index in range(3):
        consented_mentor(public_college, "Массова%d" % index)
    with django_assert_max_num_queries(8):
        assert _page(client, public_college).status_code == 200
    for index in range(3, 12):
        consented_mentor(public_college, "Массова%d" % index)
    with django_assert_max_num_queries(8):
        assert _page(client, public_college).status_code == 200


def test_representative_consent_publishes_a_minor(client, public_college):
    from participants.data.consent_texts import CURRENT_VERSION, PUBLICATION_VERSION
    from participants.services.consents import record_consent

    today = timezone.localdate()
    mentor, _none = consented_mentor(public_college, "Студентова", publication=False,
                                     birth_date=today.replace(year=today.year - 17), category="student")
    for version in (CURRENT_VERSION, PUBLICATION_VERSION):
        record_consent(mentor.participant, given_by=ConsentGiver.REPRESENTATIVE, given_on=today,
                       actor=None, text_version=version, representative_name="Студентова Мать",
                       representative_relation="мать", representative_document="свид. о рождении")
    assert "Студентова" in _page(client, public_college).content.decode()
