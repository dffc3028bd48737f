"""Benchmark: the territory curator's dashboard and the territory monitoring
report at 5 and 50 organisations (issue 14; seed 002 items 9, 12).

    .venv/bin/python benchmarks/territory.py [--organizations 50] [--baseline 10]
                                             [--participants 1500] [--repeat 5]

In a throwaway database (``benchmarks/throwaway.py``) builds two territories of
the same kind: the baseline one with ``--baseline`` organisations and the large
one with ``--organizations``, each organisation (schools and colleges in turn)
with ``--participants`` people bulk-created (a third mentors, two thirds
mentees), a pair or group of two mentees per mentor in every status (in the
forms of seed 002 item 9), two meetings per working pair, satisfaction answers
from half of the people, the roadmap of its kind and the eight indicators of
seed 000 §7 with targets. In each territory the curator opens the December and
the May campaigns (every organisation's figures computed), half of the reports
are submitted; then it measures:

- the dashboard (``/``) as the territory curator through the test client:
  SQL queries of a load and the median time of ``--repeat`` loads after a
  warm-up;
- the territory report of the May campaign (trend against December): the
  queries and the time of ``build_territory_report`` (PDF with charts + XLSX).

Prints both figures at both sizes and the ratio large/baseline; targets: at
most 20 queries, the same at both sizes. Opening a campaign is printed too:
its queries (every organisation's figures and indicator tables grouped by
organisation, issue 15: the same at both sizes) and time; and the territory
report's build through the job's function once more with its peak resident
memory (sampled every 20 ms, ``benchmarks/reports.PeakRss``) — memory bounded:
the report reads the stored figures one organisation at a time, never a person.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import drop_database, setup_django  # noqa: E402

# pair statuses by index: mostly working pairs, as in a running year
STATUS_CYCLE = ["active"] * 12 + ["approved"] * 2 + ["completed", "terminated", "proposed", "draft"]
FORMS = (  # code, name, mentor categories, mentee categories
    ("teacher-pupil", "учитель – ученик", ["teacher"], ["pupil"]),
    ("pupil-pupil", "ученик – ученик", ["pupil"], ["pupil"]),
    ("student-pupil", "студент – ученик", ["student"], ["pupil"]),
    ("employer-pupil", "работодатель – ученик", ["employer_rep"], ["pupil"]),
    ("teacher-teacher", "педагог – педагог", ["teacher"], ["teacher", "young_specialist"]),
)
MENTOR_CATEGORIES = ["teacher", "teacher", "pupil", "student", "employer_rep"]


class Territory:
    """One territory with its authority, curator and organisations."""

    def __init__(self, slug: str, organizations: int, participants: int):
        from django.contrib.auth import get_user_model

        from mentoring.enums import OrganizationKind, Role
        from mentoring.models import AcademicYear, Membership, MentoringForm, MentoringKind, Organization
        from mentoring.models import Territory as TerritoryModel

        self.year = AcademicYear.current()
        self.today = datetime.date.today()
        self.territory = TerritoryModel.objects.create(name=f"Территория {slug}", slug=slug)
        authority = Organization.objects.create(
            territory=self.territory, kind=OrganizationKind.AUTHORITY, name=f"Управление образования {slug}",
            short_name=f"УО {slug}", director_name="С. Г. Гришина")
        self.coordinator = get_user_model().objects.create_user(f"coordinator-{slug}", password="x")
        Membership.objects.create(user=self.coordinator, organization=authority, role=Role.COORDINATOR)
        self.forms = [
            MentoringForm.objects.get_or_create(code=code, defaults={
                "name": name, "mentor_categories": mentors, "mentee_categories": mentees})[0]
            for code, name, mentors, mentees in FORMS
        ]
        self.kind = MentoringKind.objects.get_or_create(
            code="traditional", defaults={"name": "традиционная", "max_group_size": 1})[0]
        kinds = (OrganizationKind.SCHOOL, OrganizationKind.COLLEGE)
        for n in range(organizations):
            organization = Organization.objects.create(
                territory=self.territory, kind=kinds[n % 2], name=f"Организация {slug} № {n + 1}",
                short_name=f"{slug}-{n + 1:03d}", director_name="И. И. Иванов")
            self._fill(organization, participants)

    def _fill(self, organization, count: int) -> None:
        from django.utils import timezone

        from pairs.models import Meeting, Pair
        from participants.models import Mentee, Mentor, Participant
        from reports.services.indicators import ensure_indicators
        from roadmap.services import create_roadmap

        mentors_n = count // 3
        people = Participant.objects.bulk_create([
            Participant(organization=organization, surname=f"Фамилия-{organization.pk}-{i}", name="Имя",
                        category=(MENTOR_CATEGORIES[i % 5] if i < mentors_n else
                                  ("pupil" if i % 7 else "young_specialist")),
                        birth_date=datetime.date(1980 + i % 30, 1 + i % 12, 1), consent_status="given")
            for i in range(count)
        ], batch_size=2000)
        mentors = Mentor.objects.bulk_create([Mentor(participant=p, capacity=2) for p in people[:mentors_n]])
        mentees = Mentee.objects.bulk_create([Mentee(participant=p) for p in people[mentors_n:]])
        now = timezone.now()
        pairs = Pair.objects.bulk_create([
            Pair(organization=organization, academic_year=self.year, kind=self.kind,
                 form=self.forms[i % len(self.forms)], mentor=mentor, status=STATUS_CYCLE[i % len(STATUS_CYCLE)],
                 approved_at=now - datetime.timedelta(days=40) if STATUS_CYCLE[i % len(STATUS_CYCLE)]
                 not in ("draft", "proposed") else None)
            for i, mentor in enumerate(mentors)
        ], batch_size=2000)
        through = Pair.mentees.through
        through.objects.bulk_create([
            through(pair_id=pair.pk, mentee_id=mentees[(2 * i + k) % len(mentees)].pk)
            for i, pair in enumerate(pairs) for k in (0, 1)
        ], batch_size=5000)
        Meeting.objects.bulk_create([
            Meeting(pair=pair, meeting_type="regular", topic="Встреча",
                    held_on=self.today - datetime.timedelta(days=3 + 14 * k))
            for pair in pairs if pair.status in ("active", "approved") for k in (0, 1)
        ], batch_size=5000)
        self._answers(organization, people, mentors_n, now)
        create_roadmap(organization=organization, academic_year=self.year)
        ensure_indicators(organization=organization)

    def _answers(self, organization, people, mentors_n, now) -> None:
        from surveys.models import Answer, Question, Response, Survey

        answers = []
        for role, group in (("mentor", people[:mentors_n:2]), ("mentee", people[mentors_n::2])):
            survey = Survey.objects.create(organization=organization, kind="final_satisfaction",
                                           respondent_role=role, title="Итоговая анкета")
            question = Question.objects.create(survey=survey, position=1, text="Удовлетворены?",
                                               question_type="scale", measures_satisfaction=True)
            responses = Response.objects.bulk_create([
                Response(survey=survey, respondent=p, submitted_at=now - datetime.timedelta(days=2))
                for p in group], batch_size=2000)
            answers += [Answer(response=r, question=question, value_int=3 + r.pk % 3) for r in responses]
        Answer.objects.bulk_create(answers, batch_size=5000)

    def open_campaigns(self):
        """December then May: returns (queries, seconds) of opening May, and May."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from reports.services import monitoring

        deadline = self.today + datetime.timedelta(days=10)
        december = monitoring.open_campaign(territory=self.territory, academic_year=self.year,
                                            period="december", deadline=deadline, actor=self.coordinator)
        for n, report in enumerate(december.reports.all()):
            if n % 2 == 0:
                monitoring.submit_report(report, actor=self.coordinator)
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            may = monitoring.open_campaign(territory=self.territory, academic_year=self.year,
                                           period="may", deadline=deadline, actor=self.coordinator)
        return (len(captured), time.perf_counter() - start), may


def measure_dashboard(client, repeat: int) -> tuple[int, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    reset_queries()  # the warm-up's queries would hide the next load's (request_started resets the log)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    queries = len(captured)  # now: the next request resets the log
    assert response.status_code == 200, response.status_code
    assert "Итого по территории".encode() in response.content
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get("/")
        times.append(time.perf_counter() - start)
    return queries, statistics.median(times), len(response.content)


def measure_report(territory, campaign) -> tuple[int, float, int]:
    """Build the campaign's territory report in this process, once to warm the
    caches (content types of the audit entry…), then measured: (queries,
    seconds, pages)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from reports.enums import JobStatus, ReportKind
    from reports.models import Report
    from reports.services.territory_report import build_territory_report

    report = Report.objects.create(organization=territory.territory.authority, academic_year=campaign.academic_year,
                                   kind=ReportKind.TERRITORY_MONITORING, campaign=campaign)
    report = Report.objects.select_related("campaign__territory", "campaign__academic_year",
                                           "academic_year").get(pk=report.pk)
    build_territory_report(report)
    reset_queries()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        build_territory_report(report)
    seconds = time.perf_counter() - start
    assert report.status == JobStatus.DONE, report.error
    return len(captured), seconds, report.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--baseline", type=int, default=5)
    parser.add_argument("--participants", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    dropped = setup_django("bench_territory", language="ru")
    results = {}
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        for label, size in (("baseline", args.baseline), ("large", args.organizations)):
            started = time.perf_counter()
            territory = Territory(f"t{size}", size, args.participants)
            built = time.perf_counter() - started
            opening, may = territory.open_campaigns()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            client = Client()
            client.force_login(territory.coordinator)
            results[label] = {"size": size, "built": built, "opening": opening,
                              "dashboard": measure_dashboard(client, args.repeat),
                              "report": measure_report(territory, may),
                              "report_memory": measure_report_memory(may)}
        vendor = connection.vendor
    finally:
        drop_database(dropped, base_url)

    print(f"database: {vendor}; {args.participants} participants per organisation; "
          f"dashboard: median of {args.repeat} loads after a warm-up")
    print(f"{'':9} {'orgs':>5} {'people':>7} {'dash q':>7} {'dash ms':>8} {'page KB':>8} "
          f"{'report q':>9} {'report s':>9} {'pages':>6} {'open May q':>11} {'open May s':>11}")
    for label, r in results.items():
        dq, ds, size = r["dashboard"]
        rq, rs, pages = r["report"]
        oq, os_ = r["opening"]
        print(f"{label:9} {r['size']:>5} {r['size'] * args.participants:>7} {dq:>7} {ds * 1000:>8.1f} "
              f"{size / 1024:>8.1f} {rq:>9} {rs:>9.2f} {pages:>6} {oq:>11} {os_:>11.2f}")
    small, large = results["baseline"], results["large"]
    for name in ("dashboard", "report"):
        same = "same" if small[name][0] == large[name][0] else "DIFFERENT"
        print(f"{name}: queries {small[name][0]} and {large[name][0]} ({same}; target ≤ 20 and the same); "
              f"time ratio {large['size']}/{small['size']} organisations: "
              f"{large[name][1] / small[name][1]:.2f}")
    print_opening_and_report(results)


def measure_report_memory(campaign) -> tuple[float, float, float]:
    """Build the campaign's territory report once more (its Report row exists,
    ``measure_report``): (seconds, peak RSS MB during the build, RSS before)."""
    from benchmarks.reports import PeakRss
    from reports.models import Report
    from reports.services.territory_report import build_territory_report

    report = Report.objects.select_related("campaign__territory", "campaign__academic_year",
                                           "academic_year").get(campaign=campaign)
    with PeakRss() as memory:
        start = time.perf_counter()
        build_territory_report(report)
        seconds = time.perf_counter() - start
    return seconds, memory.peak, memory.before


def print_opening_and_report(results: dict) -> None:
    """Issue 15: opening a campaign and building the territory report at both
    sizes — queries (goal: the same at both sizes), seconds, peak RSS."""
    small, large = results["baseline"], results["large"]
    for label, r in (("baseline", small), ("large", large)):
        (oq, os_), (seconds, peak, before) = r["opening"], r["report_memory"]
        print(f"{label:9} {r['size']:>3} organisations: opening a campaign {oq} queries, {os_:.2f} s; "
              f"territory report built in {seconds:.2f} s, peak RSS {peak:.0f} MB (+{peak - before:.0f} MB "
              f"during the build), {r['report'][2]} pages")
    same = "same" if small["opening"][0] == large["opening"][0] else "DIFFERENT"
    print(f"opening a campaign: {small['opening'][0]} and {large['opening'][0]} queries at "
          f"{small['size']} and {large['size']} organisations ({same}; goal: the same)")


if __name__ == "__main__":
    main()
