"""mentoring 0002/0003 (issue 13): the entries of the retired AuditEntry model are
copied into auditlog's LogEntry as domain events, then the model goes."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mentoring.selectors import audit_events, event_data

BEFORE = [("mentoring", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_audit_entries_are_copied_into_the_trail_with_actor_object_time_and_data():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organization = old.get_model("mentoring", "Organization").objects.create(
        name="Колледж", short_name="Колледж", director_name="И. И. Иванов"
    )
    user = old.get_model("auth", "User").objects.create(username="methodist")
    moment = datetime.datetime(2025, 10, 1, 9, 30, tzinfo=datetime.UTC)
    entries = old.get_model("mentoring", "AuditEntry").objects
    entries.create(action="pairs.pair.approved", actor=user, organization=organization,
                   object_type="pairs.pair", object_id="7", data={"order": 3}, created_at=moment)
    entries.create(action="participants.base.exported", organization=organization,
                   data={"rows": 3}, created_at=moment)

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    approved = audit_events("pairs.pair.approved").get()
    assert (approved.actor.username, approved.timestamp, approved.action) == ("methodist", moment, 1)
    assert (approved.content_type.app_label, approved.content_type.model, approved.object_pk,
            approved.object_id) == ("pairs", "pair", "7", 7)
    assert approved.additional_data == {
        "event": "pairs.pair.approved", "organization_id": organization.pk, "order": 3,
    }
    exported = audit_events("participants.base.exported").get()
    # an entry without an object is about its organisation
    assert (exported.content_type.model, exported.object_pk, exported.object_repr) == (
        "organization", str(organization.pk), "Колледж",
    )
    assert (exported.action, event_data(exported)) == (3, {"rows": 3})
    assert "mentoring_auditentry" not in connection.introspection.table_names()
