"""create_roadmap and set_activity_status (seed 000 §9)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.selectors import audit_events, event_data
from roadmap.enums import ActivityStatus
from roadmap.models import Activity, Roadmap, Stage
from roadmap.services import ROADMAP_TITLE, create_roadmap, set_activity_status


def test_create_roadmap_builds_seven_stages_and_every_activity(organization, year, curator):
    roadmap = create_roadmap(organization=organization, academic_year=year, actor=curator)
    assert roadmap.title == ROADMAP_TITLE == "Дорожная карта внедрения целевой модели наставничества"
    assert list(roadmap.stages.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    activities = Activity.objects.filter(stage__roadmap=roadmap)
    assert activities.count() == 41
    first = activities.get(code="1.1")
    assert first.deadline == datetime.date(year.starts_on.year, 10, 12)
    assert first.deadline_text == "До 12.10.2021"
    assert first.responsible == "Руководитель рабочей группы по внедрению ЦМН"
    assert first.status == ActivityStatus.PLANNED
    assert activities.get(code="6.4").deadline is None
    entries = audit_events("roadmap.roadmap.created")
    assert [(e.actor, e.additional_data["organization_id"], e.object_pk, e.additional_data["activities"])
            for e in entries] == [(curator, organization.pk, str(roadmap.pk), 41)]


def test_create_roadmap_is_idempotent_and_keeps_statuses(organization, year, curator):
    roadmap = create_roadmap(organization=organization, academic_year=year, actor=curator)
    activity = Activity.objects.get(stage__roadmap=roadmap, code="2.1")
    set_activity_status(activity, status=ActivityStatus.DONE, actor=curator, evidence="Протокол № 1")

    again = create_roadmap(organization=organization, academic_year=year, actor=curator)

    assert again.pk == roadmap.pk
    assert Roadmap.objects.count() == 1
    assert Stage.objects.count() == 7
    assert Activity.objects.count() == 41
    activity.refresh_from_db()
    assert (activity.status, activity.evidence) == (ActivityStatus.DONE, "Протокол № 1")
    assert audit_events("roadmap.roadmap.created").count() == 1


def test_create_roadmap_refuses_director_and_outsider(organization, year, director, charlie):
    for actor in (director, charlie):
        with pytest.raises(PermissionDenied):
            create_roadmap(organization=organization, academic_year=year, actor=actor)
    assert Roadmap.objects.count() == 0


def test_set_activity_status_done_sets_completed_on_and_audits(roadmap, curator, organization):
    activity = Activity.objects.get(stage__roadmap=roadmap, code="1.2")
    set_activity_status(activity, status=ActivityStatus.DONE, actor=curator, evidence="Приказ № 5")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert activity.completed_on == timezone.localdate()
    assert activity.evidence == "Приказ № 5"
    entry = audit_events("roadmap.activity.status_changed").get()
    assert (entry.actor, entry.additional_data["organization_id"], entry.object_pk) == (curator, organization.pk, str(activity.pk))
    assert event_data(entry) == {"code": "1.2", "from": "planned", "to": "done", "evidence": "Приказ № 5"}


def test_set_activity_status_undone_clears_completed_on_keeps_evidence(roadmap, working_group):
    activity = Activity.objects.get(stage__roadmap=roadmap, code="1.2")
    set_activity_status(activity, status=ActivityStatus.DONE, actor=working_group, evidence="Приказ")
    set_activity_status(activity, status=ActivityStatus.IN_PROGRESS, actor=working_group)
    activity.refresh_from_db()
    assert (activity.status, activity.completed_on, activity.evidence) == (
        ActivityStatus.IN_PROGRESS, None, "Приказ"
    )
    assert audit_events("roadmap.activity.status_changed").count() == 2


def test_set_activity_status_same_values_changes_nothing(roadmap, curator):
    activity = Activity.objects.get(stage__roadmap=roadmap, code="1.2")
    set_activity_status(activity, status=ActivityStatus.PLANNED, actor=curator)
    assert not audit_events("roadmap.activity.status_changed").exists()


@pytest.mark.parametrize("persona", ["director", "alice", "bob", "charlie"])
def test_set_activity_status_refuses_other_roles(roadmap, persona, request):
    actor = request.getfixturevalue(persona)
    activity = Activity.objects.get(stage__roadmap=roadmap, code="1.2")
    with pytest.raises(PermissionDenied):
        set_activity_status(activity, status=ActivityStatus.DONE, actor=actor)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    assert not audit_events("roadmap.activity.status_changed").exists()


def test_set_activity_status_rejects_unknown_status(roadmap, curator):
    activity = Activity.objects.get(stage__roadmap=roadmap, code="1.2")
    with pytest.raises(ValidationError):
        set_activity_status(activity, status="finished", actor=curator)
