"""The mentor and mentee bases as pages: search, every filter (incl. the
mentoring form), pagination, empty state, hidden personal data, export links
and who may see them (issue 3 item 9)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import ParticipantCategory
from mentoring.models import AcademicYear, MentoringForm, Programme
from mentoring.services import ensure_reference_data
from mentoring.tests.factories import MenteeFactory, MentorFactory, ParticipantFactory
from participants.enums import ConsentStatus, MenteeStatus, MentorStatus
from participants.models import MenteeRequest

pytestmark = pytest.mark.django_db

MENTORS = reverse("participants:mentor_list")
MENTEES = reverse("participants:mentee_list")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _names(html: str) -> set[str]:
    """Surnames of the people listed (the links to their cards)."""
    return set(re.findall(r'href="/participants/\d+/">(\S+) ', html))


def _programme(organization, *codes: str) -> Programme:
    ensure_reference_data()
    year = AcademicYear.current()
    programme = Programme.objects.create(
        organization=organization, title="Программа наставничества", first_year=year, last_year=year
    )
    programme.forms.set(MentoringForm.objects.filter(code__in=codes))
    return programme


@pytest.fixture
def mentor_base(organization, other_organization):
    """Five mentors of the college that differ in one attribute each, and one
    of another organisation."""
    people = {
        "Педагогов": dict(category=ParticipantCategory.TEACHER, status=MentorStatus.APPROVED),
        "Студентов": dict(category=ParticipantCategory.STUDENT, study_group="ИС-22-1",
                          status=MentorStatus.CANDIDATE),
        "Работодателев": dict(category=ParticipantCategory.EMPLOYER_REP,
                              status=MentorStatus.TRAINED, consent=ConsentStatus.MISSING),
        "Выпускников": dict(category=ParticipantCategory.ALUMNUS, status=MentorStatus.CANDIDATE,
                            consent=ConsentStatus.WITHDRAWN),
        "Учителев": dict(category=ParticipantCategory.TEACHER, study_group="ИС-23-2",
                         status=MentorStatus.CANDIDATE),
    }
    for surname, attrs in people.items():
        participant = ParticipantFactory(
            organization=organization, surname=surname, category=attrs["category"],
            study_group=attrs.get("study_group", ""),
            consent_status=attrs.get("consent", ConsentStatus.GIVEN),
        )
        MentorFactory(participant=participant, status=attrs["status"])
    MentorFactory(participant=ParticipantFactory(organization=other_organization, surname="Чужаков"))
    return set(people)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Педагогов", "Студентов", "Работодателев", "Выпускников", "Учителев"}),
        ({"category": "teacher"}, {"Педагогов", "Учителев"}),
        ({"group": "ИС-22-1"}, {"Студентов"}),
        ({"status": "trained"}, {"Работодателев"}),
        ({"status": "candidate"}, {"Студентов", "Выпускников", "Учителев"}),
        ({"consent": "withdrawn"}, {"Выпускников"}),
        ({"consent": "missing"}, {"Работодателев"}),
        ({"q": "студ"}, {"Студентов"}),
        ({"q": "ис-23"}, {"Учителев"}),
        ({"category": "teacher", "status": "candidate"}, {"Учителев"}),
    ],
    ids=["none", "category", "group", "status", "status-2", "consent", "consent-2", "search",
         "search-group", "combined"],
)
def test_mentor_filters_narrow_the_list(curator_client, mentor_base, params, expected):
    html = curator_client.get(MENTORS, params).content.decode()
    assert _names(html) == expected


def test_form_filter_admits_the_forms_mentor_and_mentee_categories(curator_client, organization, mentor_base):
    _programme(organization, "employer-student", "teacher-teacher", "student-pupil")
    employer_student = MentoringForm.objects.get(code="employer-student")
    student_pupil = MentoringForm.objects.get(code="student-pupil")
    # mentor side of «работодатель – студент»: employer representatives and alumni
    html = curator_client.get(MENTORS, {"form": employer_student.pk}).content.decode()
    assert _names(html) == {"Работодателев", "Выпускников"}
    html = curator_client.get(MENTORS, {"form": student_pupil.pk}).content.decode()
    assert _names(html) == {"Студентов"}

    # mentee side: «студент – ученик» admits pupils, «работодатель – студент» students
    for surname, category in (("Школьников", "pupil"), ("Студенткина", "student"),
                              ("Молодцов", "young_specialist")):
        MenteeFactory(participant=ParticipantFactory(organization=organization, surname=surname,
                                                     category=category))
    assert _names(curator_client.get(MENTEES, {"form": student_pupil.pk}).content.decode()) == {"Школьников"}
    assert _names(curator_client.get(MENTEES, {"form": employer_student.pk}).content.decode()) == {
        "Студенткина"}
    teacher_teacher = MentoringForm.objects.get(code="teacher-teacher")
    assert _names(curator_client.get(MENTEES, {"form": teacher_teacher.pk}).content.decode()) == {"Молодцов"}


def test_form_filter_offers_only_the_organisations_programme_forms(
    curator_client, organization, other_organization, mentor_base
):
    _programme(organization, "teacher-teacher")
    _programme(other_organization, "student-pupil")
    html = curator_client.get(MENTORS).content.decode()
    select = html[html.index('name="form"'):]
    select = select[:select.index("</select>")]
    assert "педагог – педагог" in select
    assert "студент – ученик" not in select and "работодатель – студент" not in select
    # a form outside the programme filters nothing and is reported on the form
    foreign = MentoringForm.objects.get(code="student-pupil")
    html = curator_client.get(MENTORS, {"form": foreign.pk}).content.decode()
    assert "is-invalid" in html


def test_mentee_filters_and_requests(curator_client, organization):
    adult = MenteeFactory(participant=ParticipantFactory(
        organization=organization, surname="Ученикова", category="student", study_group="ТМ-24-1"),
        status=MenteeStatus.PAIRED)
    MenteeRequest.objects.create(mentee=adult, text="выбор профессии")
    MenteeFactory(participant=ParticipantFactory(organization=organization, surname="Молодцов",
                                                 category="young_specialist"))
    assert _names(curator_client.get(MENTEES, {"status": "paired"}).content.decode()) == {"Ученикова"}
    assert _names(curator_client.get(MENTEES, {"group": "ТМ-24-1"}).content.decode()) == {"Ученикова"}
    assert _names(curator_client.get(MENTEES, {"category": "young_specialist"}).content.decode()) == {
        "Молодцов"}
    html = curator_client.get(MENTEES).content.decode()
    assert "выбор профессии" in html
    assert 'class="badge text-bg-success">В паре' in html  # the status badge


def test_pages_keep_the_filters_and_export_links_carry_them(curator_client, organization, settings):
    settings.PAGE_SIZE = 3
    for i in range(7):
        MentorFactory(participant=ParticipantFactory(organization=organization, surname=f"Учитель{i:02d}"))
    page1 = curator_client.get(MENTORS, {"category": "teacher"}).content.decode()
    assert _names(page1) == {"Учитель00", "Учитель01", "Учитель02"}
    assert 'href="?category=teacher&amp;page=2"' in page1
    page3 = curator_client.get(MENTORS, {"category": "teacher", "page": 3}).content.decode()
    assert _names(page3) == {"Учитель06"}
    # the export takes the filters, never the page
    export = reverse("participants:mentor_export")
    assert f'href="{export}?category=teacher&amp;file_format=xlsx"' in page3
    assert f'href="{export}?category=teacher&amp;file_format=csv"' in page3


def test_empty_states_and_reset_link(curator_client, mentor_base):
    html = curator_client.get(MENTORS, {"q": "никтотакой"}).content.decode()
    assert _names(html) == set()
    assert "Никто не подходит" in html
    assert f'<a href="{MENTORS}">Сбросить фильтры</a>' in html
    assert reverse("participants:mentor_export") not in html  # nothing to export
    html = curator_client.get(MENTEES).content.decode()
    assert "База наставляемых пуста." in html


def test_minor_without_consent_has_personal_data_hidden(curator_client, organization):
    minor = ParticipantFactory(
        organization=organization, surname="Несовершеннов", category="pupil",
        birth_date=timezone.localdate() - datetime.timedelta(days=365 * 15),
        email="minor-secret@example.ru", consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED,
    )
    MentorFactory(participant=minor)
    MenteeFactory(participant=minor)
    for url in (MENTORS, MENTEES):
        html = curator_client.get(url).content.decode()
        assert "Несовершеннов" in html
        assert "minor-secret@example.ru" not in html
        assert minor.birth_date.strftime("%d.%m.%Y") not in html
        assert "несовершеннолетний" in html and "скрыто: нет согласия" in html


def test_approval_link_is_shown_to_who_may_approve(client, curator, director, mentor_base):
    approval = f'href="{reverse("participants:mentor_approval")}"'
    client.force_login(curator)
    assert approval in client.get(MENTORS).content.decode()
    client.force_login(director)  # reads the base, does not approve it
    page = client.get(MENTORS)
    assert page.status_code == 200 and approval not in page.content.decode()


def test_bases_are_for_the_organisations_programme_staff(client, alice, bob, charlie, director, mentor_base):
    for user in (alice, bob):
        client.force_login(user)
        assert client.get(MENTORS).status_code == 403
        assert client.get(MENTEES).status_code == 403
    client.force_login(charlie)  # curator of the other organisation
    assert _names(client.get(MENTORS).content.decode()) == {"Чужаков"}
    client.force_login(director)
    assert "Чужаков" not in _names(client.get(MENTORS).content.decode())
