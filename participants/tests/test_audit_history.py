"""The audit trail of a person (issue 13): their page shows it to the curator and
the director, never to a mentor; an anonymisation scrubs what it erased from it."""

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from mentoring.selectors import audit_events
from mentoring.tests.factories import MenteeFactory, ParticipantFactory
from participants.models import Mentee, Participant
from participants.services.consents import withdraw_consent
from participants.tests.test_consents import full_person  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

ERASED = [
    "Смирнов",  # every form: «Смирнова», «Смирновой»
    "Мария", "Ивановна", "smirnova@example.ru", "+79161234567", "+79169998877",
    "1998-05-17", "17.05.1998", "mentor_m", "ПД-21", "Школа № 5",
    "Школа наставника", "Грамота", "как вести журнал", "шахматы",
]


def _trail_text() -> str:
    """Every stored text of every entry, as the database returns it."""
    rows = LogEntry.objects.order_by("pk").values(
        "object_repr", "changes", "changes_text", "serialized_data", "additional_data", "actor_email",
    )
    return json.dumps(list(rows), ensure_ascii=False, default=str)


def test_anonymisation_scrubs_the_persons_history_and_keeps_the_entries(
    full_person, curator, client, django_capture_on_commit_callbacks  # noqa: F811
):
    person = full_person["person"]
    client.force_login(curator)
    # an edit made through the portal: the history now holds the old and the new phone
    person.phone = "+79169998877"
    person.save(update_fields=["phone"])
    before = _trail_text()
    assert all(text in before for text in ("Смирнова", "smirnova@example.ru", "+79161234567",
                                             "+79169998877", "1998-05-17", "Школа наставника"))
    entries_before = list(LogEntry.objects.order_by("pk").values_list("pk", "action", "actor_id", "timestamp"))

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(full_person["consent"], withdrawn_on=timezone.localdate(),
                         reason="заявление", actor=curator)

    after = _trail_text()
    assert [text for text in ERASED if text in after] == []
    # who did what when is still there, entry for entry
    kept = {row[0]: row for row in LogEntry.objects.values_list("pk", "action", "actor_id", "timestamp")}
    assert [kept.get(row[0]) for row in entries_before] == entries_before
    created = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.CREATE).get()
    assert created.object_repr == f"Участник №{person.pk}"
    assert created.changes["surname"] == ["None", "[обезличено]"]
    assert created.changes["category"] == ["None", "young_specialist"]  # not erased, kept
    event = audit_events("participants.participant.anonymised", obj=person).get()
    assert event.actor == curator


def test_anonymisation_leaves_other_peoples_history_alone(
    full_person, curator, organization, django_capture_on_commit_callbacks  # noqa: F811
):
    other = ParticipantFactory(organization=organization, surname="Смирнов-Другой", name="Пётр",
                               email="petr@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(full_person["consent"], withdrawn_on=timezone.localdate(),
                         reason="заявление", actor=curator)

    created = LogEntry.objects.get_for_object(other).get()
    assert (created.object_repr, created.changes["email"]) == (other.full_name, ["None", "petr@example.ru"])


# --- the trail on the participant's page ------------------------------------------------------


@pytest.fixture
def edited_mentee(organization, curator, client):
    """A mentee whose category of need the curator changed on the portal."""
    mentee = MenteeFactory(participant=ParticipantFactory(organization=organization, surname="Журналов"),
                           need_category="")
    client.force_login(curator)
    response = client.post(
        reverse("participants:mentee_edit", args=[mentee.participant_id]),
        {"need_category": "gifted", "status": "in_base"}, REMOTE_ADDR="198.51.100.23",
    )
    assert response.status_code == 302
    return mentee


def test_participant_page_shows_the_trail_with_the_changed_field(client, edited_mentee, curator):
    response = client.get(reverse("participants:participant_detail", args=[edited_mentee.participant_id]))

    rows = response.context["trail"].object_list
    update = next(row for row in rows if row.actor == curator.username and row.changes)
    assert update.subject == str(Mentee._meta.verbose_name)
    field = Mentee._meta.get_field("need_category")
    assert (update.changes[0].field, update.changes[0].new) == (
        str(field.verbose_name), str(dict(field.flatchoices)["gifted"])
    )
    assert (update.actor, update.ip) == (curator.username, "198.51.100.23")
    page = response.content.decode()
    assert "Журнал изменений" in page and "198.51.100.23" in page
    assert str(dict(field.flatchoices)["gifted"]) in page


def test_participant_trail_runs_bounded_queries(client, edited_mentee, curator, director,
                                                django_assert_max_num_queries):
    from auditlog.context import set_actor

    url = reverse("participants:participant_detail", args=[edited_mentee.participant_id])
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    participant = Participant.objects.get(pk=edited_mentee.participant_id)
    for n in range(15):
        # every entry of the page has an actor: loading it per entry would show
        with set_actor(curator if n % 2 else director):
            participant.phone = f"+7916000{n:04d}"
            participant.save(update_fields=["phone"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["trail"].object_list) == 10
    assert response.context["trail"].has_next()


def test_mentor_gets_404_for_the_participant_page_and_no_trail(client, alice, edited_mentee):
    client.force_login(alice)
    url = reverse("participants:participant_detail", args=[edited_mentee.participant_id])
    assert client.get(url).status_code == 404


def test_director_sees_the_trail_and_working_group_does_not(client, director, organization, edited_mentee):
    from mentoring.enums import Role
    from mentoring.tests.factories import MembershipFactory, UserFactory

    url = reverse("participants:participant_detail", args=[edited_mentee.participant_id])
    client.force_login(director)
    assert "trail" in client.get(url).context
    helper = UserFactory(username="helper")
    MembershipFactory(user=helper, organization=organization, role=Role.WORKING_GROUP)
    client.force_login(helper)
    response = client.get(url)
    assert response.status_code == 200 and "trail" not in response.context
    assert "Журнал изменений" not in response.content.decode()


# --- bulk writes -------------------------------------------------------------------------------


def test_an_import_is_one_event_with_counts_not_an_entry_per_person(organization, curator, samples):
    """bulk_create sends no signals: the batch's event stands for its rows."""
    from django.contrib.contenttypes.models import ContentType

    from mentoring.selectors import event_data
    from participants.models import Mentor
    from participants.services.importing import import_files

    import_files(organization=organization, paths=[samples / "applicants_employers.xlsx"], actor=curator)

    assert Participant.objects.count() == Mentor.objects.count() == 25
    types = ContentType.objects.get_for_models(Participant, Mentor).values()
    assert not LogEntry.objects.filter(content_type__in=types).exists()
    event = audit_events("participants.import.applied").get()
    assert (event.actor, event_data(event)["created"]) == (curator, 25)


def test_scrub_rewrites_the_history_in_bulk_not_an_update_per_entry(organization):
    """The scrub's queries do not grow with the entries it rewrites (bulk_update)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from participants.services.history import erasure_scope, scrub_participant_history

    def scrubbed(surname: str, edits: int) -> tuple[int, list[str]]:
        person = ParticipantFactory(organization=organization, surname=surname, name="Ольга",
                                    phone="+79160000000")
        for n in range(edits):
            person.phone = f"+7916111{n:04d}"
            person.save(update_fields=["phone"])
        scope = erasure_scope(person)
        with CaptureQueriesContext(connection) as queries:
            rewritten = scrub_participant_history(scope, label=f"Участник №{person.pk}")
        assert surname not in _trail_text() and f"+7916111{edits - 1:04d}" not in _trail_text()
        return rewritten, [q["sql"] for q in queries.captured_queries]

    few, few_sql = scrubbed("Малышева", 1)
    many, many_sql = scrubbed("Многоправкина", 30)

    assert (few, many) == (2, 31)  # the creation and every edit
    assert len(many_sql) == len(few_sql)
    assert sum(sql.startswith("UPDATE") for sql in many_sql) == 1


def test_trail_hides_a_minors_contacts_without_the_representatives_consent(client, organization, curator):
    import datetime

    from participants.enums import ConsentStatus

    minor = ParticipantFactory(organization=organization, surname="Несовершеннолетний",
                               birth_date=timezone.localdate() - datetime.timedelta(days=15 * 365),
                               phone="+79160001111", consent_status=ConsentStatus.MISSING)
    minor.phone = "+79160002222"
    minor.save(update_fields=["phone"])
    assert minor.personal_data_hidden
    client.force_login(curator)

    response = client.get(reverse("participants:participant_detail", args=[minor.pk]))

    phone = str(Participant._meta.get_field("phone").verbose_name)
    changes = [(c.field, c.old, c.new) for row in response.context["trail"].object_list for c in row.changes]
    assert (phone, "скрыто", "скрыто") in changes
    page = response.content.decode()
    assert "+79160001111" not in page and "+79160002222" not in page
