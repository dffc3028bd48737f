"""The roadmap page and the activity status change through the test client."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.selectors import audit_events
from roadmap.enums import ActivityStatus
from roadmap.models import Activity, Roadmap

DETAIL = reverse("roadmap:detail")


def _update_url(activity) -> str:
    return reverse("roadmap:activity_update", args=[activity.pk])


def test_roadmap_page_empty_state_offers_creation_to_curator(client, curator, year):
    client.force_login(curator)
    response = client.get(DETAIL)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Создать дорожную карту на {year.title}" in text
    assert reverse("roadmap:create") in text


def test_roadmap_page_empty_state_without_button_for_director(client, director, year):
    client.force_login(director)
    response = client.get(DETAIL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Создать дорожную карту" not in text
    assert "Попросите куратора" in text


def test_roadmap_create_through_the_button(client, curator, organization, year):
    client.force_login(curator)
    response = client.post(reverse("roadmap:create"))
    assert response.status_code == 302
    roadmap = Roadmap.objects.get(organization=organization, academic_year=year)
    assert Activity.objects.filter(stage__roadmap=roadmap).count() == 41
    client.post(reverse("roadmap:create"))
    assert Roadmap.objects.count() == 1


def test_roadmap_create_forbidden_for_director(client, director):
    client.force_login(director)
    assert client.post(reverse("roadmap:create")).status_code == 403
    assert Roadmap.objects.count() == 0


def test_roadmap_page_shows_stages_activities_and_forms(client, curator, roadmap, django_assert_max_num_queries):
    client.force_login(curator)
    with django_assert_max_num_queries(10):
        response = client.get(DETAIL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Этап 1. Подготовка условий для запуска программы наставничества" in text
    assert "Этап 7. Завершение наставничества" in text
    assert "Обеспечить нормативно-правовое оформление программы наставничества в колледже" in text
    assert "До 12.10.2021" in text
    assert text.count('class="progress-bar') == 7
    assert text.count('<tr id="activity-') == 41
    assert text.count(reverse("roadmap:activity_update", args=[roadmap.stages.get(number=1).activities.first().pk])) == 2


@pytest.mark.parametrize("persona", ["director", "working_group"])
def test_roadmap_page_forms_only_for_curator_and_working_group(client, roadmap, persona, request):
    client.force_login(request.getfixturevalue(persona))
    text = client.get(DETAIL).content.decode()
    assert text.count('<tr id="activity-') == 41
    assert ("/roadmap/activities/" in text) is (persona == "working_group")


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_roadmap_page_forbidden_for_mentor_and_mentee(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(DETAIL).status_code == 403


def test_roadmap_page_filters_overdue(client, curator, small_roadmap):
    client.force_login(curator)
    text = client.get(DETAIL, {"overdue": "on"}).content.decode()
    rows = [small_roadmap[k].pk for k in ("a1", "a2")]
    assert text.count('<tr id="activity-') == 2
    assert all(f'id="activity-{pk}"' in text for pk in rows)
    assert "Этап 2." not in text
    assert text.count("Просрочено") == 2


def test_roadmap_page_filters_stage_and_status(client, curator, small_roadmap):
    client.force_login(curator)
    text = client.get(DETAIL, {"stage": "1", "status": "done"}).content.decode()
    assert text.count('<tr id="activity-') == 1
    assert f'id="activity-{small_roadmap["a3"].pk}"' in text


def test_roadmap_page_filter_with_no_match_shows_empty_state(client, curator, small_roadmap):
    client.force_login(curator)
    text = client.get(DETAIL, {"stage": "2", "status": "cancelled"}).content.decode()
    assert "Нет мероприятий, подходящих под условия." in text


def test_activity_update_post_redirects_back_with_filters(client, curator, small_roadmap):
    client.force_login(curator)
    activity = small_roadmap["a1"]
    response = client.post(
        _update_url(activity),
        {"status": "done", "evidence": "Приказ № 7 от 01.10", "next_query": "overdue=on"},
    )
    assert response.status_code == 302
    assert response["Location"] == DETAIL + "?overdue=on"
    activity.refresh_from_db()
    assert (activity.status, activity.evidence, activity.completed_on) == (
        ActivityStatus.DONE, "Приказ № 7 от 01.10", timezone.localdate()
    )
    assert audit_events("roadmap.activity.status_changed", actor=curator).count() == 1


def test_activity_update_htmx_returns_the_row(client, working_group, small_roadmap):
    client.force_login(working_group)
    activity = small_roadmap["a2"]
    response = client.post(_update_url(activity), {"status": "done", "evidence": ""}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.strip().startswith(f'<tr id="activity-{activity.pk}"')
    assert "Выполнено" in text
    assert "Просрочено" not in text
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


def test_activity_update_invalid_status_changes_nothing(client, curator, small_roadmap):
    client.force_login(curator)
    activity = small_roadmap["a1"]
    response = client.post(_update_url(activity), {"status": "finished"}, follow=True)
    assert "Мероприятие не изменено" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


def test_activity_update_other_organisation_is_404(client, charlie, small_roadmap):
    client.force_login(charlie)
    activity = small_roadmap["a1"]
    assert client.post(_update_url(activity), {"status": "done"}).status_code == 404
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


@pytest.mark.parametrize(("persona", "code"), [("director", 403), ("alice", 404), ("bob", 404)])
def test_activity_update_forbidden_for_director_hidden_from_mentor_mentee(
    client, small_roadmap, persona, code, request
):
    """The director sees the roadmap but may not change it (403); a mentor or a
    mentee does not see it at all, so the activity does not exist for them (404)."""
    client.force_login(request.getfixturevalue(persona))
    activity = small_roadmap["a1"]
    assert client.post(_update_url(activity), {"status": "done"}).status_code == code
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


def test_roadmap_page_ignores_invalid_filter_values(client, curator, small_roadmap):
    client.force_login(curator)
    response = client.get(DETAIL, {"stage": "99", "status": "finished"})
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="activity-') == 7


def test_roadmap_page_superuser_without_organisation_gets_no_create_button(client, db):
    from mentoring.tests.factories import UserFactory

    root = UserFactory(username="root")
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    client.force_login(root)
    response = client.get(DETAIL)
    assert response.status_code == 200
    assert "Создать дорожную карту" not in response.content.decode()
    assert client.post(reverse("roadmap:create")).status_code == 404
