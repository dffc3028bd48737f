"""The mentor's digital profile, portfolio and trainings, the mentee's requests
and status: services.profiles and the pages of views.profiles."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.selectors import audit_events, event_data
from mentoring.tests.factories import (
    MembershipFactory,
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
)
from pairs.enums import PairStatus
from participants.enums import ConsentStatus, MeetingFormat, MenteeStatus, MentorStatus, NeedCategory
from participants.models import MenteeRequest, Mentor, MentorTraining, PortfolioItem
from participants.services.profiles import (
    ProfileError,
    add_mentee_request,
    add_portfolio_item,
    remove_portfolio_item,
    update_mentee_request,
    update_mentor_profile,
)
from participants.services.statuses import record_training

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
TODAY = timezone.localdate()


@pytest.fixture
def mentor(organization):
    return MentorFactory(participant=ParticipantFactory(
        organization=organization, surname="Наставникова", name="Нина", patronymic="Петровна",
    ))


@pytest.fixture
def mentee(organization):
    return MenteeFactory(participant=ParticipantFactory(
        organization=organization, surname="Учеников", name="Пётр", patronymic="Ильич",
    ))


def _login(client, user):
    client.force_login(user)
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


# --- services: the mentor's digital profile --------------------------------------------


def test_update_mentor_profile_saves_changed_fields_and_audits(mentor, curator):
    changed = update_mentor_profile(
        mentor, actor=curator, interests="  туризм,  шахматы ", preferred_age_min=15,
        preferred_age_max=18, hours_per_month=8, meeting_format=MeetingFormat.ONLINE,
        capacity=mentor.capacity,
    )
    assert changed == ["interests", "preferred_age_min", "preferred_age_max", "hours_per_month",
                       "meeting_format"]
    mentor.refresh_from_db()
    assert (mentor.interests, mentor.preferred_age_min, mentor.preferred_age_max,
            mentor.hours_per_month, mentor.meeting_format) == ("туризм, шахматы", 15, 18, 8, "online")
    entry = audit_events("participants.mentor.profile_updated").get()
    assert (entry.actor, event_data(entry)) == (curator, {"fields": changed})


def test_update_mentor_profile_without_changes_writes_nothing(mentor, curator):
    assert update_mentor_profile(mentor, actor=curator, competencies=mentor.competencies) == []
    assert not audit_events().exists()


@pytest.mark.parametrize("fields, field, message", [
    ({"preferred_age_min": 4}, "preferred_age_min", "The age must be from %(min)s to %(max)s years."),
    ({"preferred_age_max": 81}, "preferred_age_max", "The age must be from %(min)s to %(max)s years."),
    ({"preferred_age_min": 30, "preferred_age_max": 20}, "preferred_age_max",
     "The upper age cannot be lower than the lower age."),
    ({"capacity": 0}, "capacity", "The capacity must be from %(min)s to %(max)s mentees."),
    ({"capacity": 11}, "capacity", "The capacity must be from %(min)s to %(max)s mentees."),
    ({"capacity": None}, "capacity", "Give the number of mentees."),
    ({"hours_per_month": 0}, "hours_per_month",
     "The time available must be from %(min)s to %(max)s hours a month."),
    ({"hours_per_month": 201}, "hours_per_month",
     "The time available must be from %(min)s to %(max)s hours a month."),
    ({"meeting_format": "by_pigeon"}, "meeting_format", "Choose a meeting format from the list."),
])
def test_update_mentor_profile_refuses_bad_values(mentor, curator, fields, field, message):
    before = Mentor.objects.values().get(pk=mentor.pk)
    with pytest.raises(ProfileError) as caught:
        update_mentor_profile(mentor, actor=curator, **fields)
    bounds = {"preferred_age_min": (5, 80), "preferred_age_max": (5, 80), "capacity": (1, 10),
              "hours_per_month": (1, 200)}.get(field, (0, 0))
    assert caught.value.errors == {field: _(message) % {"min": bounds[0], "max": bounds[1]}}
    assert Mentor.objects.values().get(pk=mentor.pk) == before


def test_update_mentor_profile_accepts_the_bounds(mentor, curator):
    update_mentor_profile(mentor, actor=curator, preferred_age_min=5, preferred_age_max=80,
                          capacity=10, hours_per_month=200)
    update_mentor_profile(mentor, actor=curator, preferred_age_min=16, preferred_age_max=16,
                          capacity=1, hours_per_month=1)
    mentor.refresh_from_db()
    assert (mentor.preferred_age_min, mentor.preferred_age_max, mentor.capacity,
            mentor.hours_per_month) == (16, 16, 1, 1)


def test_update_mentor_profile_capacity_not_below_mentees_in_open_pairs(organization, mentor, curator):
    mentees = [MenteeFactory(participant=ParticipantFactory(organization=organization)) for _i in range(3)]
    PairFactory(organization=organization, mentor=mentor, mentees=mentees[:2], status=PairStatus.ACTIVE)
    PairFactory(organization=organization, mentor=mentor, mentees=mentees[2:], status=PairStatus.COMPLETED)
    mentor.capacity = 4
    mentor.save()
    with pytest.raises(ProfileError) as caught:
        update_mentor_profile(mentor, actor=curator, capacity=1)
    assert list(caught.value.errors) == ["capacity"]
    assert "2" in caught.value.errors["capacity"]
    assert update_mentor_profile(mentor, actor=curator, capacity=2) == ["capacity"]


def test_update_mentor_profile_status_is_not_a_profile_field(mentor, curator):
    with pytest.raises(TypeError):
        update_mentor_profile(mentor, actor=curator, status=MentorStatus.APPROVED)
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.CANDIDATE


# --- services: portfolio ------------------------------------------------------------------


def test_add_portfolio_item_with_a_file_and_remove_it(mentor, curator):
    item = add_portfolio_item(mentor, actor=curator, kind="award", title=" Грамота  Минобрнауки ",
                              year=2023, link="https://example.ru/award",
                              file=SimpleUploadedFile("gramota.pdf", PDF))
    assert (item.title, item.year, item.link) == ("Грамота Минобрнауки", 2023, "https://example.ru/award")
    storage, name = item.file.storage, item.file.name
    assert storage.exists(name)
    remove_portfolio_item(item, actor=curator)
    assert not PortfolioItem.objects.exists() and not storage.exists(name)
    assert list(audit_events().values_list("event", flat=True).order_by("pk")) == [
        "participants.portfolio.added", "participants.portfolio.removed",
    ]


@pytest.mark.parametrize("fields, field", [
    ({"link": "javascript:alert(1)"}, "link"),
    ({"link": "example"}, "link"),
    ({"title": ""}, "title"),
    ({"kind": "diploma"}, "kind"),
    ({"year": 1949}, "year"),
    ({"year": TODAY.year + 1}, "year"),
    ({"file": SimpleUploadedFile("notes.pdf", b"plain text pretending to be a PDF")}, "file"),
])
def test_add_portfolio_item_refuses_bad_input(mentor, curator, fields, field):
    values = {"kind": "method", "title": "Методичка", "actor": curator, **fields}
    with pytest.raises(ProfileError) as caught:
        add_portfolio_item(mentor, **values)
    assert list(caught.value.errors) == [field]
    assert not PortfolioItem.objects.exists()


# --- services: mentee requests --------------------------------------------------------------


def test_mentee_requests_refuse_duplicates_ignoring_case(mentee, curator):
    first = add_mentee_request(mentee, text="Выбор  профессии", category=NeedCategory.PATH_CHOICE,
                               actor=curator)
    assert (first.text, first.category) == ("Выбор профессии", "path_choice")
    with pytest.raises(ProfileError) as caught:
        add_mentee_request(mentee, text="ВЫБОР ПРОФЕССИИ", actor=curator)
    assert caught.value.errors == {"text": _("The mentee already has this request.")}
    second = add_mentee_request(mentee, text="Подготовка к олимпиаде", actor=curator)
    with pytest.raises(ProfileError):
        update_mentee_request(second, text="выбор профессии", actor=curator)
    # a request may keep its own text with another case or category
    update_mentee_request(first, text="выбор профессии", category=NeedCategory.LOW_MOTIVATION,
                          actor=curator)
    assert list(mentee.requests.values_list("text", "category")) == [
        ("выбор профессии", "low_motivation"), ("Подготовка к олимпиаде", ""),
    ]


@pytest.mark.parametrize("text, category, field", [
    ("", "", "text"),
    ("я" * 301, "", "text"),
    ("Адаптация", "unknown", "category"),
])
def test_mentee_requests_refuse_bad_input(mentee, curator, text, category, field):
    with pytest.raises(ProfileError) as caught:
        add_mentee_request(mentee, text=text, category=category, actor=curator)
    assert list(caught.value.errors) == [field]
    assert not MenteeRequest.objects.exists()


# --- pages: the participant card ----------------------------------------------------------


@pytest.fixture
def full_mentor(mentor, curator):
    update_mentor_profile(
        mentor, actor=curator, competencies="ИКТ, проектная деятельность", interests="Туризм",
        life_experience="20 лет в колледже", motivation="Передать опыт", preferred_age_min=15,
        preferred_age_max=18, hours_per_month=6, capacity=3, meeting_times="Вторник после 15:00",
    )
    Mentor.objects.filter(pk=mentor.pk).update(
        status=MentorStatus.APPROVED, approval_order_number="112-о",
        approval_order_date=datetime.date(2024, 12, 20),
    )
    mentor.refresh_from_db()
    record_training(mentor, course="Школа наставника", hours=72, started_on=datetime.date(2025, 1, 10),
                    finished_on=datetime.date(2025, 2, 10), actor=curator,
                    certificate=SimpleUploadedFile("cert.pdf", PDF))
    add_portfolio_item(mentor, kind="method", title="Сборник кейсов", year=2024, actor=curator,
                       file=SimpleUploadedFile("cases.pdf", PDF))
    return mentor


def test_card_shows_the_whole_mentor_profile(client, curator, full_mentor):
    response = _login(client, curator).get(
        reverse("participants:participant_detail", args=[full_mentor.participant_id]))
    assert response.status_code == 200
    page = _text(response)
    training = full_mentor.trainings.get()
    item = full_mentor.portfolio.get()
    for text in ("ИКТ, проектная деятельность", "20 лет в колледже", "Передать опыт",
                 "Вторник после 15:00", "112-о", "20.12.2024", "Школа наставника", "72",
                 "10.01.2025", "Сборник кейсов",
                 MentorStatus.TRAINED.label,
                 reverse("participants:training_certificate", args=[training.pk]),
                 reverse("participants:portfolio_file", args=[item.pk]),
                 reverse("participants:mentor_edit", args=[full_mentor.participant_id]),
                 reverse("participants:training_add", args=[full_mentor.participant_id]),
                 reverse("participants:portfolio_add", args=[full_mentor.participant_id])):
        assert str(text) in page, text
    assert full_mentor.portfolio.get().file.url not in page  # never the media URL


def test_card_for_the_director_has_no_edit_links(client, director, full_mentor, mentee):
    page = _text(_login(client, director).get(
        reverse("participants:participant_detail", args=[full_mentor.participant_id])))
    assert "Школа наставника" in page
    assert reverse("participants:mentor_edit", args=[full_mentor.participant_id]) not in page
    assert reverse("participants:training_delete", args=[full_mentor.trainings.get().pk]) not in page
    page = _text(client.get(reverse("participants:participant_detail", args=[mentee.participant_id])))
    assert reverse("participants:request_add", args=[mentee.participant_id]) not in page


def test_card_shows_mentee_status_and_requests(client, curator, mentee):
    add_mentee_request(mentee, text="Трудности в общении с группой", category=NeedCategory.ADAPTATION,
                       actor=curator)
    request = mentee.requests.get()
    page = _text(_login(client, curator).get(
        reverse("participants:participant_detail", args=[mentee.participant_id])))
    for text in ("Трудности в общении с группой", NeedCategory.ADAPTATION.label,
                 MenteeStatus.IN_BASE.label,
                 reverse("participants:request_edit", args=[request.pk]),
                 reverse("participants:request_delete", args=[request.pk]),
                 reverse("participants:request_add", args=[mentee.participant_id]),
                 reverse("participants:mentee_edit", args=[mentee.participant_id])):
        assert str(text) in page, text


# --- pages: editing -----------------------------------------------------------------------


def _profile_post(**overrides):
    data = {"competencies": "Физика", "interests": "", "life_experience": "", "motivation": "",
            "mentee_preferences": "", "preferred_age_min": "15", "preferred_age_max": "17",
            "hours_per_month": "4", "capacity": "2", "meeting_format": "", "meeting_frequency": "",
            "meeting_times": ""}
    data.update(overrides)
    return data


def test_mentor_edit_page_saves_the_profile(client, curator, mentor):
    url = reverse("participants:mentor_edit", args=[mentor.participant_id])
    _login(client, curator)
    assert client.get(url).status_code == 200
    response = client.post(url, _profile_post(meeting_frequency="weekly"))
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.competencies, mentor.preferred_age_min, mentor.meeting_frequency) == ("Физика", 15, "weekly")


def test_mentor_edit_page_shows_the_validation_message(client, curator, mentor):
    url = reverse("participants:mentor_edit", args=[mentor.participant_id])
    response = _login(client, curator).post(url, _profile_post(preferred_age_min="19"))
    assert response.status_code == 200
    assert _("The upper age cannot be lower than the lower age.") in _text(response)
    mentor.refresh_from_db()
    assert mentor.competencies == "ИКТ-компетенции"


def test_training_add_page_refuses_a_renamed_text_file(client, curator, settings, mentor):
    url = reverse("participants:training_add", args=[mentor.participant_id])
    data = {"course": "Курс", "provider": "", "hours": "16", "started_on": "2025-01-01",
            "finished_on": "2025-01-05",
            "certificate": SimpleUploadedFile("cert.pdf", b"hello, I am a text file")}
    response = _login(client, curator).post(url, data)
    assert response.status_code == 200
    assert _("The file's content is not %(type)s: it may be damaged or renamed.") % {"type": "PDF"} in _text(response)
    assert not MentorTraining.objects.exists()


class SkipEveryFile(FileUploadHandler):
    """Stands for an upload handler that skips a file too large to store."""

    def receive_data_chunk(self, raw_data, start):
        self.request.upload_too_large = start + len(raw_data)
        raise SkipFile

    def file_complete(self, file_size):
        return None


def test_upload_pages_refuse_a_file_skipped_for_its_size(client, curator, settings, mentor):
    """A file the upload handler dropped must not turn into a record without it."""
    settings.FILE_UPLOAD_HANDLERS = [
        "participants.tests.test_profiles.SkipEveryFile",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
    ]
    _login(client, curator)
    response = client.post(reverse("participants:training_add", args=[mentor.participant_id]), {
        "course": "Курс", "hours": "16", "started_on": "2025-01-01", "finished_on": "2025-01-05",
        "certificate": SimpleUploadedFile("cert.pdf", PDF)})
    assert response.status_code == 200
    assert _("The file is larger than 5 MB.") in _text(response)
    response = client.post(reverse("participants:portfolio_add", args=[mentor.participant_id]), {
        "kind": "award", "title": "Грамота", "file": SimpleUploadedFile("g.pdf", PDF)})
    assert response.status_code == 200
    assert not MentorTraining.objects.exists() and not PortfolioItem.objects.exists()


def test_training_add_page_records_the_training(client, curator, mentor):
    Mentor.objects.filter(pk=mentor.pk).update(status=MentorStatus.APPROVED)
    url = reverse("participants:training_add", args=[mentor.participant_id])
    data = {"course": "Курс наставника", "provider": "ИРО", "hours": "16", "started_on": "2025-01-01",
            "finished_on": "2025-01-05", "certificate": SimpleUploadedFile("cert.pdf", PDF)}
    assert _login(client, curator).post(url, data).status_code == 302
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.TRAINED
    training = mentor.trainings.get()
    response = client.get(reverse("participants:training_certificate", args=[training.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_mentee_edit_page_moves_status_and_category(client, curator, mentee):
    mentee.status = MenteeStatus.COMPLETED
    mentee.save()
    url = reverse("participants:mentee_edit", args=[mentee.participant_id])
    _login(client, curator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"need_category": "gifted", "status": "in_base"})
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert (mentee.status, mentee.need_category) == ("in_base", "gifted")


def test_mentee_edit_page_refuses_entry_without_consent_and_saves_nothing(client, curator, mentee):
    participant = mentee.participant
    participant.consent_status = ConsentStatus.MISSING
    participant.save()
    mentee.status = MenteeStatus.APPLICANT
    mentee.save()
    url = reverse("participants:mentee_edit", args=[mentee.participant_id])
    response = _login(client, curator).post(url, {"need_category": "gifted", "status": "in_base"})
    assert response.status_code == 200
    assert participant.full_name in _text(response)
    mentee.refresh_from_db()
    assert (mentee.status, mentee.need_category) == ("applicant", "")


def test_mentee_edit_page_offers_no_paired_status(client, curator, mentee):
    url = reverse("participants:mentee_edit", args=[mentee.participant_id])
    response = _login(client, curator).post(url, {"need_category": "", "status": "paired"})
    assert response.status_code == 200
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.IN_BASE


def test_request_pages_add_edit_delete(client, curator, mentee):
    _login(client, curator)
    add = reverse("participants:request_add", args=[mentee.participant_id])
    assert client.post(add, {"text": "Профориентация", "category": "path_choice"}).status_code == 302
    response = client.post(add, {"text": "профориентация", "category": ""})
    assert response.status_code == 200
    assert _("The mentee already has this request.") in _text(response)
    request = mentee.requests.get()
    edit = reverse("participants:request_edit", args=[request.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"text": "Выбор специальности", "category": "path_choice"}).status_code == 302
    request.refresh_from_db()
    assert request.text == "Выбор специальности"
    assert client.post(reverse("participants:request_delete", args=[request.pk])).status_code == 302
    assert not mentee.requests.exists()


# --- pages: approval of the mentor base ----------------------------------------------------


def test_mentor_approval_lists_candidates_with_consent_and_approves(client, curator, organization):
    ready = MentorFactory(participant=ParticipantFactory(organization=organization, surname="Готовая"))
    waiting = MentorFactory(participant=ParticipantFactory(
        organization=organization, surname="Несогласная", consent_status=ConsentStatus.MISSING))
    approved = MentorFactory(participant=ParticipantFactory(organization=organization, surname="Утверждённая"),
                             status=MentorStatus.APPROVED)
    url = reverse("participants:mentor_approval")
    page = _text(_login(client, curator).get(url))
    assert "Готовая" in page
    assert "Несогласная" not in page and "Утверждённая" not in page
    assert _("Candidates without consent to the processing of personal data on record are not "
             "listed: %(count)s.") % {"count": 1} in page
    assert "Готовая" not in _text(client.get(url, {"q": "несоглас"}))
    assert "Готовая" in _text(client.get(url, {"q": "готов"}))
    response = client.post(url, {"mentors": [ready.pk], "order_number": "15-о",
                                 "order_date": (TODAY - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 302
    ready.refresh_from_db()
    assert (ready.status, ready.approval_order_number) == (MentorStatus.APPROVED, "15-о")
    # a crafted post with a candidate without consent names the person, approves nobody
    response = client.post(url, {"mentors": [waiting.pk], "order_number": "16-о",
                                 "order_date": TODAY.isoformat()})
    assert response.status_code == 200
    assert waiting.participant.full_name in _text(response)
    waiting.refresh_from_db()
    assert waiting.status == MentorStatus.CANDIDATE
    approved.refresh_from_db()
    assert approved.approval_order_number == ""


def test_mentor_approval_refuses_mentors_of_another_organisation(client, curator, other_organization):
    stranger = MentorFactory(participant=ParticipantFactory(organization=other_organization))
    response = _login(client, curator).post(reverse("participants:mentor_approval"), {
        "mentors": [stranger.pk], "order_number": "1", "order_date": TODAY.isoformat()})
    assert response.status_code == 200
    stranger.refresh_from_db()
    assert stranger.status == MentorStatus.CANDIDATE


@pytest.mark.parametrize("persona", ["director", "alice", "bob"])
def test_mentor_approval_is_for_curators_and_admins(client, request, persona):
    _login(client, request.getfixturevalue(persona))
    assert client.get(reverse("participants:mentor_approval")).status_code == 403
    assert client.post(reverse("participants:mentor_approval"), {}).status_code == 403


def test_mentor_approval_for_an_org_admin(client, organization):
    admin = UserFactory(username="orgadmin")
    MembershipFactory(user=admin, organization=organization, role=Role.ADMIN)
    assert _login(client, admin).get(reverse("participants:mentor_approval")).status_code == 200


# --- pages: the mentor's own profile --------------------------------------------------------


def test_my_profile_alice_sees_and_edits_her_own_profile(client, alice):
    mentor = alice.participant.mentor_profile
    _login(client, alice)
    page = _text(client.get(reverse("participants:my_profile")))
    assert "Алисова Алиса Петровна" in page
    assert reverse("participants:my_profile_edit") in page
    response = client.post(reverse("participants:my_profile_edit"),
                           _profile_post(interests="Горные лыжи", capacity="5"))
    assert response.status_code == 302 and response["Location"] == reverse("participants:my_profile")
    mentor.refresh_from_db()
    assert (mentor.interests, mentor.capacity) == ("Горные лыжи", 5)
    # the status is not part of the form
    client.post(reverse("participants:my_profile_edit"), _profile_post(status="trained"))
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.CANDIDATE


def test_my_profile_alice_adds_training_and_portfolio_and_downloads_them(client, alice):
    mentor = alice.participant.mentor_profile
    _login(client, alice)
    response = client.post(reverse("participants:my_training_add"), {
        "course": "Наставничество", "hours": "24", "started_on": "2025-03-01",
        "finished_on": "2025-03-10", "certificate": SimpleUploadedFile("c.pdf", PDF)})
    assert response.status_code == 302
    response = client.post(reverse("participants:my_portfolio_add"), {
        "kind": "publication", "title": "Статья", "link": "https://example.ru/a",
        "file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 302
    training, item = mentor.trainings.get(), mentor.portfolio.get()
    assert mentor.status == MentorStatus.CANDIDATE
    page = _text(client.get(reverse("participants:my_profile")))
    assert "Наставничество" in page and "Статья" in page
    assert client.get(reverse("participants:training_certificate", args=[training.pk])).status_code == 200
    assert client.get(reverse("participants:portfolio_file", args=[item.pk])).status_code == 200
    response = client.post(reverse("participants:portfolio_delete", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("participants:my_profile")
    assert not mentor.portfolio.exists()


def test_my_profile_alice_cannot_reach_another_mentors_files(client, alice, curator, full_mentor):
    training, item = full_mentor.trainings.get(), full_mentor.portfolio.get()
    _login(client, alice)
    for name, pk in (("training_certificate", training.pk), ("portfolio_file", item.pk)):
        assert client.get(reverse("participants:" + name, args=[pk])).status_code == 404
    assert client.post(reverse("participants:portfolio_delete", args=[item.pk])).status_code == 404
    assert client.post(reverse("participants:training_delete", args=[training.pk])).status_code == 404
    assert PortfolioItem.objects.filter(pk=item.pk).exists()
    assert client.get(reverse("participants:mentor_edit", args=[full_mentor.participant_id])).status_code == 404


@pytest.mark.parametrize("persona, status", [("bob", 403), ("curator", 403), ("director", 403)])
def test_my_profile_is_for_mentors(client, request, persona, status):
    _login(client, request.getfixturevalue(persona))
    assert client.get(reverse("participants:my_profile")).status_code == status


def test_my_profile_mentor_without_a_profile_gets_404(client, organization):
    user = UserFactory(username="newmentor")
    MembershipFactory(user=user, organization=organization, role=Role.MENTOR)
    assert _login(client, user).get(reverse("participants:my_profile")).status_code == 404


# --- permissions ----------------------------------------------------------------------------


def _object_urls(mentor, mentee) -> dict[str, tuple[str, str]]:
    training, item = mentor.trainings.get(), mentor.portfolio.get()
    request = mentee.requests.get()
    p, q = mentor.participant_id, mentee.participant_id
    return {
        "mentor_edit": ("get", reverse("participants:mentor_edit", args=[p])),
        "training_add": ("get", reverse("participants:training_add", args=[p])),
        "portfolio_add": ("get", reverse("participants:portfolio_add", args=[p])),
        "mentee_edit": ("get", reverse("participants:mentee_edit", args=[q])),
        "request_add": ("get", reverse("participants:request_add", args=[q])),
        "request_edit": ("get", reverse("participants:request_edit", args=[request.pk])),
        "request_delete": ("post", reverse("participants:request_delete", args=[request.pk])),
        "training_delete": ("post", reverse("participants:training_delete", args=[training.pk])),
        "portfolio_delete": ("post", reverse("participants:portfolio_delete", args=[item.pk])),
    }


def test_director_reads_but_gets_403_on_every_change(client, director, full_mentor, mentee, curator):
    add_mentee_request(mentee, text="Запрос", actor=curator)
    _login(client, director)
    got = {name: (client.get(url).status_code if method == "get" else 405, client.post(url, {}).status_code)
           for name, (method, url) in _object_urls(full_mentor, mentee).items()}
    assert got == {name: (403 if method == "get" else 405, 403)
                   for name, (method, _url) in _object_urls(full_mentor, mentee).items()}
    training, item = full_mentor.trainings.get(), full_mentor.portfolio.get()
    assert client.get(reverse("participants:training_certificate", args=[training.pk])).status_code == 200
    assert client.get(reverse("participants:portfolio_file", args=[item.pk])).status_code == 200
    assert PortfolioItem.objects.count() == 1 and MenteeRequest.objects.count() == 1


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_outsiders_get_404_on_every_profile_url(client, request, persona, full_mentor, mentee, curator):
    add_mentee_request(mentee, text="Запрос", actor=curator)
    _login(client, request.getfixturevalue(persona))
    urls = _object_urls(full_mentor, mentee)
    urls["training_certificate"] = ("get", reverse("participants:training_certificate",
                                                   args=[full_mentor.trainings.get().pk]))
    urls["portfolio_file"] = ("get", reverse("participants:portfolio_file",
                                             args=[full_mentor.portfolio.get().pk]))
    got = {name: client.post(url, {}).status_code for name, (_m, url) in urls.items()}
    got.update({name + " GET": client.get(url).status_code for name, (m, url) in urls.items() if m == "get"})
    assert set(got.values()) == {404}
    assert PortfolioItem.objects.count() == 1 and MenteeRequest.objects.count() == 1
    assert MentorTraining.objects.count() == 1


def test_org_admin_edits_profiles(client, organization, mentor):
    admin = UserFactory(username="orgadmin")
    MembershipFactory(user=admin, organization=organization, role=Role.ADMIN)
    url = reverse("participants:mentor_edit", args=[mentor.participant_id])
    assert _login(client, admin).post(url, _profile_post(competencies="Химия")).status_code == 302
    mentor.refresh_from_db()
    assert mentor.competencies == "Химия"
