"""Issue 13: the portal's own audit log (AuditEntry) moves into django-auditlog's
LogEntry, the one trail of the portal. Every entry is copied as a domain event:
``additional_data`` = {"event": <action>, "organization_id": ..., **data}, the
object it was about (or its organisation), actor and time kept."""

from django.db import migrations

# mentoring.audit.action_for_event as of this migration (migrations do not import
# code that may change): CREATE 0, UPDATE 1, DELETE 2, ACCESS 3.
CREATE_VERBS = {"created", "added", "recorded", "requested", "proposed", "drafted",
                "applied", "granted", "run"}
DELETE_VERBS = {"deleted", "removed"}
ACCESS_VERBS = {"exported", "downloaded", "viewed"}


def action_for(event: str) -> int:
    if event == "pairs.pair.proposed":
        return 1
    verb = event.rsplit(".", 1)[-1]
    if verb in CREATE_VERBS:
        return 0
    if verb in DELETE_VERBS:
        return 2
    if verb in ACCESS_VERBS:
        return 3
    return 1


def copy_entries(apps, schema_editor):
    AuditEntry = apps.get_model("mentoring", "AuditEntry")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Organization = apps.get_model("mentoring", "Organization")
    content_types: dict[str, object] = {}

    def content_type(label: str):
        if label not in content_types:
            app_label, model = label.split(".", 1)
            content_types[label], _created = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )
        return content_types[label]

    names = dict(Organization.objects.values_list("pk", "short_name"))
    batch = []
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=1000):
        if entry.object_type and entry.object_id:
            label, pk = entry.object_type, entry.object_id
            representation = f"{label} #{pk}"
        else:  # an event without an object is about its organisation
            label, pk = "mentoring.organization", str(entry.organization_id or "")
            representation = names.get(entry.organization_id, "")
        data = {k: v for k, v in (entry.data or {}).items() if k not in ("event", "organization_id")}
        batch.append(LogEntry(
            content_type=content_type(label),
            object_pk=pk,
            object_id=int(pk) if pk.isdigit() else None,
            object_repr=representation,
            action=action_for(entry.action),
            changes=None,
            actor_id=entry.actor_id,
            timestamp=entry.created_at,
            additional_data={"event": entry.action, "organization_id": entry.organization_id, **data},
        ))
        if len(batch) >= 1000:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    AuditEntry = apps.get_model("mentoring", "AuditEntry")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    batch = []
    events = LogEntry.objects.filter(additional_data__has_key="event").select_related("content_type")
    for entry in events.order_by("pk").iterator(chunk_size=1000):
        data = dict(entry.additional_data)
        action = data.pop("event")
        organization_id = data.pop("organization_id", None)
        batch.append(AuditEntry(
            action=action,
            organization_id=organization_id,
            actor_id=entry.actor_id,
            object_type=f"{entry.content_type.app_label}.{entry.content_type.model}",
            object_id=entry.object_pk,
            data=data,
            created_at=entry.timestamp,
        ))
    AuditEntry.objects.bulk_create(batch, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_entries, copy_back),
    ]
