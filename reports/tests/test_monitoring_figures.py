"""The monitoring figures computed from an organisation's data (seed 002 item 9:
pairs by form of mentoring; item 12: satisfaction)."""

from mentoring.models import MentoringForm
from reports.enums import MonitoringPeriod
from reports.models import MonitoringCampaign
from reports.services.monitoring_figures import compute_figures, form_bucket
from reports.services.monitoring_figures import campaign_period

from . import monitoring_world


def _figures(territory_world, world):
    campaign = MonitoringCampaign(territory=territory_world.territory, academic_year=world["year"],
                                  period=MonitoringPeriod.DECEMBER, deadline=world["year"].ends_on)
    orgs = [territory_world.school, territory_world.college]
    return compute_figures(orgs, world["year"], campaign_period(campaign))


def test_monitoring_figures_by_form_participants_meetings_satisfaction(territory_world):
    world = monitoring_world.build(territory_world)
    figures = _figures(territory_world, world)
    school = figures[territory_world.school.pk]
    assert school["pairs"] == {"formed": 3, "active": 3, "completed": 0, "terminated": 0}
    assert {k: v["pairs"] for k, v in school["forms"].items()} == {
        "teacher_pupil": 1, "pupil_pupil": 1, "student_pupil": 0, "employer_pupil": 1,
        "teacher_teacher": 0, "other": 0,
    }
    assert school["forms"]["teacher_pupil"] == {"pairs": 1, "active": 1, "mentors": 1, "mentees": 2}
    assert school["participants"]["mentors"] == 3
    assert school["participants"]["mentees"] == 4
    assert school["participants"]["mentors_by_category"] == {"teacher": 1, "pupil": 1, "employer_rep": 1}
    assert school["participants"]["mentees_by_category"] == {"pupil": 4}
    assert school["meetings"] == {"held": 2, "by_type": {"regular": 2}}
    assert school["satisfaction"]["mentee"] == {"answers": 2, "sum": 9, "mean": 4.5, "percent": 90.0}
    assert school["satisfaction"]["mentor"]["answers"] == 0
    assert school["period"]["since"] == world["year"].starts_on.isoformat()
    assert school["period"]["until"].endswith("-12-31")


def test_monitoring_figures_cross_organisation_pair_counts_in_the_mentees_organisation(territory_world):
    world = monitoring_world.build(territory_world)
    figures = _figures(territory_world, world)
    college = figures[territory_world.college.pk]
    # the employer of the college mentors in the school: the pair is the school's only
    assert college["pairs"]["formed"] == 1
    assert college["forms"]["teacher_teacher"]["pairs"] == 1
    assert college["forms"]["employer_pupil"]["pairs"] == 0
    assert college["participants"] == {
        "mentors": 1, "mentees": 1, "mentors_territory": 1, "mentors_by_category": {"teacher": 1},
        "mentees_by_category": {"young_specialist": 1},
    }


def test_monitoring_figures_with_no_organisation_is_empty(db):
    assert compute_figures([], None, None) == {}


def test_form_bucket_maps_college_forms_and_categories(db):
    from mentoring.services import ensure_reference_data

    ensure_reference_data()
    buckets = {f.code: form_bucket(f) for f in MentoringForm.objects.all()}
    college = {"student-student": "pupil_pupil", "teacher-teacher": "teacher_teacher",
               "teacher-student": "teacher_pupil", "employer-student": "employer_pupil",
               "student-pupil": "student_pupil"}
    assert {code: buckets[code] for code in college} == college
    # the school forms (whatever their codes) go by their categories
    school = {"teacher-pupil": "teacher_pupil", "pupil-pupil": "pupil_pupil",
              "employer-pupil": "employer_pupil", "schoolteacher-teacher": "teacher_teacher"}
    assert {code: buckets[code] for code in school if code in buckets} == {
        code: bucket for code, bucket in school.items() if code in buckets}
    assert "other" not in buckets.values()
    parent = MentoringForm(code="parent-pupil", mentor_categories=["parent"], mentee_categories=["pupil"])
    assert form_bucket(parent) == "other"
    young = MentoringForm(code="x", mentor_categories=["teacher"], mentee_categories=["young_specialist"])
    assert form_bucket(young) == "teacher_teacher"
