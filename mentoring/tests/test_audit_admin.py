"""The whole audit trail in the admin (issue 13): read-only, filtered by action,
event, kind of record, actor and date, with Russian labels."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from mentoring.services import log_action
from mentoring.tests.factories import ParticipantFactory
from participants.models import Participant

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:auditlog_logentry_changelist")


@pytest.fixture
def trail(organization, curator, director):
    person = ParticipantFactory(organization=organization, surname="Фильтров")
    approved = log_action("pairs.pair.approved", actor=director, organization=organization)
    exported = log_action("participants.base.exported", actor=curator, organization=organization)
    return {"person": person, "approved": approved, "exported": exported}


def _listed(admin_client, **params) -> set[int]:
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {entry.pk for entry in response.context["cl"].result_list}


def test_admin_filters_the_trail_by_event(admin_client, trail):
    assert _listed(admin_client, event="pairs.pair.approved") == {trail["approved"].pk}
    changes = _listed(admin_client, event="-")
    assert trail["approved"].pk not in changes and changes  # the signals' entries


def test_admin_filters_the_trail_by_action_kind_actor_and_date(admin_client, trail, curator):
    assert _listed(admin_client, action=str(LogEntry.Action.ACCESS)) == {trail["exported"].pk}
    participant_type = ContentType.objects.get_for_model(Participant)
    person_entries = _listed(admin_client, content_type=participant_type.pk)
    assert person_entries == set(LogEntry.objects.get_for_object(trail["person"]).values_list("pk", flat=True))
    assert _listed(admin_client, actor__id__exact=curator.pk) == {trail["exported"].pk}
    day = timezone.localtime(trail["exported"].timestamp)
    assert trail["exported"].pk in _listed(
        admin_client, timestamp__year=day.year, timestamp__month=day.month, timestamp__day=day.day,
    )


def test_admin_trail_speaks_russian_and_is_read_only(admin_client, trail):
    page = admin_client.get(CHANGELIST).content.decode()
    for label in ("событие", "вид записи", "действие", "утверждено", "Журнал аудита"):
        assert label in page, label
    # the changed fields by their names in the form, a field gone since by its column
    admin = admin_client.get(CHANGELIST).context["cl"].model_admin
    entry = LogEntry.objects.get_for_object(trail["person"]).get()
    entry.changes = {"surname": ["None", "Фильтров"], "gone_column": ["1", "2"]}
    surname = str(Participant._meta.get_field("surname").verbose_name)
    assert admin.changed_fields(entry) == f"{surname}, gone_column"
    change = reverse("admin:auditlog_logentry_change", args=[trail["approved"].pk])
    assert admin_client.post(change, {"action": 0}).status_code == 403
    assert admin_client.post(reverse("admin:auditlog_logentry_delete", args=[trail["approved"].pk]),
                             {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=trail["approved"].pk).exists()
