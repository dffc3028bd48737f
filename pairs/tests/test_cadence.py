"""The meeting cadence (seed 000 6.4: «не реже одного раза в две недели»): the
pairs that broke it, the reminder e-mail to their mentors (pairs/services/
cadence.py, pairs/tasks.py, the beat schedule) and the curator's page."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.selectors import audit_events, event_data
from mentoring.tests.factories import (
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
)
from mentoring.tests.worker import running_worker, skip_without_services, wait_until
from pairs.enums import PairStatus
from pairs.models import Meeting, Pair
from pairs.services.cadence import breaching_pairs, days_without_meeting, remind_inactive_pairs

PORTAL = "https://mentor.example.ru"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.PORTAL_URL = PORTAL
    settings.CADENCE_REMINDER_INTERVAL_DAYS = 7
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def mentor_of(organization):
    def make(surname, *, email="", user_email=None, org=organization):
        participant = ParticipantFactory(organization=org, surname=surname, name="Мария",
                                         patronymic="Ивановна", email=email)
        if user_email is not None:
            participant.user = UserFactory(username="u-" + surname, email=user_email)
            participant.save(update_fields=["user"])
        return MentorFactory(participant=participant, capacity=4)

    return make


@pytest.fixture
def pair_of(organization, tt_form):
    """A working pair approved ``approved`` days ago, that met ``met`` days ago
    (None: never)."""

    def make(mentor, *, approved=30, met=None, status=PairStatus.ACTIVE, org=organization,
             reminded_at=None, mentee_surname="Наставляемый"):
        mentee = MenteeFactory(participant=ParticipantFactory(
            organization=org, surname=mentee_surname, category="young_specialist"))
        pair = PairFactory(organization=org, mentor=mentor, form=tt_form, status=status,
                           approved_at=noon(days_ago(approved)), reminded_at=reminded_at,
                           mentees=[mentee])
        if met is not None:
            Meeting.objects.create(pair=pair, meeting_type="regular", held_on=days_ago(met), topic="Встреча")
        return pair

    return make


# --- which pairs broke the rule -------------------------------------------------------------


def test_breaching_pairs_boundary_of_fourteen_days(organization, mentor_of, pair_of, other_organization):
    mentor = mentor_of("Петрова", email="petrova@example.ru")
    met_14 = pair_of(mentor, met=14)
    met_15 = pair_of(mentor, met=15)
    met_long_ago_and_lately = pair_of(mentor, met=40)
    Meeting.objects.create(pair=met_long_ago_and_lately, meeting_type="regular", held_on=days_ago(3), topic="Т")
    never_14 = pair_of(mentor, approved=14, status=PairStatus.APPROVED)
    never_15 = pair_of(mentor, approved=15, status=PairStatus.APPROVED)
    for status in (PairStatus.DRAFT, PairStatus.PROPOSED, PairStatus.COMPLETED, PairStatus.TERMINATED):
        pair_of(mentor, approved=100, met=90, status=status)
    elsewhere = pair_of(mentor_of("Чужая", org=other_organization), met=30, org=other_organization)

    found = list(breaching_pairs(organization))

    assert [p.pk for p in found] == [met_15.pk, never_15.pk]  # the longest gap first: both 15 days
    assert {p.pk for p in found}.isdisjoint({met_14.pk, never_14.pk, met_long_ago_and_lately.pk})
    assert {p.pk for p in breaching_pairs()} == {met_15.pk, never_15.pk, elsewhere.pk}
    gaps = {p.pk: days_without_meeting(p) for p in found}
    assert gaps == {met_15.pk: 15, never_15.pk: 15}
    assert found[0].last_meeting_on == days_ago(15) and found[1].last_meeting_on is None


def test_breaching_pairs_longest_gap_first(mentor_of, pair_of, organization):
    mentor = mentor_of("Петрова", email="petrova@example.ru")
    recent = pair_of(mentor, met=16)
    oldest = pair_of(mentor, approved=60)  # never met, approved 60 days ago
    middle = pair_of(mentor, met=30)

    assert [p.pk for p in breaching_pairs(organization)] == [oldest.pk, middle.pk, recent.pk]


def test_days_without_meeting_without_annotation(mentor_of, pair_of):
    pair = pair_of(mentor_of("Петрова"), met=20)

    assert days_without_meeting(Pair.objects.get(pk=pair.pk)) == 20


# --- the reminder ----------------------------------------------------------------------------


def test_one_email_per_mentor_lists_all_their_breaching_pairs(mentor_of, pair_of):
    petrova = mentor_of("Петрова", email="petrova@example.ru")
    sidorova = mentor_of("Сидорова", email="sidorova@example.ru")
    p1 = pair_of(petrova, met=20, mentee_surname="Алексеев")
    p2 = pair_of(petrova, approved=25, mentee_surname="Борисов")  # never met
    fine = pair_of(petrova, met=2, mentee_surname="Вовремя")
    s1 = pair_of(sidorova, met=16, mentee_surname="Гусев")

    counts = remind_inactive_pairs()

    assert counts == {"mentors": 2, "pairs": 3, "no_email": 0, "recent": 0, "failed": 0}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["petrova@example.ru", "sidorova@example.ru"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    text = by_address["petrova@example.ru"].body
    for pair in (p1, p2):
        assert f"{PORTAL}/pairs/{pair.pk}/" in text
    assert "Алексеев" in text and "Борисов" in text and days_ago(20).strftime("%d.%m.%Y") in text
    assert f"/pairs/{fine.pk}/" not in text and "Вовремя" not in text
    assert "Мария Ивановна" in text
    html, mime = by_address["petrova@example.ru"].alternatives[0]
    assert mime == "text/html" and f'href="{PORTAL}/pairs/{p1.pk}/"' in html
    assert f"{PORTAL}/pairs/{s1.pk}/" in by_address["sidorova@example.ru"].body
    assert f"/pairs/{p1.pk}/" not in by_address["sidorova@example.ru"].body
    reminded = dict(Pair.objects.values_list("pk", "reminded_at"))
    assert all(reminded[p.pk] is not None for p in (p1, p2, s1)) and reminded[fine.pk] is None
    assert audit_events("pairs.cadence.reminded").count() == 2


def test_a_second_run_the_same_day_sends_nothing(mentor_of, pair_of):
    pair = pair_of(mentor_of("Петрова", email="petrova@example.ru"), met=20)
    remind_inactive_pairs()
    first = Pair.objects.get(pk=pair.pk).reminded_at

    counts = remind_inactive_pairs()

    assert counts == {"mentors": 0, "pairs": 0, "no_email": 0, "recent": 1, "failed": 0}
    assert len(mail.outbox) == 1
    assert Pair.objects.get(pk=pair.pk).reminded_at == first


def test_a_pair_is_reminded_again_after_the_interval(mentor_of, pair_of):
    mentor = mentor_of("Петрова", email="petrova@example.ru")
    week_ago = pair_of(mentor, met=30, reminded_at=noon(days_ago(7)))
    six_days_ago = pair_of(mentor, met=30, reminded_at=noon(days_ago(6)))

    counts = remind_inactive_pairs()

    assert (counts["pairs"], counts["recent"]) == (1, 1)
    assert f"/pairs/{week_ago.pk}/" in mail.outbox[0].body
    assert f"/pairs/{six_days_ago.pk}/" not in mail.outbox[0].body


def test_mentors_without_email_are_skipped(mentor_of, pair_of):
    silent = pair_of(mentor_of("Безадресная"), met=20)
    by_account = pair_of(mentor_of("Аккаунтова", user_email="acc@example.ru"), met=20)

    counts = remind_inactive_pairs()

    assert counts == {"mentors": 1, "pairs": 1, "no_email": 1, "recent": 0, "failed": 0}
    assert [m.to for m in mail.outbox] == [["acc@example.ru"]]
    assert f"/pairs/{by_account.pk}/" in mail.outbox[0].body
    assert Pair.objects.get(pk=silent.pk).reminded_at is None


def test_one_bad_address_does_not_stop_the_run(mentor_of, pair_of, caplog):
    bad = pair_of(mentor_of("Плохая", email="bad\n@example.ru"), approved=60)  # first in the order
    good = pair_of(mentor_of("Хорошая", email="good@example.ru"), met=20)

    counts = remind_inactive_pairs()

    assert counts == {"mentors": 1, "pairs": 1, "no_email": 0, "recent": 0, "failed": 1}
    assert [m.to for m in mail.outbox] == [["good@example.ru"]]
    assert Pair.objects.get(pk=bad.pk).reminded_at is None
    assert Pair.objects.get(pk=good.pk).reminded_at is not None
    assert "cadence reminder to mentor" in caplog.text


def test_forced_reminder_of_chosen_pairs(mentor_of, pair_of, curator):
    mentor = mentor_of("Петрова", email="petrova@example.ru")
    chosen = pair_of(mentor, met=20, reminded_at=timezone.now() - datetime.timedelta(hours=1))
    other = pair_of(mentor, met=20)
    fine = pair_of(mentor, met=1)

    counts = remind_inactive_pairs(pair_ids=[chosen.pk, fine.pk], force=True, actor=curator)

    assert (counts["mentors"], counts["pairs"]) == (1, 1)
    assert f"/pairs/{chosen.pk}/" in mail.outbox[0].body
    assert f"/pairs/{other.pk}/" not in mail.outbox[0].body
    assert Pair.objects.get(pk=fine.pk).reminded_at is None
    entry = audit_events("pairs.cadence.reminded").get()
    assert entry.actor == curator and event_data(entry) == {"pairs": [chosen.pk], "manual": True}


def test_forced_reminder_is_not_repeated_for_the_same_request(mentor_of, pair_of):
    pair = pair_of(mentor_of("Петрова", email="petrova@example.ru"), met=20)
    clicked = timezone.now()
    remind_inactive_pairs(pair_ids=[pair.pk], force=True, requested_at=clicked)

    counts = remind_inactive_pairs(pair_ids=[pair.pk], force=True, requested_at=clicked)  # redelivery

    assert (counts["pairs"], counts["recent"]) == (0, 1)
    assert len(mail.outbox) == 1


# --- the task and the beat schedule ---------------------------------------------------------


def test_the_beat_schedule_names_the_registered_task(mentor_of, pair_of):
    from mentoring.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["pairs-remind-inactive-pairs"]
    app.loader.import_default_modules()
    task = app.tasks[entry["task"]]
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {django_settings.CADENCE_REMINDER_HOUR} and entry["schedule"].minute == {0}
    pair = pair_of(mentor_of("Петрова", email="petrova@example.ru"), met=20)

    result = task.apply()

    assert result.get()["pairs"] == 1
    assert Pair.objects.get(pk=pair.pk).reminded_at is not None
    assert [m.to for m in mail.outbox] == [["petrova@example.ru"]]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_the_reminder(tmp_path, monkeypatch, organization, tt_form):
    """Through Redis and a real worker: the task by its name e-mails the mentor
    (file-based backend, read here) and marks the pair reminded."""
    skip_without_services()
    outbox = tmp_path / "mail"
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(outbox))
    monkeypatch.setenv("PORTAL_URL", PORTAL)
    mentor = MentorFactory(participant=ParticipantFactory(organization=organization, email="w@example.ru"))
    pair = PairFactory(organization=organization, mentor=mentor, form=tt_form, status=PairStatus.APPROVED,
                       approved_at=noon(days_ago(20)),
                       mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])
    from mentoring.celery import app

    with running_worker(tmp_path, "cadence") as log_path:
        app.send_task("pairs.remind_inactive_pairs", kwargs={})
        wait_until(lambda: Pair.objects.get(pk=pair.pk).reminded_at is not None,
                   seconds=60, log_path=log_path, what="the reminder")
    files = list(outbox.glob("*.log"))
    assert len(files) == 1
    content = files[0].read_text()
    assert "To: w@example.ru" in content and f"{PORTAL}/pairs/{pair.pk}/" in content


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


CADENCE = "/pairs/cadence/"


def test_cadence_page_lists_the_pairs_that_broke_the_rule(login, curator, mentor_of, pair_of):
    assert reverse("pairs:cadence") == CADENCE
    mentor = mentor_of("Петрова", email="petrova@example.ru")
    late = pair_of(mentor, met=20)
    never = pair_of(mentor_of("Безадресная"), approved=30, status=PairStatus.APPROVED)
    fine = pair_of(mentor, met=3)

    page = login(curator).get(CADENCE)

    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="cadence-pair-{late.pk}"' in html and f'id="cadence-pair-{never.pk}"' in html
    assert f'id="cadence-pair-{fine.pk}"' not in html
    assert days_ago(20).strftime("%d.%m.%Y") in html
    rows = {p.pk: p for p in page.context["page_obj"]}
    assert (rows[late.pk].gap_days, rows[never.pk].gap_days) == (20, 30)
    assert rows[never.pk].mentor_email == ""


def test_cadence_page_filters(login, curator, mentor_of, pair_of, tt_form):
    from mentoring.models import MentoringForm

    other_form = MentoringForm.objects.exclude(pk=tt_form.pk).first() or MentoringForm.objects.create(
        code="x", name="другая форма", mentor_categories=["teacher"], mentee_categories=["student"])
    petrova = pair_of(mentor_of("Петрова", email="p@example.ru"), met=20)
    sidorova = pair_of(mentor_of("Сидорова", email="s@example.ru"), met=20)
    client = login(curator)

    by_name = {p.pk for p in client.get(CADENCE, {"q": "Петров"}).context["page_obj"]}
    by_form = {p.pk for p in client.get(CADENCE, {"form": tt_form.pk}).context["page_obj"]}
    none = client.get(CADENCE, {"form": other_form.pk})

    assert by_name == {petrova.pk}
    assert by_form == {petrova.pk, sidorova.pk}
    assert list(none.context["page_obj"]) == [] and 'id="cadence-empty"' in none.content.decode()


def test_cadence_page_empty_state(login, curator, mentor_of, pair_of):
    pair_of(mentor_of("Петрова"), met=1)

    page = login(curator).get(CADENCE)

    assert page.status_code == 200 and 'class="alert alert-success" id="cadence-empty"' in page.content.decode()


def test_cadence_page_for_programme_staff_only(login, alice, bob, director, charlie, mentor_of, pair_of):
    late = pair_of(mentor_of("Петрова"), met=20)

    assert login(alice).get(CADENCE).status_code == 403
    assert login(bob).get(CADENCE).status_code == 403
    assert login(director).get(CADENCE).status_code == 200
    outsider = login(charlie).get(CADENCE)
    assert outsider.status_code == 200 and late.pk not in {p.pk for p in outsider.context["page_obj"]}


def test_cadence_page_queries_are_bounded(login, curator, mentor_of, pair_of, django_assert_max_num_queries):
    client = login(curator)
    for count in (3, 30):
        for i in range(count):
            pair_of(mentor_of(f"Наставник{count}_{i}", email=f"m{count}_{i}@example.ru"), met=20)
        with django_assert_max_num_queries(12):
            page = client.get(CADENCE)
        assert page.status_code == 200
    assert len(page.context["page_obj"]) == django_settings.PAGE_SIZE


def test_remind_one_pair_now(login, curator, mentor_of, pair_of, django_capture_on_commit_callbacks):
    mentor = mentor_of("Петрова", email="petrova@example.ru")
    chosen = pair_of(mentor, met=20, reminded_at=timezone.now() - datetime.timedelta(days=1))
    other = pair_of(mentor, met=20)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = login(curator).post(reverse("pairs:cadence_remind"), {"one": chosen.pk, "q": "Петров"})

    assert response.status_code == 302 and response["Location"] == CADENCE + "?q=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2"
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["petrova@example.ru"]]
    assert f"/pairs/{chosen.pk}/" in mail.outbox[0].body and f"/pairs/{other.pk}/" not in mail.outbox[0].body


def test_remind_all_listed_and_ticked(login, curator, mentor_of, pair_of, django_capture_on_commit_callbacks):
    a = pair_of(mentor_of("Петрова", email="p@example.ru"), met=20)
    b = pair_of(mentor_of("Сидорова", email="s@example.ru"), met=20)
    c = pair_of(mentor_of("Кузнецова", email="k@example.ru"), met=20)
    client = login(curator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pairs:cadence_remind"), {"selected": "1", "pair": [a.pk, b.pk]})
    assert sorted(m.to[0] for m in mail.outbox) == ["p@example.ru", "s@example.ru"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pairs:cadence_remind"), {"all": "1"})
    assert sorted(m.to[0] for m in mail.outbox) == ["k@example.ru", "p@example.ru", "s@example.ru"]
    assert Pair.objects.filter(pk__in=[a.pk, b.pk, c.pk], reminded_at__isnull=True).count() == 0


def test_remind_ignores_other_organisations_and_fine_pairs(
    login, curator, mentor_of, pair_of, other_organization, django_capture_on_commit_callbacks
):
    foreign = pair_of(mentor_of("Чужая", email="x@example.ru", org=other_organization), met=20,
                      org=other_organization)
    fine = pair_of(mentor_of("Петрова", email="p@example.ru"), met=1)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = login(curator).post(reverse("pairs:cadence_remind"), {"pair": [foreign.pk, fine.pk]})

    assert response.status_code == 302 and callbacks == [] and mail.outbox == []


def test_remind_a_mentor_without_email_warns(login, curator, mentor_of, pair_of,
                                             django_capture_on_commit_callbacks):
    silent = pair_of(mentor_of("Безадресная"), met=20)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = login(curator).post(reverse("pairs:cadence_remind"), {"one": silent.pk}, follow=True)

    assert callbacks == [] and mail.outbox == []
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert "Безадресная" in response.content.decode()


def test_remind_needs_post_and_programme_staff(login, alice, curator, mentor_of, pair_of):
    late = pair_of(mentor_of("Петрова", email="p@example.ru"), met=20)

    assert login(curator).get(reverse("pairs:cadence_remind")).status_code == 405
    assert login(alice).post(reverse("pairs:cadence_remind"), {"one": late.pk}).status_code == 403
    assert mail.outbox == []
