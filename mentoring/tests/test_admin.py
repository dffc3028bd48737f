"""Every model of every app has an admin page that opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from mentoring.selectors import audit_events
from mentoring.services import log_action

APPS = ("mentoring", "participants", "pairs", "roadmap", "surveys", "reports")


def test_admin_registers_every_model_of_every_app():
    models = {m for name in APPS for m in apps.get_app_config(name).get_models()}
    # shown inline under their mentee, pair, plan, survey and response
    inline_only = {
        "menteerequest", "mentortraining", "portfolioitem", "pairstatuschange", "planitem",
        "question", "answer",
    }
    missing = {m._meta.model_name for m in models if m not in admin.site._registry} - inline_only
    assert missing == set()


@pytest.mark.django_db
def test_admin_changelists_open_and_audit_log_is_read_only(admin_client, organization):
    entry = log_action("mentoring.test.done", organization=organization)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in APPS + ("auditlog",):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert admin_client.get(url).status_code == 200, url
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    assert admin_client.post(change, {"action": "forged"}).status_code == 403
    assert audit_events("mentoring.test.done").get(pk=entry.pk).additional_data == {
        "event": "mentoring.test.done", "organization_id": organization.pk,
    }
