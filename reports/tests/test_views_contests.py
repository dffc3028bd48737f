"""The contest pages (seed 002 items 10, 13): the secrecy of the scores until
the closing, conflicts on the jury's pages, the coordinator's forms, the
organisations' nominations; in Russian."""

import re

import pytest
from django.urls import reverse

from reports.enums import ContestStage, NominationStatus
from reports.models import Contest, Nomination, Score
from reports.services import contests

from .contest_world import nominate_both, score_all

pytestmark = pytest.mark.django_db

SECRET_B = "Комментарий члена жюри Б"


@pytest.fixture
def judging(contest_world):
    cw = contest_world
    college, school = nominate_both(cw)
    score_all(cw, cw.juror_a, college, [8, 6, 4])
    criteria = list(cw.contest.criteria.all())
    contests.save_scores(college, juror=cw.juror_b, actor=cw.juror_b.user,
                         values={c.pk: (v, SECRET_B) for c, v in zip(criteria, [3, 2, 1])})
    return cw, college, school, criteria


def _inputs(html: str) -> dict:
    return dict(re.findall(r'name="(score_\d+)"[^>]*?value="(\d+)"', html))


def test_juror_sees_only_their_own_scores(judging, client):
    cw, college, _school, criteria = judging
    client.force_login(cw.juror_a.user)
    html = client.get(reverse("reports:jury_score", args=[college.pk])).content.decode()
    assert _inputs(html) == {"score_%s" % c.pk: v for c, v in zip(criteria, ["8", "6", "4"])}
    assert SECRET_B not in html
    page = client.get(reverse("reports:jury_contest", args=[cw.contest.pk])).content.decode()
    assert "3 из 3" in page and "Итоговый балл" not in page and 'id="ranking"' not in page


def test_conflicted_nomination_shown_and_refused_on_the_jury_pages(judging, client):
    cw, _college, school, criteria = judging
    client.force_login(cw.juror_b.user)
    page = client.get(reverse("reports:jury_contest", args=[cw.contest.pk])).content.decode()
    assert "не оценивается: конфликт интересов" in page
    response = client.post(reverse("reports:jury_score", args=[school.pk]),
                           {"score_%s" % criteria[0].pk: "10"}, follow=True)
    assert "Не оценивается: конфликт интересов" in response.content.decode()
    assert not Score.objects.filter(nomination=school, juror=cw.juror_b).exists()


def test_coordinator_sees_progress_but_no_values_before_closing(judging, client):
    cw, college, _school, _criteria = judging
    client.force_login(cw.world.coordinator)
    html = client.get(reverse("reports:contest_detail", args=[cw.contest.pk])).content.decode()
    assert "оценок: 3 из 6" in html  # juror_a: the college scored, the school not yet
    assert "оценок: 3 из 3" in html  # juror_b: the college only (the school is a conflict)
    assert SECRET_B not in html and "data-total" not in html
    response = client.get(reverse("reports:contest_results", args=[cw.contest.pk]))
    assert response.status_code == 302
    assert Nomination.objects.filter(total__isnull=False).count() == 0


def test_coordinator_closes_and_sees_the_ranking(judging, client):
    cw, college, school, _criteria = judging
    score_all(cw, cw.juror_a, school, [9, 9, 9])
    client.force_login(cw.world.coordinator)
    response = client.post(reverse("reports:contest_close", args=[cw.contest.pk]), follow=True)
    html = response.content.decode()
    assert "Конкурс закрыт, рейтинг составлен." in html
    # school 27 + 18 + 9 = 54; college (8+3)/2×3 + (6+2)/2×2 + (4+1)/2 = 16,5 + 8 + 2,5 = 27
    totals = re.findall(r'data-total>([\d,]+)<', html)
    assert totals == ["54,00", "27,00"]
    assert 'id="draft-order"' in html


def test_coordinator_creates_a_contest_with_the_criteria_formset(territory_world, client):
    client.force_login(territory_world.coordinator)
    page = client.get(reverse("reports:contest_create"))
    assert "Результаты наставляемых" in page.content.decode()
    data = {"kind": "best_mentor", "title": "Лучший наставник — 2027", "winners_count": "3",
            "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "1", "criteria-MAX_NUM_FORMS": "20",
            "criteria-0-title": "Результаты", "criteria-0-weight": "0", "criteria-0-max_score": "10",
            "criteria-1-title": "", "criteria-1-weight": "1", "criteria-1-max_score": "10"}  # the blank row as shown
    html = client.post(reverse("reports:contest_create"), data).content.decode()
    assert "Убедитесь, что это значение больше либо равно 0.01" in html
    assert not Contest.objects.exists()
    data["criteria-0-weight"] = "2.5"
    response = client.post(reverse("reports:contest_create"), data)
    contest = Contest.objects.get()
    assert response.status_code == 302
    assert [(c.title, str(c.weight)) for c in contest.criteria.all()] == [("Результаты", "2.50")]


def test_organisation_nominates_and_withdraws(contest_world, client):
    cw = contest_world
    client.force_login(cw.world.college_curator)
    html = client.get(reverse("reports:org_contest_list")).content.decode()
    assert "Лучший наставник — 2026" in html and "Приём заявок" in html
    response = client.post(reverse("reports:nomination_create", args=[cw.contest.pk]),
                           {"mentor": cw.college_mentor.pk, "statement": "Лучшая"})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.organization == cw.world.college
    page = client.get(reverse("reports:org_contest_detail", args=[cw.contest.pk])).content.decode()
    assert "Колледжева Анна Петровна" in page
    client.post(reverse("reports:nomination_withdraw", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    # the school's curator sees the contest but not the college's nomination
    client.force_login(cw.world.school_curator)
    page = client.get(reverse("reports:org_contest_detail", args=[cw.contest.pk])).content.decode()
    assert "Колледжева" not in page


def test_menu_links_for_jurors_and_organisations(judging, client):
    cw, *_ = judging
    client.force_login(cw.juror_a.user)
    assert reverse("reports:jury_list") in client.get(reverse("reports:jury_list")).content.decode()
    client.force_login(cw.world.school_director)  # a juror from a school
    html = client.get(reverse("reports:jury_list")).content.decode()
    assert "Жюри конкурса" in html and reverse("reports:org_contest_list") in html
    assert cw.contest.stage == ContestStage.JUDGING


def test_an_outside_juror_lands_on_their_juries_and_a_staff_juror_on_the_dashboard(
        contest_world, client):
    """juror_a is an outside expert (only the jury role): «/» leads to the jury
    list; juror_b is the school's director: their dashboard stays."""
    cw = contest_world
    client.force_login(cw.juror_a.user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("reports:jury_list")
    client.force_login(cw.juror_b.user)
    assert client.get(reverse("dashboard")).status_code == 200
