"""Benchmark: the sparse exact matcher against today's dense one, an
independent exact solver and a greedy baseline, and its scaling to a
territory's cohort (issue 15).

    .venv/bin/python benchmarks/matching.py [--mentees 1000] [--mentors 300]
        [--sizes 1000x300,3000x900,10000x3000] [--check 2000x600] [--seed 2026]
        [--repeat 3] [--min-score 0] [--no-database] [--service 10000x3000]

Builds a college's cohort in memory — students with one to three requests and
mentors (teachers, employers' specialists) with competencies and interests,
both drawn from real college themes (seed 000 stages 2–3), capacity 1–4,
preferred mentee ages, hours a month, specialties, a few wishes after the group
meeting, «not with» pairs and parents — and, in one run:

1. at ``--mentees`` × ``--mentors``: times today's matcher (the dense one:
   ``score_table`` of every pair + ``solver.solve``, scipy's
   linear_sum_assignment) and the sparse one (``graph.build_graph`` +
   ``solver.solve_graph``) in both modes, checks both against the b-matching
   linear program (Σ_j x_ij ≤ 1, Σ_i x_ij ≤ places_j, 0 ≤ x ≤ 1) solved by
   HiGHS (its matrix is totally unimodular, so the LP optimum is the integer
   optimum), runs a greedy baseline (highest score first within the places)
   and prints the time ratio sparse / dense (goal ≤ 1) and the gaps;
2. the scaling table, each size in its own process (so that its peak RSS is
   its own): time of scoring + solving, peak RSS, acceptable edges kept, edges
   given to the flow solver, rounds of pricing, paired, the greedy gap. Goal at
   10,000 × 3,000: ≤ 10 s and ≤ 1 GB;
3. exactness where the LP is too big: the ``--check`` sub-cohort (the first
   mentees and mentors of the largest size) by the sparse and the dense
   matcher, totals equal;
4. unless ``--no-database``: builds the first cohort (or ``--service``'s size)
   in a throwaway database
   and times the whole service (``pairs.services.matching.run_matching``:
   locks, loads, scores, solves, writes the drafts) twice — the second run
   replaces the first one's drafts — with its SQL query count.

The database is the one ``DATABASE_URL`` names (a new database ``bench_match_*``
is created beside it and dropped at the end) or, without it, a temporary SQLite
file (where Django splits bulk inserts into batches, so the query count grows
with the cohort; PostgreSQL is the reference).
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import drop_database, setup_django  # noqa: E402

# What students ask for (seed 000 2.4 «перечень запросов») and what mentors offer
# (seed 000 3.2 «профессиональные компетенции, сфера интересов»). Mentor themes
# repeat some student ones exactly and reword others (same stem, another form).
STUDENT_THEMES = [
    "подготовка к олимпиаде", "подготовка к чемпионату «Профессионалы»", "трудоустройство",
    "выбор профессии", "повышение успеваемости", "адаптация в группе", "проектная деятельность",
    "научно-исследовательская работа", "курсовой проект", "дипломный проект",
    "демонстрационный экзамен", "программирование", "веб-разработка", "1С", "электромонтаж",
    "электроснабжение", "сварка", "автомеханика", "ремонт автомобилей", "бухгалтерский учёт",
    "финансовая грамотность", "английский язык", "спорт", "волейбол", "футбол", "шахматы",
    "волонтёрство", "предпринимательство", "публичные выступления", "лидерство",
    "3D-моделирование", "робототехника", "компьютерная графика", "дизайн", "видеомонтаж",
    "вокал", "театр", "туризм", "экология", "здоровый образ жизни", "горное дело",
    "открытые горные работы", "охрана труда", "информационная безопасность",
    "сетевое администрирование", "базы данных", "черчение", "логистика", "кулинария",
]
MENTOR_THEMES = STUDENT_THEMES[:30] + [
    "олимпиадное движение", "эксперт чемпионатов «Профессионалы»", "кадровое агентство",
    "профориентация", "проектное обучение", "исследовательская деятельность",
    "программист 1С", "разработка веб-приложений", "электромонтажные работы",
    "сварочное производство", "автомобильный сервис", "бухгалтерия", "финансовое планирование",
    "преподавание английского", "тренер по волейболу", "спортивные секции", "шахматный клуб",
    "волонтёрский центр", "предпринимательская деятельность", "ораторское искусство",
    "3D-печать", "робототехнические соревнования", "графический дизайн", "горные работы",
    "промышленная безопасность", "администрирование сетей", "защита информации",
    "логистические системы", "кулинарное мастерство", "театральная студия",
]
SPECIALTIES = [
    "21.02.15 Открытые горные работы", "13.02.07 Электроснабжение",
    "09.02.07 Информационные системы и программирование", "15.02.12 Монтаж и ремонт оборудования",
    "23.02.07 Техническое обслуживание автомобилей", "38.02.01 Экономика и бухгалтерский учёт",
    "43.02.15 Поварское и кондитерское дело", "22.02.06 Сварочное производство",
]


def _zipf(rng, size: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, size + 1) ** 0.8
    return weights / weights.sum()


def build_cohort(mentees: int, mentors: int, seed: int):
    """Facts of a random but realistic cohort: (mentees, mentors, wishes, ties,
    form). Needs Django set up (the facts' module uses its translations)."""
    from participants.models import split_keywords
    from pairs.matching.scoring import FormRules, MenteeFacts, MentorFacts, Wishes

    rng = np.random.default_rng(seed)
    student_p = _zipf(rng, len(STUDENT_THEMES))
    mentor_p = _zipf(rng, len(MENTOR_THEMES))
    rng.shuffle(mentor_p)
    people = []
    for i in range(mentees):
        themes = rng.choice(STUDENT_THEMES, size=rng.integers(1, 4), replace=False, p=student_p)
        people.append(MenteeFacts(
            pk=i + 1, participant_id=i + 1, name=f"Студент {i + 1}", category="student",
            keywords=frozenset(split_keywords(", ".join(themes))),
            age=None if rng.random() < 0.05 else int(rng.integers(15, 23)),
            specialty=SPECIALTIES[rng.integers(len(SPECIALTIES))], consent_status="given",
        ))
    guides = []
    for j in range(mentors):
        themes = rng.choice(MENTOR_THEMES, size=rng.integers(2, 7), replace=False, p=mentor_p)
        capacity = int(rng.integers(1, 5))
        low = None if rng.random() < 0.3 else int(rng.integers(15, 20))
        high = None if low is None or rng.random() < 0.2 else low + int(rng.integers(1, 5))
        guides.append(MentorFacts(
            pk=j + 1, participant_id=mentees + j + 1, name=f"Наставник {j + 1}",
            category="teacher" if rng.random() < 0.7 else "employer_rep",
            keywords=frozenset(split_keywords(", ".join(themes))), age_min=low, age_max=high,
            hours_per_month=None if rng.random() < 0.15 else int(rng.choice([2, 4, 6, 8, 12, 16])),
            capacity=capacity, free=capacity,
            specialty="" if rng.random() < 0.3 else SPECIALTIES[rng.integers(len(SPECIALTIES))],
            consent_status="given", age=int(rng.integers(25, 60)), status="approved",
        ))
    student_ids = [p.participant_id for p in people]
    mentor_ids = [g.participant_id for g in guides]
    prefer = set()
    for _ in range(mentees // 10):  # a tenth of the students name a mentor
        prefer.add((int(rng.choice(student_ids)), int(rng.choice(mentor_ids))))
    for _ in range(mentors // 5):  # a fifth of the mentors name a student
        prefer.add((int(rng.choice(mentor_ids)), int(rng.choice(student_ids))))
    avoid = {(int(rng.choice(student_ids)), int(rng.choice(mentor_ids))) for _ in range(mentees // 100)}
    ties = {(int(rng.choice(mentor_ids)), int(rng.choice(student_ids))) for _ in range(mentors // 50)}
    form = FormRules(name="работодатель – студент",
                     mentor_categories=frozenset({"teacher", "employer_rep"}),
                     mentee_categories=frozenset({"student"}))
    return people, guides, Wishes(prefer=frozenset(prefer), avoid=frozenset(avoid)), ties, form


# --- the independent checks -------------------------------------------------------------


def lp_optimum(totals, usable, slots, most_paired: bool) -> tuple[float, float, int]:
    """The b-matching LP by HiGHS: (seconds, best total, pairs). ``most_paired``:
    first the most pairs, then the best total with that many."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, vstack

    started = time.perf_counter()
    rows, cols = np.nonzero(usable)
    k = len(rows)
    n, m = totals.shape
    edge = np.arange(k)
    a_ub = vstack([
        coo_matrix((np.ones(k), (rows, edge)), shape=(n, k)),
        coo_matrix((np.ones(k), (cols, edge)), shape=(m, k)),
    ]).tocsr()
    b_ub = np.concatenate([np.ones(n), slots])
    weights = totals[rows, cols]
    if most_paired:
        first = linprog(-np.ones(k), A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs")
        pairs = round(-first.fun)
        a_ub = vstack([a_ub, -np.ones((1, k))]).tocsr()
        b_ub = np.concatenate([b_ub, [-pairs]])
    result = linprog(-weights, A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs")
    assert result.status == 0, result.message
    return time.perf_counter() - started, float(-result.fun), round(result.x.sum())


def greedy(totals, usable, slots) -> tuple[float, float, int]:
    """Highest score first within the places: (seconds, total, pairs)."""
    started = time.perf_counter()
    rows, cols = np.nonzero(usable)
    total, pairs = greedy_edges(rows, cols, totals[rows, cols], slots, totals.shape[0])
    return time.perf_counter() - started, total, pairs


def greedy_edges(rows, cols, values, slots, n: int) -> tuple[float, int]:
    """Edges taken highest value first, each mentee once, each mentor within its
    places: (Σ values taken, pairs)."""
    order = np.argsort(-values, kind="stable")
    left = np.array(slots, dtype=int)
    taken = np.zeros(n, dtype=bool)
    total, pairs, places = 0.0, 0, int(left.sum())
    for e in order:
        i, j = rows[e], cols[e]
        if taken[i] or left[j] <= 0:
            continue
        taken[i] = True
        left[j] -= 1
        total += values[e]
        pairs += 1
        if pairs == n or pairs == places:
            break
    return float(total), pairs


def best_of(repeat: int, fn):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


# --- the service against a database --------------------------------------------------------


def store_cohort(people, guides, wishes, ties):
    """Write the in-memory cohort as an organisation's bases; returns (organization,
    form, kind). Birth dates give the same ages today."""
    from django.db import transaction
    from django.utils import timezone

    from mentoring.models import MentoringForm, MentoringKind, Organization
    from mentoring.services import ensure_reference_data
    from pairs.enums import Attitude
    from pairs.models import MatchingPreference
    from participants.models import FamilyTie, Mentee, MenteeRequest, Mentor, Participant

    ensure_reference_data()
    today = timezone.localdate()
    organization = Organization.objects.create(name="Колледж (бенчмарк)", short_name="бенчмарк")
    form, _ = MentoringForm.objects.update_or_create(
        code="bench-employer-student",
        defaults={"name": "работодатель – студент", "mentor_categories": ["teacher", "employer_rep"],
                  "mentee_categories": ["student"]},
    )
    kind = MentoringKind.objects.get(code="traditional")

    def born(age):
        # a birthday on or before today's day of this month: full years = age
        return None if age is None else datetime.date(today.year - age, today.month, min(today.day, 28))

    with transaction.atomic():
        participants = [
            Participant(organization=organization, surname=f"Студент{p.pk:05d}", name="Иван",
                        category=p.category, birth_date=born(p.age), specialty=p.specialty,
                        consent_status="given")
            for p in people
        ] + [
            Participant(organization=organization, surname=f"Наставник{g.pk:05d}", name="Анна",
                        category=g.category, birth_date=born(g.age), specialty=g.specialty,
                        consent_status="given")
            for g in guides
        ]
        Participant.objects.bulk_create(participants, batch_size=500)
        pid = {fact.participant_id: row.pk for fact, row in zip([*people, *guides], participants, strict=True)}
        mentee_rows = [Mentee(participant_id=pid[p.participant_id], status="in_base") for p in people]
        Mentee.objects.bulk_create(mentee_rows, batch_size=500)
        MenteeRequest.objects.bulk_create(
            [MenteeRequest(mentee=row, text=keyword)
             for p, row in zip(people, mentee_rows, strict=True) for keyword in sorted(p.keywords)],
            batch_size=500,
        )
        Mentor.objects.bulk_create(
            [Mentor(participant_id=pid[g.participant_id], competencies=", ".join(sorted(g.keywords)),
                    interests="", preferred_age_min=g.age_min, preferred_age_max=g.age_max,
                    hours_per_month=g.hours_per_month, capacity=g.capacity, status="approved")
             for g in guides],
            batch_size=500,
        )
        MatchingPreference.objects.bulk_create(
            [MatchingPreference(organization=organization, participant_id=pid[a], other_id=pid[b],
                                attitude=Attitude.PREFER) for a, b in wishes.prefer]
            + [MatchingPreference(organization=organization, participant_id=pid[a], other_id=pid[b],
                                  attitude=Attitude.AVOID) for a, b in wishes.avoid
               if (a, b) not in wishes.prefer],
            batch_size=500,
        )
        FamilyTie.objects.bulk_create(
            [FamilyTie(parent_id=pid[a], child_id=pid[b]) for a, b in ties], batch_size=500
        )
    return organization, form, kind


def service_runs(people, guides, wishes, ties) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pairs.services.matching import run_matching

    organization, form, kind = store_cohort(people, guides, wishes, ties)
    results = []
    for label in ("first run", "rerun (replaces the drafts)"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run = run_matching(organization=organization, form=form, kind=kind, actor=None)
            elapsed = time.perf_counter() - started
        results.append({"label": label, "seconds": elapsed, "queries": len(queries),
                        "paired": run.paired_count, "total": run.total_score,
                        "mentees": run.mentees_count})
    return results


# --- the sparse matcher at one size, in its own process ----------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_size(mentees: int, mentors: int, seed: int, min_score: float) -> dict:
    """The sparse matcher on one cohort (run in a child process): seconds,
    peak RSS before the greedy baseline, the graph's figures, the greedy gap."""
    from pairs.enums import MatchingMode
    from pairs.matching.graph import build_graph
    from pairs.matching.solver import solve_graph
    from pairs.models import DEFAULT_WEIGHTS

    people, guides, wishes, ties, form = build_cohort(mentees, mentors, seed)
    slots = np.array([g.free for g in guides])
    base_mb = _peak_mb()
    started = time.perf_counter()
    graph = build_graph(people, guides, DEFAULT_WEIGHTS, wishes, ties, form=form, min_score=min_score)
    scored = time.perf_counter()
    solution = solve_graph(graph, slots, MatchingMode.BEST_TOTAL)
    solved = time.perf_counter()
    peak_mb = _peak_mb()
    greedy_total, greedy_pairs = greedy_graph(graph, slots)
    return {
        "mentees": mentees, "mentors": mentors, "places": int(slots.sum()),
        "scoring_s": scored - started, "solving_s": solved - scored, "seconds": solved - started,
        "peak_mb": peak_mb, "base_mb": base_mb, "edges": solution.edges, "active": solution.active,
        "rounds": solution.rounds, "paired": solution.paired, "total": solution.total,
        "greedy_total": greedy_total, "greedy_pairs": greedy_pairs,
    }


def greedy_graph(graph, slots) -> tuple[float, int]:
    """Highest score first within the places, over the graph's edges: (total, pairs)."""
    rows = np.concatenate([b.first + b.local_rows() for b in graph.blocks])
    cols = np.concatenate([b.mentors.astype(np.int64) for b in graph.blocks])
    units = np.concatenate([b.units for b in graph.blocks]).astype(np.int64)
    total, pairs = greedy_edges(rows, cols, units, slots, graph.n)
    return total * graph.unit, pairs


def check_subcohort(mentees: int, mentors: int, of: tuple[int, int], seed: int, min_score: float) -> dict:
    """The first ``mentees`` × ``mentors`` of the cohort of size ``of`` by the
    sparse and the dense matcher (child process): their totals and pairs."""
    from pairs.enums import MatchingMode
    from pairs.matching.graph import build_graph
    from pairs.matching.scoring import score_table
    from pairs.matching.solver import solve, solve_graph
    from pairs.models import DEFAULT_WEIGHTS

    people, guides, wishes, ties, form = build_cohort(*of, seed)
    people, guides = people[:mentees], guides[:mentors]
    slots = np.array([g.free for g in guides])
    result = {"mentees": mentees, "mentors": mentors}
    for mode in (MatchingMode.BEST_TOTAL, MatchingMode.MOST_PAIRED):
        graph = build_graph(people, guides, DEFAULT_WEIGHTS, wishes, ties, form=form, min_score=min_score)
        sparse = solve_graph(graph, slots, mode)
        table = score_table(people, guides, DEFAULT_WEIGHTS, wishes, ties, form=form)
        dense = solve(table.totals, table.allowed, slots, mode, min_score)
        paired = np.flatnonzero(sparse.mentor_of >= 0)
        exact_total = float(table.totals[paired, sparse.mentor_of[paired]].sum())
        result[mode.value] = {"sparse": exact_total, "dense": dense.total,
                              "sparse_pairs": sparse.paired, "dense_pairs": dense.paired}
    return result


def in_child(*args: str) -> dict:
    """Run this script with ``--child …`` and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {' '.join(args)} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _size(text: str) -> tuple[int, int]:
    mentees, mentors = text.lower().split("x")
    return int(mentees), int(mentors)


def child(argv: list[str]) -> None:
    setup_django("bench_match", with_database=False, language="ru")
    what, size, seed, min_score = argv[0], _size(argv[1]), int(argv[2]), float(argv[3])
    if what == "size":
        result = measure_size(*size, seed, min_score)
    else:
        result = check_subcohort(*size, _size(argv[4]), seed, min_score)
    print(json.dumps(result))


# --- main ------------------------------------------------------------------------------------


def compare_at_default(args, people, guides, wishes, ties, form):
    """Section 1: dense vs sparse vs LP vs greedy at the default size."""
    from pairs.enums import MatchingMode
    from pairs.matching.graph import build_graph
    from pairs.matching.scoring import score_table
    from pairs.matching.solver import acceptable, solve, solve_graph
    from pairs.models import DEFAULT_WEIGHTS

    slots = np.array([g.free for g in guides])
    rows = []
    for mode, label in ((MatchingMode.BEST_TOTAL, "best total"),
                        (MatchingMode.MOST_PAIRED, "most paired")):
        def dense(mode=mode):
            table = score_table(people, guides, DEFAULT_WEIGHTS, wishes, ties, form=form)
            return table, solve(table.totals, table.allowed, slots, mode, args.min_score)

        def sparse(mode=mode):
            graph = build_graph(people, guides, DEFAULT_WEIGHTS, wishes, ties, form=form,
                                min_score=args.min_score)
            return solve_graph(graph, slots, mode)

        dense_s, (table, dense_solution) = best_of(args.repeat, dense)
        sparse_s, sparse_solution = best_of(args.repeat, sparse)
        usable = acceptable(table.totals, table.allowed, args.min_score)
        lp_s, lp_total, lp_pairs = lp_optimum(table.totals, usable, slots,
                                              mode == MatchingMode.MOST_PAIRED)
        paired = np.flatnonzero(sparse_solution.mentor_of >= 0)
        sparse_total = float(table.totals[paired, sparse_solution.mentor_of[paired]].sum())
        rows.append((label, dense_s, dense_solution, sparse_s, sparse_solution, sparse_total,
                     lp_s, lp_total, lp_pairs))
    greedy_s, greedy_total, greedy_pairs = min(
        (greedy(table.totals, usable, slots) for _ in range(args.repeat)), key=lambda r: r[0])
    return rows, (greedy_s, greedy_total, greedy_pairs), table


def _gap(optimum: float, total: float) -> float:
    gap = (optimum - total) / optimum if optimum else 0.0
    return 0.0 if abs(gap) < 1e-9 else gap  # the LP's own rounding


def print_comparison(args, rows, greedy_row, table) -> bool:
    from pairs.models import DEFAULT_WEIGHTS

    n = args.mentees
    print(f"cohort: {n} mentees × {args.mentors} mentors, seed {args.seed}; "
          f"{int((~table.allowed).sum())} forbidden pairs, minimum score {args.min_score:g}; "
          f"weights {DEFAULT_WEIGHTS}")
    print(f"{'':30} {'time, s':>8} {'total, points':>14} {'gap vs LP':>10} {'paired':>8}")
    exact = True
    for label, dense_s, dense, sparse_s, sparse, sparse_total, lp_s, lp_total, lp_pairs in rows:
        print(f"{'today (dense), ' + label:30} {dense_s:8.3f} {dense.total:14.2f} "
              f"{_gap(lp_total, dense.total):10.4%} {dense.paired / n:8.1%}")
        print(f"{'sparse, ' + label:30} {sparse_s:8.3f} {sparse_total:14.2f} "
              f"{_gap(lp_total, sparse_total):10.4%} {sparse.paired / n:8.1%}")
        print(f"{'  LP check (HiGHS)':30} {lp_s:8.3f} {lp_total:14.2f} {'':>10} {lp_pairs / n:8.1%}")
        print(f"  sparse / dense time: {sparse_s / dense_s:.2f} (goal ≤ 1); {sparse.edges:,} edges kept, "
              f"{sparse.active:,} solved, {sparse.rounds} rounds of pricing")
        exact &= abs(sparse_total - lp_total) <= 1e-6 * max(1.0, lp_total) + n * 1e-5
    greedy_s, greedy_total, greedy_pairs = greedy_row
    best_lp = rows[0][7]
    print(f"{'greedy baseline':30} {greedy_s:8.3f} {greedy_total:14.2f} "
          f"{_gap(best_lp, greedy_total):10.4%} {greedy_pairs / n:8.1%}")
    print(f"sparse totals equal the LP optima (100 %): {'yes' if exact else 'NO'}")
    return exact


def print_scaling(sizes: list[dict]) -> None:
    print("scaling (each size in its own process; scoring + solving, best total):")
    print(f"{'size':>14} {'places':>7} {'time, s':>8} {'score s':>8} {'solve s':>8} {'peak RSS':>9} "
          f"{'edges kept':>11} {'solved':>8} {'rounds':>6} {'paired':>7} {'greedy gap':>10}")
    for r in sizes:
        gap = _gap(r["total"], r["greedy_total"])
        print(f"{r['mentees']:>6,} × {r['mentors']:<5,} {r['places']:7,} {r['seconds']:8.2f} "
              f"{r['scoring_s']:8.2f} {r['solving_s']:8.2f} {r['peak_mb']:7.0f} MB {r['edges']:11,} "
              f"{r['active']:8,} {r['rounds']:6} {r['paired']:7,} {gap:10.2%}")
    largest = sizes[-1]
    print(f"largest: {largest['seconds']:.2f} s (goal ≤ 10 s), peak RSS {largest['peak_mb']:.0f} MB "
          f"(goal ≤ 1024 MB; {largest['base_mb']:.0f} MB before the matcher: Python, Django, the cohort)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentees", type=int, default=1_000)
    parser.add_argument("--mentors", type=int, default=300)
    parser.add_argument("--sizes", default="1000x300,3000x900,10000x3000")
    parser.add_argument("--check", default="2000x600", help="sub-cohort checked against the dense matcher")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs, the best is shown")
    parser.add_argument("--min-score", type=float, default=0.0)
    parser.add_argument("--no-database", action="store_true", help="skip the service run")
    parser.add_argument("--service", default="", help="cohort size of the service run (default: the first)")
    args = parser.parse_args()

    sizes = [in_child("size", size, str(args.seed), str(args.min_score)) for size in args.sizes.split(",")]
    largest = args.sizes.split(",")[-1]
    check = in_child("check", args.check, str(args.seed), str(args.min_score), largest)

    base_url = os.environ.get("DATABASE_URL", "")
    dropped = setup_django("bench_match", with_database=not args.no_database, language="ru")
    try:
        people, guides, wishes, ties, form = build_cohort(args.mentees, args.mentors, args.seed)
        rows, greedy_row, table = compare_at_default(args, people, guides, wishes, ties, form)
        if args.service:
            people, guides, wishes, ties, form = build_cohort(*_size(args.service), args.seed)
        service = [] if args.no_database else service_runs(people, guides, wishes, ties)
        from django.db import connection

        vendor = connection.vendor
    finally:
        if not args.no_database:
            drop_database(dropped, base_url)

    exact = print_comparison(args, rows, greedy_row, table)
    print_scaling(sizes)
    same = all(abs(check[mode]["sparse"] - check[mode]["dense"]) <= 1e-6 * max(1.0, check[mode]["dense"])
               and check[mode]["sparse_pairs"] == check[mode]["dense_pairs"]
               for mode in ("best_total", "most_paired"))
    print(f"exactness at {largest}: its first {check['mentees']:,} × {check['mentors']:,} by the sparse "
          f"and the dense matcher — best total {check['best_total']['sparse']:.2f} / "
          f"{check['best_total']['dense']:.2f}, most paired {check['most_paired']['sparse']:.2f} / "
          f"{check['most_paired']['dense']:.2f}: {'equal' if same else 'DIFFERENT'}")
    for result in service:
        print(f"service run_matching on {vendor}, {result['mentees']:,} mentees, {result['label']}: "
              f"{result['seconds']:.3f} s, "
              f"{result['queries']} queries, {result['paired']} of {result['mentees']} paired, "
              f"total {result['total']:.2f}")
    if not (exact and same):
        sys.exit(1)


if __name__ == "__main__":
    main()
