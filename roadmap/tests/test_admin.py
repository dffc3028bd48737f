"""The roadmap admin: lists with their filters and the audited status actions."""

from django.urls import reverse

from mentoring.selectors import audit_events
from mentoring.tests.factories import UserFactory
from roadmap.enums import ActivityStatus
from roadmap.models import Activity


def _superuser():
    user = UserFactory(username="root")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def test_admin_activity_list_filters_by_stage_and_status(client, roadmap):
    client.force_login(_superuser())
    url = reverse("admin:roadmap_activity_changelist")
    response = client.get(url, {"stage__number": "3", "status": "planned"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3


def test_admin_roadmap_and_stage_pages_show_inlines(client, roadmap):
    client.force_login(_superuser())
    assert client.get(reverse("admin:roadmap_roadmap_change", args=[roadmap.pk])).status_code == 200
    stage = roadmap.stages.get(number=5)
    response = client.get(reverse("admin:roadmap_stage_change", args=[stage.pk]))
    assert response.status_code == 200
    assert "5.7" in response.content.decode()


def test_admin_mark_done_action_goes_through_the_service(client, roadmap):
    client.force_login(_superuser())
    picked = list(Activity.objects.filter(stage__roadmap=roadmap, code__in=["1.1", "1.2"]))
    client.post(
        reverse("admin:roadmap_activity_changelist"),
        {"action": "mark_done", "_selected_action": [a.pk for a in picked]},
    )
    assert sorted(Activity.objects.filter(status=ActivityStatus.DONE).values_list("code", flat=True)) == [
        "1.1", "1.2"
    ]
    assert audit_events("roadmap.activity.status_changed").count() == 2
