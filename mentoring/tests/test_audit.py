"""The audit trail (issue 13): django-auditlog's LogEntry for every change of the
tracked models and for the portal's domain events, the request's actor and IP
address, retention."""

import datetime

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from mentoring.middleware import AuditMiddleware, client_address
from mentoring.selectors import audit_events, audit_trail, event_data
from mentoring.services import log_action, purge_audit_trail
from mentoring.tasks import task_purge_audit_trail
from mentoring.tests.factories import OrganizationFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

TRACKED = [
    "auth.User", "mentoring.Organization", "mentoring.Membership",
    "participants.Participant", "participants.Consent", "participants.Mentor",
    "participants.Mentee", "participants.MenteeRequest", "participants.MentorTraining",
    "participants.PortfolioItem", "participants.FamilyTie",
    "pairs.Pair", "pairs.PersonalPlan", "pairs.PlanItem", "pairs.Meeting",
    "reports.Order", "reports.Award", "reports.IndicatorValue", "reports.IndicatorTarget",
]


@pytest.mark.parametrize("label", TRACKED)
def test_audit_tracks_the_models_of_personal_data_and_documents(label):
    assert auditlog.contains(apps.get_model(label))


def test_audit_records_create_update_delete_with_changed_fields(organization):
    person = ParticipantFactory(organization=organization, surname="Петров", phone="")
    person.phone = "+79990001122"
    person.save(update_fields=["phone"])
    pk = person.pk
    person.delete()

    entries = LogEntry.objects.filter(content_type__model="participant", object_pk=str(pk)).order_by("pk")
    assert [e.action for e in entries] == [
        LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE,
    ]
    assert entries[0].changes["surname"] == ["None", "Петров"]
    assert entries[1].changes == {"phone": ["", "+79990001122"]}


def test_audit_diffs_columns_only_and_leaves_reverse_relations_unread(organization):
    participant = ParticipantFactory(organization=organization)

    created = LogEntry.objects.get_for_object(participant).get()
    columns = {field.name for field in participant._meta.concrete_fields}
    assert set(created.changes) <= columns
    assert "surname" in created.changes
    # a reverse one-to-one read by the diff (mentor_profile…) would be cached as None
    assert set(participant._state.fields_cache) <= columns


def test_audit_masks_the_password_and_ignores_logins(organization):
    user = UserFactory(username="pat")
    user.set_password("a-new-secret-2026")
    user.save()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])

    entries = LogEntry.objects.get_for_object(user).order_by("pk")
    assert entries.last().changes == {"password": ["***", "***"]}
    assert not any("last_login" in (e.changes or {}) for e in entries)
    assert user.password not in str(list(entries.values()))


def test_log_action_writes_a_logentry_with_the_event_and_its_data(organization, curator):
    person = ParticipantFactory(organization=organization)

    entry = log_action("participants.consent.recorded", actor=curator, organization=organization,
                       obj=person, data={"given_by": "self"})

    assert entry == audit_events("participants.consent.recorded", obj=person, actor=curator).get()
    assert entry.additional_data == {
        "event": "participants.consent.recorded", "organization_id": organization.pk, "given_by": "self",
    }
    assert event_data(entry) == {"given_by": "self"}
    assert (entry.action, entry.object_pk, entry.object_repr) == (
        LogEntry.Action.CREATE, str(person.pk), person.full_name,
    )


@pytest.mark.parametrize("event, action", [
    ("pairs.pair.approved", LogEntry.Action.UPDATE),
    ("pairs.pair.proposed", LogEntry.Action.UPDATE),
    ("reports.award.proposed", LogEntry.Action.CREATE),
    ("participants.import.applied", LogEntry.Action.CREATE),
    ("participants.base.exported", LogEntry.Action.ACCESS),
    ("reports.order.downloaded", LogEntry.Action.ACCESS),
    ("pairs.plan_item.deleted", LogEntry.Action.DELETE),
])
def test_log_action_picks_the_logentry_action_from_the_event(organization, event, action):
    assert log_action(event, organization=organization).action == action


def test_log_action_without_object_is_about_the_organisation(organization, curator):
    entry = log_action("participants.base.exported", actor=curator, organization=organization)

    assert (entry.content_type.model_class(), entry.object_pk) == (type(organization), str(organization.pk))
    assert list(audit_trail(organization)) == [entry] + list(
        LogEntry.objects.get_for_object(organization).exclude(pk=entry.pk)
    )


def test_log_action_about_nothing_is_kept_and_reserved_keys_are_refused(organization):
    entry = audit_events("mentoring.test.done").get(pk=log_action("mentoring.test.done").pk)
    assert (entry.object_pk, entry.object_repr, entry.actor) == ("", "", None)
    with pytest.raises(ValueError):
        log_action("mentoring.test.done", organization=organization, data={"event": "forged"})


def test_audit_events_filters_by_code_prefix_and_reads_the_code(organization):
    log_action("pairs.pair.approved", organization=organization)
    log_action("pairs.pair.active", organization=organization)
    log_action("reports.order.signed", organization=organization)

    assert sorted(audit_events(prefix="pairs.pair.").values_list("event", flat=True)) == [
        "pairs.pair.active", "pairs.pair.approved",
    ]
    assert audit_events(["reports.order.signed", "pairs.pair.active"]).count() == 2
    # entries of auditlog's signals (the organisation's creation) are no events
    assert audit_events().count() == 3 < LogEntry.objects.count()


# --- the request's actor and address -----------------------------------------------------


def _request_through_middleware(user, **meta):
    """Create an organisation inside a request that went through the middleware."""
    created = []

    def view(request):
        created.append(OrganizationFactory())
        return HttpResponse()

    request = RequestFactory().post("/", **meta)
    request.user = user
    AuditMiddleware(view)(request)
    return LogEntry.objects.get_for_object(created[0]).get()


def test_middleware_records_the_actor_and_the_client_address(curator):
    entry = _request_through_middleware(
        curator, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    # no proxy configured: a forged X-Forwarded-For is ignored
    assert (entry.actor, entry.remote_addr, entry.remote_port) == (curator, "203.0.113.7", None)


def test_middleware_behind_a_proxy_takes_the_address_the_proxy_saw(settings, curator):
    settings.TRUSTED_PROXY_COUNT = 1
    entry = _request_through_middleware(
        curator, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert entry.remote_addr == "203.0.113.9"


@pytest.mark.parametrize("meta, proxies, address", [
    ({"REMOTE_ADDR": "10.0.0.2"}, 0, "10.0.0.2"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.1.1.1"}, 0, "10.0.0.2"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 2.2.2.2"}, 2, "1.1.1.1"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "2.2.2.2:5555"}, 1, "2.2.2.2"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, 1, "2001:db8::1"),
    # fewer hops than proxies: somebody bypassed them, the socket's address counts
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "2.2.2.2"}, 2, "10.0.0.2"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "not-an-address"}, 1, None),
])
def test_client_address(meta, proxies, address):
    assert client_address(meta, proxies) == address


def test_log_action_in_a_request_gets_its_address(curator, organization):
    def view(request):
        log_action("participants.base.exported", actor=request.user, organization=organization)
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.44")
    request.user = curator
    AuditMiddleware(view)(request)

    entry = audit_events("participants.base.exported").get()
    assert (entry.actor, entry.remote_addr) == (curator, "192.0.2.44")


# --- retention -----------------------------------------------------------------------------


def _entry_aged(organization, days: int) -> LogEntry:
    entry = log_action("reports.report.downloaded", organization=organization)
    LogEntry.objects.filter(pk=entry.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=days)
    )
    return entry


def test_purge_deletes_entries_past_the_retention_and_keeps_the_rest(organization):
    assert settings.AUDIT_RETENTION_DAYS == 1096
    old = _entry_aged(organization, 1100)
    recent = _entry_aged(organization, 1000)

    assert purge_audit_trail() == 1
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=recent.pk).exists()


def test_purge_task_twice_leaves_the_same_state(settings, organization):
    settings.AUDIT_RETENTION_DAYS = 30
    _entry_aged(organization, 31)
    kept = _entry_aged(organization, 29)

    assert task_purge_audit_trail.apply().get() == 1
    state = list(LogEntry.objects.order_by("pk").values_list("pk", flat=True))
    assert task_purge_audit_trail.apply().get() == 0
    assert list(LogEntry.objects.order_by("pk").values_list("pk", flat=True)) == state
    assert kept.pk in state


def test_purge_task_is_scheduled_daily_with_the_delivery_policy():
    entry = settings.CELERY_BEAT_SCHEDULE["mentoring-purge-audit-trail"]
    assert entry["task"] == task_purge_audit_trail.name == "mentoring.purge_audit_trail"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {30}
    assert task_purge_audit_trail.acks_late and task_purge_audit_trail.reject_on_worker_lost


def test_deleting_a_user_keeps_their_entries(organization):
    user = UserFactory(username="gone")
    entry = log_action("participants.base.exported", actor=user, organization=organization)
    get_user_model().objects.filter(pk=user.pk).delete()
    entry.refresh_from_db()
    assert entry.actor is None and audit_events("participants.base.exported").count() == 1
