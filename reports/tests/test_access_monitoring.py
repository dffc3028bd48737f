"""Access to the territory's monitoring (issue 14, part «monitoring»): every URL
with a key answers 404 on GET and POST to the other organisation's staff, a
mentor, the territory curator where they have no business and another
territory's curator; the rightful user gets the page. The territory curator's
pages show figures only — no participant's surname."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear
from mentoring.tests.browser import pdf_text
from mentoring.tests.factories import MembershipFactory, OrganizationFactory, TerritoryFactory
from reports.enums import JobStatus, MonitoringPeriod
from reports.services import monitoring as service
from reports.services.territory_report import request_territory_report

from . import monitoring_world

COVERED_URL_NAMES = {
    "monitoring:report", "monitoring:report_recompute", "monitoring:report_submit",
    "monitoring:report_xlsx", "monitoring:campaign_detail", "monitoring:campaign_remind",
    "monitoring:campaign_close", "monitoring:territory_report", "monitoring:territory_report_build",
    "monitoring:territory_report_status", "monitoring:territory_report_download",
    "monitoring:report_accept", "monitoring:report_return",
}
POST_ONLY = {"monitoring:report_recompute", "monitoring:report_submit", "monitoring:campaign_remind",
             "monitoring:campaign_close", "monitoring:territory_report_build", "monitoring:report_accept"}
ORG_OUTSIDERS = ("college_curator", "college_director", "mentor", "other_coordinator")
TERRITORY_OUTSIDERS = ("school_curator", "school_director", "college_curator", "mentor",
                       "other_coordinator")
# name → (object: "draft" | "submitted" report, "campaign", territory report "job"),
#         rightful users, outsiders
CASES = {
    "monitoring:report": ("draft", ("school_curator", "school_director", "coordinator"), ORG_OUTSIDERS),
    "monitoring:report_xlsx": ("draft", ("school_curator", "coordinator"), ORG_OUTSIDERS),
    "monitoring:report_recompute": ("draft", ("school_curator",), ORG_OUTSIDERS + ("coordinator",)),
    "monitoring:report_submit": ("draft", ("school_director",), ORG_OUTSIDERS + ("coordinator",)),
    "monitoring:report_accept": ("submitted", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:report_return": ("submitted", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:campaign_detail": ("campaign", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:campaign_remind": ("campaign", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:campaign_close": ("campaign", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:territory_report": ("campaign", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:territory_report_build": ("campaign", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:territory_report_status": ("job", ("coordinator",), TERRITORY_OUTSIDERS),
    "monitoring:territory_report_download": ("job", ("coordinator",), TERRITORY_OUTSIDERS),
}


@pytest.fixture
def setting(territory_world, django_capture_on_commit_callbacks):
    """A December campaign whose deadline passed: the school's report is a draft
    (late), the college's is submitted; the territory report is built; a mentor
    of the school and another territory's curator have logins."""
    tw = territory_world
    monitoring_world.build(tw)
    campaign = service.open_campaign(territory=tw.territory, academic_year=AcademicYear.current(),
                                     period=MonitoringPeriod.DECEMBER,
                                     deadline=timezone.localdate() + datetime.timedelta(days=3),
                                     actor=tw.coordinator)
    draft = campaign.reports.get(organization=tw.school)
    submitted = campaign.reports.get(organization=tw.college)
    service.submit_report(submitted, actor=tw.college_curator)
    campaign.deadline = timezone.localdate() - datetime.timedelta(days=1)
    campaign.save(update_fields=["deadline"])
    with django_capture_on_commit_callbacks(execute=True):
        job = request_territory_report(campaign, actor=tw.coordinator)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    other = TerritoryFactory()
    other_authority = OrganizationFactory(territory=other, kind=OrganizationKind.AUTHORITY)
    users = {name: getattr(tw, name) for name in (
        "coordinator", "school_curator", "school_director", "college_curator", "college_director")}
    users["mentor"] = MembershipFactory(organization=tw.school, role=Role.MENTOR).user
    users["other_coordinator"] = MembershipFactory(organization=other_authority, role=Role.COORDINATOR).user
    return {"campaign": campaign, "draft": draft, "submitted": submitted, "job": job, "users": users}


def _url(name, setting):
    key = CASES[name][0]
    obj = setting["campaign"] if key == "campaign" else setting[key]
    if name == "monitoring:territory_report_download":
        return reverse(name, args=[obj.pk, "pdf"])
    return reverse(name, args=[obj.pk])


@pytest.mark.parametrize("name", sorted(CASES))
def test_monitoring_url_answers_404_to_outsiders_and_serves_the_rightful(name, setting, client):
    url = _url(name, setting)
    _key, rightful, outsiders = CASES[name]
    wrong = {}
    for who in outsiders:
        client.force_login(setting["users"][who])
        got = (client.get(url).status_code, client.post(url, {"comment": "x"}).status_code)
        expected_get = 405 if name in POST_ONLY else 404
        if got != (expected_get, 404):
            wrong[who] = got
    assert wrong == {}
    for who in rightful:
        client.force_login(setting["users"][who])
        if name in POST_ONLY:
            assert client.post(url, {"comment": "Исправьте"}).status_code == 302, who
        else:
            assert client.get(url).status_code == 200, who


def test_covered_names_are_all_the_keyed_monitoring_urls():
    from django.urls import get_resolver

    resolver = get_resolver()
    keyed = {f"monitoring:{p.name}" for p in resolver.url_patterns
             if getattr(p, "namespace", None) == "monitoring"
             for p in p.url_patterns if p.pattern.converters}
    assert keyed == COVERED_URL_NAMES == set(CASES)


def test_coordinator_pages_show_no_participant(setting, client):
    """Every page and file the territory curator opens shows counts only."""
    client.force_login(setting["users"]["coordinator"])
    campaign, draft = setting["campaign"], setting["draft"]
    pages = [reverse("dashboard"), reverse("monitoring:campaign_list"),
             reverse("monitoring:campaign_detail", args=[campaign.pk]),
             reverse("monitoring:report", args=[draft.pk]),
             reverse("monitoring:report", args=[setting["submitted"].pk]),
             reverse("monitoring:report_return", args=[setting["submitted"].pk]),
             reverse("monitoring:territory_report", args=[campaign.pk])]
    texts = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    assert "Школа № 3" in texts[2] and "Просрочен" in texts[2]
    xlsx = client.get(reverse("monitoring:report_xlsx", args=[draft.pk])).content
    texts.append(_xlsx_text(xlsx))
    job = setting["job"]
    texts.append(pdf_text(job.pdf.open("rb").read()))
    texts.append(_xlsx_text(job.xlsx.open("rb").read()))
    for surname in monitoring_world.SURNAMES:
        assert not any(surname in text for text in texts), surname


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)
