"""Benchmark: the curator's dashboard at 1× and 10× the data.

    .venv/bin/python benchmarks/dashboard.py [--participants 300] [--pairs 100]
                                             [--scale 10] [--repeat 15]

In a throwaway database (``benchmarks/throwaway.py``: a fresh PostgreSQL database
beside DATABASE_URL's, or a temporary SQLite file) builds a college at 1×:
``--participants`` people (a third mentors — teachers, students, employers'
specialists —, two thirds mentees — students, young specialists, pupils),
``--pairs`` pairs and groups of two mentees in every status, their meetings over
the last three months (a fifth of the working pairs silent for over two
weeks), mentor and mentee satisfaction surveys with answers, the roadmap of
the year with overdue activities, the eight indicators of seed 000 §7 picked
with targets and the values recorded for the past years, and the year's head
count. It loads the dashboard as the curator through Django's test client
``--repeat`` times (after one warm-up), then grows the same college to
``--scale``× (bulk inserts) and loads it again.

Prints the SQL query count of a load at 1× and 10× (targets: at most 15 and the
same at both sizes), the median time of a load at each size and their ratio
(target: at most 1.5), each with whether it is met. Every widget reads its
figures with one aggregate query; what still grows with the data is the
aggregation itself (the indicators' counts over the year's pairs), never a
loop over rows in Python: the silent pairs are an anti-join over the recent
meetings (``pairs.selectors.inactive_pairs``). Timings are noisy on a busy
machine: run it when nothing else runs.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import drop_database, setup_django  # noqa: E402

SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
            "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров"]
NAMES = ["Иван", "Пётр", "Алексей", "Мария", "Анна", "Ольга", "Дмитрий", "Елена", "Сергей", "Наталья"]
PATRONYMICS = ["Иванович", "Петрович", "Алексеевна", "Сергеевна", "Дмитриевич", "Олеговна"]
EMPLOYERS = ["АО «СУЭК-Кузбасс»", "ООО «Разрез Кийзасский»", "ПАО «Россети Сибирь»", "ООО «Автоцентр»"]
# A pair's status by its index (out of 20): mostly working pairs, as in a running year.
STATUS_CYCLE = (["active"] * 12 + ["approved"] * 2 + ["completed"] * 2 + ["terminated"]
                + ["proposed"] * 2 + ["draft"])


class College:
    """Builds (and grows) one organisation's data with bulk inserts."""

    def __init__(self, seed: int):
        from mentoring.models import AcademicYear, MentoringForm, MentoringKind, Organization

        self.rng = random.Random(seed)
        self.year = AcademicYear.current()
        self.today = datetime.date.today()
        self.organization = Organization.objects.create(
            name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
            city="Анжеро-Судженск", director_name="Д. Ф. Ахмерова",
        )
        self.forms = [
            MentoringForm.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in (("teacher-teacher", "педагог – педагог"),
                               ("student-student", "студент – студент"),
                               ("employer-student", "работодатель – студент"))
        ]
        self.kind = MentoringKind.objects.get_or_create(
            code="traditional", defaults={"name": "традиционная", "max_group_size": 1})[0]
        self.people = 0
        self.pairs = 0

    def curator(self):
        from django.contrib.auth import get_user_model

        from mentoring.enums import Role
        from mentoring.models import Membership

        user = get_user_model().objects.create_user("curator", password="x")
        Membership.objects.create(user=user, organization=self.organization, role=Role.CURATOR)
        return user

    def _participants(self, count: int, categories: list[str]) -> list:
        from participants.models import Participant

        rng = self.rng
        rows = []
        for i in range(count):
            category = categories[i % len(categories)]
            rows.append(Participant(
                organization=self.organization, surname=rng.choice(SURNAMES) + f"-{self.people + i}",
                name=rng.choice(NAMES), patronymic=rng.choice(PATRONYMICS), category=category,
                birth_date=datetime.date(1970 + rng.randrange(40) if category != "student" else 2006, 1 + i % 12, 1),
                employer=rng.choice(EMPLOYERS) if category == "employer_rep" else "",
                consent_status="given",
            ))
        self.people += count
        return rows

    def add(self, participants: int, pairs: int) -> None:
        """``participants`` more people and ``pairs`` more pairs (each a mentor
        and two mentees), with meetings and survey answers."""
        from django.utils import timezone

        from pairs.models import Meeting, Pair
        from participants.models import Mentee, Mentor, Participant
        from surveys.models import Answer, Response

        mentors_n = participants // 3
        made = Participant.objects.bulk_create(
            self._participants(mentors_n, ["teacher", "teacher", "student", "employer_rep"])
            + self._participants(participants - mentors_n, ["student"] * 6 + ["young_specialist", "pupil"])
        )
        mentors = Mentor.objects.bulk_create(
            [Mentor(participant=p, capacity=2, competencies="наставничество") for p in made[:mentors_n]])
        mentees = Mentee.objects.bulk_create([Mentee(participant=p) for p in made[mentors_n:]])
        now = timezone.now()
        new_pairs = []
        for i in range(pairs):
            status = STATUS_CYCLE[(self.pairs + i) % len(STATUS_CYCLE)]
            approved = status not in ("draft", "proposed")
            new_pairs.append(Pair(
                organization=self.organization, academic_year=self.year, kind=self.kind,
                form=self.forms[i % len(self.forms)], mentor=mentors[i % len(mentors)], status=status,
                approved_at=now - datetime.timedelta(days=40 + i % 30) if approved else None,
            ))
        new_pairs = Pair.objects.bulk_create(new_pairs)
        self.pairs += pairs
        through = Pair.mentees.through
        through.objects.bulk_create([
            through(pair_id=pair.pk, mentee_id=mentees[(2 * i + k) % len(mentees)].pk)
            for i, pair in enumerate(new_pairs) for k in (0, 1)
        ])
        meetings = []
        for i, pair in enumerate(new_pairs):
            if pair.status not in ("active", "approved", "completed", "terminated"):
                continue
            silent = i % 5 == 0
            last = 20 + i % 30 if silent else 1 + i % 12
            for k in range(6):
                meetings.append(Meeting(pair=pair, meeting_type="regular", topic=f"Встреча {k + 1}",
                                        held_on=self.today - datetime.timedelta(days=last + 14 * k)))
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        # satisfaction: half of the people answered the final survey
        responses = [
            Response(survey=self.surveys[role], respondent=person, submitted_at=now - datetime.timedelta(days=5))
            for role, people in (("mentor", made[:mentors_n:2]), ("mentee", made[mentors_n::2]))
            for person in people
        ]
        responses = Response.objects.bulk_create(responses, batch_size=2000)
        Answer.objects.bulk_create([
            Answer(response=r, question=self.questions[r.survey_id], value_int=self.rng.randint(3, 5))
            for r in responses
        ], batch_size=2000)

    def setup_programme(self) -> None:
        """Surveys with a satisfaction question, the roadmap with overdue
        activities, the indicators picked with targets and past values."""
        from reports.models import Indicator, IndicatorValue, OrganizationIndicator
        from reports.services.indicators import ensure_indicators
        from roadmap.models import Activity
        from roadmap.services import create_roadmap
        from surveys.models import Question, Survey

        self.surveys, self.questions = {}, {}
        for role in ("mentor", "mentee"):
            survey = Survey.objects.create(organization=self.organization, kind="final_satisfaction", respondent_role=role,
                                           title=f"Итоговая анкета ({role})")
            question = Question.objects.create(survey=survey, position=1, text="Насколько вы удовлетворены?",
                                               question_type="scale", measures_satisfaction=True)
            self.surveys[role] = survey
            self.questions[survey.pk] = question
        roadmap = create_roadmap(organization=self.organization, academic_year=self.year)
        activities = Activity.objects.filter(stage__roadmap=roadmap)
        activities.filter(code__in=["1.1", "1.3", "2.2", "3.1", "4.1"]).update(
            deadline=self.today - datetime.timedelta(days=3))
        activities.filter(code__in=["1.2", "2.1"]).update(status="done")
        ensure_indicators(organization=self.organization)
        from mentoring.models import AcademicYear

        past = AcademicYear.objects.filter(starts_on__lt=self.year.starts_on)
        picked = Indicator.objects.filter(
            pk__in=OrganizationIndicator.objects.filter(organization=self.organization).values("indicator"))
        IndicatorValue.objects.bulk_create([
            IndicatorValue(organization=self.organization, indicator=indicator, academic_year=year,
                           value=Decimal(self.rng.randint(5, 95)), recorded=True)
            for indicator in picked for year in past
        ])

    def head_count(self, scale: int) -> None:
        from reports.models import HeadCount

        HeadCount.objects.update_or_create(
            organization=self.organization, academic_year=self.year,
            defaults={"teachers": 120 * scale, "students": 900 * scale, "employer_partners": 6 * scale,
                      "pupils_career_guidance": 300 * scale, "young_specialists": 15 * scale},
        )


def measure(client, repeat: int) -> tuple[int, float, int]:
    """One warm-up load, then ``repeat`` timed loads: (queries, median seconds, bytes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("dashboard")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request clears the log
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    return queries, statistics.median(times), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    dropped = setup_django("bench_dash", language="ru")
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        college = College(args.seed)
        college.setup_programme()
        college.add(args.participants, args.pairs)
        college.head_count(1)
        client = Client()
        client.force_login(college.curator())
        small = measure(client, args.repeat)
        college.add(args.participants * (args.scale - 1), args.pairs * (args.scale - 1))
        college.head_count(args.scale)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        large = measure(client, args.repeat)
        vendor = connection.vendor
    finally:
        drop_database(dropped, base_url)

    print(f"database: {vendor}; the curator's dashboard, median of {args.repeat} loads after a warm-up")
    print(f"{'':6} {'participants':>12} {'pairs':>6} {'queries':>8} {'median, ms':>11} {'page, KB':>9}")
    for label, mult, (queries, seconds, size) in (("1×", 1, small), (f"{args.scale}×", args.scale, large)):
        print(f"{label:6} {args.participants * mult:>12} {args.pairs * mult:>6} {queries:>8} "
              f"{seconds * 1000:>11.1f} {size / 1024:>9.1f}")
    ratio = large[1] / small[1]
    same = "same" if small[0] == large[0] else "DIFFERENT"
    queries_met = small[0] == large[0] <= 15
    print(f"queries: {small[0]} and {large[0]} ({same}; target ≤ 15 and the same: "
          f"{'met' if queries_met else 'NOT MET'}); time ratio {args.scale}×/1×: {ratio:.2f} "
          f"(target ≤ 1.5: {'met' if ratio <= 1.5 else 'NOT MET'})")


if __name__ == "__main__":
    main()
