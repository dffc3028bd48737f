"""Issue 13: AuditEntry's rows now live in auditlog's LogEntry (0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0002_copy_audit_entries_to_auditlog"),
    ]

    operations = [
        migrations.DeleteModel(name="AuditEntry"),
    ]
