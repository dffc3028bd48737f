"""Signed orders' documents are rendered in the background (issue 13): the content
checksum, the DOCX with its hash and the rendering state on the order, one folder
per order for its files. Orders signed before get their checksum from the frozen
content; with a stored PDF and hash they are ready, otherwise (content frozen but
no file) failed, so that «Повторить» renders them."""

import hashlib
import json

import reports.models
from django.db import migrations, models

FROZEN = ("signed", "issued")


def _content_hash(content: dict) -> str:
    # the same canonical form as reports.services.orders.content_hash (kept here
    # so that the migration does not change when the service does)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def freeze_signed_orders(apps, schema_editor):
    Order = apps.get_model("reports", "Order")
    for order in Order.objects.filter(status__in=FROZEN).exclude(content={}).iterator():
        order.content_hash = _content_hash(order.content)
        order.file_status = "ready" if order.file and order.sha256 else "failed"
        order.save(update_fields=["content_hash", "file_status"])


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_orders_awards_indicator_library'),
    ]

    operations = [
        migrations.AddField(
            model_name='order',
            name='content_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='content checksum'),
        ),
        migrations.AddField(
            model_name='order',
            name='docx',
            field=models.FileField(blank=True, upload_to=reports.models.order_file_path, verbose_name='DOCX'),
        ),
        migrations.AddField(
            model_name='order',
            name='docx_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='order',
            name='file_status',
            field=models.CharField(blank=True, choices=[('pending', 'Being prepared'), ('ready', 'Ready'), ('failed', 'Failed')], max_length=10, verbose_name='documents'),
        ),
        migrations.AddField(
            model_name='order',
            name='render_attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='rendering attempts'),
        ),
        migrations.AddField(
            model_name='order',
            name='render_error',
            field=models.TextField(blank=True, verbose_name='rendering error'),
        ),
        migrations.AlterField(
            model_name='order',
            name='file',
            field=models.FileField(blank=True, upload_to=reports.models.order_file_path, verbose_name='PDF'),
        ),
        migrations.RunPython(freeze_signed_orders, migrations.RunPython.noop),
    ]
