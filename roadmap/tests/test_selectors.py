"""stage_progress, overdue_activities and the activity lookup per user."""

import pytest
from django.http import Http404

from roadmap.selectors import get_activity_for_user, overdue_activities, stage_progress


def test_stage_progress_counts_done_out_of_not_cancelled(small_roadmap, organization, year):
    assert stage_progress(organization, year) == [
        {"number": 1, "title": "Подготовка условий", "task": "", "total": 5, "done": 1, "percent": 20},
        {"number": 2, "title": "Формирование базы наставляемых", "task": "", "total": 1, "done": 1,
         "percent": 100},
    ]


def test_stage_progress_of_fresh_roadmap_is_zero(roadmap, organization, year):
    rows = stage_progress(organization, year)
    assert [(r["number"], r["total"], r["done"], r["percent"]) for r in rows] == [
        (1, 6, 0, 0), (2, 6, 0, 0), (3, 3, 0, 0), (4, 5, 0, 0), (5, 7, 0, 0), (6, 7, 0, 0), (7, 7, 0, 0)
    ]


def test_stage_progress_ignores_other_organisations(small_roadmap, other_organization, year):
    assert stage_progress(other_organization, year) == []


def test_overdue_activities_open_past_deadline_earliest_first(small_roadmap, organization, year):
    assert list(overdue_activities(organization, year)) == [small_roadmap["a1"], small_roadmap["a2"]]
    assert overdue_activities(organization, year)[0].is_overdue is True


def test_overdue_activities_ignores_other_organisations(small_roadmap, other_organization, year):
    assert list(overdue_activities(other_organization, year)) == []


def test_get_activity_for_user_own_organisation(small_roadmap, curator):
    assert get_activity_for_user(curator, small_roadmap["a1"].pk) == small_roadmap["a1"]


def test_get_activity_for_user_other_organisation_is_404(small_roadmap, charlie):
    with pytest.raises(Http404):
        get_activity_for_user(charlie, small_roadmap["a1"].pk)
