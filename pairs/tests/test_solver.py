"""The exact whole-cohort matchers (pairs/matching/solver.py; issue 4 item 2,
issue 15): the sparse one (candidate graph, min-cost flow, pricing
certificate) and the dense reference, against brute force on tiny cohorts and
against an independent integer program (scipy.optimize.milp, HiGHS) on medium
ones, in both modes. «sparse-tight» starts from one edge per mentee and
activates one violated edge per mentee a round, so the certificate has to find
almost every edge of the optimum itself."""

import itertools

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from pairs.enums import MatchingMode
from pairs.matching.graph import graph_from_arrays
from pairs.matching.solver import acceptable, solve, solve_graph

MODES = [MatchingMode.BEST_TOTAL, MatchingMode.MOST_PAIRED]


def _sparse(seeds=(0, 20, 20), per_round=20, block_rows=64):
    def run(totals, allowed, slots, mode=MatchingMode.BEST_TOTAL, min_score=0.0):
        graph = graph_from_arrays(totals, allowed, min_score, block_rows=block_rows, seeds=seeds)
        return solve_graph(graph, slots, mode, per_round=per_round)

    return run


SOLVERS = {
    "dense": solve,
    "sparse": _sparse(),
    "sparse-tight": _sparse(seeds=(1, 0, 0), per_round=1, block_rows=3),
}


@pytest.fixture(params=list(SOLVERS))
def solver(request):
    return SOLVERS[request.param]


def _random_instance(rng, n, m, *, integer=False, max_slots=3):
    if integer:
        totals = rng.integers(0, 5, size=(n, m)).astype(float) * 10
    else:
        totals = rng.random((n, m)) * 100
    allowed = rng.random((n, m)) < 0.75
    slots = rng.integers(0, max_slots + 1, size=m)
    min_score = float(rng.choice([0.0, 0.0, 20.0, 45.5]))
    return totals, allowed, slots, min_score


def _check_feasible(solution, totals, allowed, slots, min_score):
    usable = acceptable(totals, allowed, min_score)
    paired = np.flatnonzero(solution.mentor_of >= 0)
    assert all(usable[i, solution.mentor_of[i]] for i in paired)
    counts = np.bincount(solution.mentor_of[paired], minlength=len(slots))
    assert (counts <= slots).all()
    assert solution.paired == len(paired)
    assert solution.total == pytest.approx(totals[paired, solution.mentor_of[paired]].sum())


def _brute_force(totals, allowed, slots, min_score):
    """Every assignment (each mentee: a mentor or nobody); returns the best
    (total, paired) and the best (paired, total)."""
    n, m = totals.shape
    usable = acceptable(totals, allowed, min_score)
    best_total, most_paired = (0.0, 0), (0, 0.0)
    for choice in itertools.product(range(-1, m), repeat=n):
        pairs = [(i, j) for i, j in enumerate(choice) if j >= 0]
        if not all(usable[i, j] for i, j in pairs):
            continue
        if (np.bincount([j for _i, j in pairs], minlength=m) > slots).any():
            continue
        total = round(sum(totals[i, j] for i, j in pairs), 6)
        best_total = max(best_total, (total, len(pairs)))
        most_paired = max(most_paired, (len(pairs), total))
    return best_total, most_paired


@pytest.mark.parametrize("seed", range(40))
def test_solve_equals_brute_force_on_tiny_cohorts(seed, solver):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    totals, allowed, slots, min_score = _random_instance(rng, n, m, integer=seed % 2 == 0, max_slots=2)
    (bt_total, bt_paired), (mp_paired, mp_total) = _brute_force(totals, allowed, slots, min_score)

    best = solver(totals, allowed, slots, MatchingMode.BEST_TOTAL, min_score)
    most = solver(totals, allowed, slots, MatchingMode.MOST_PAIRED, min_score)

    _check_feasible(best, totals, allowed, slots, min_score)
    _check_feasible(most, totals, allowed, slots, min_score)
    assert best.total == pytest.approx(bt_total)
    assert best.paired == bt_paired  # among equal totals, the most pairs
    assert most.paired == mp_paired
    assert most.total == pytest.approx(mp_total)


def _milp(totals, allowed, slots, min_score, mode):
    """The b-matching as an integer program solved by HiGHS: x_ij ∈ {0, 1} on the
    usable edges, Σ_j x_ij ≤ 1, Σ_i x_ij ≤ slots_j. MOST_PAIRED: first the most
    edges, then the best total with at least that many. Returns (total, paired)."""
    rows, cols = np.nonzero(acceptable(totals, allowed, min_score))
    k = len(rows)
    if k == 0:
        return 0.0, 0
    n, m = totals.shape
    edge = np.arange(k)
    a_rows = coo_matrix((np.ones(k), (rows, edge)), shape=(n, k))
    a_cols = coo_matrix((np.ones(k), (cols, edge)), shape=(m, k))
    constraints = [LinearConstraint(a_rows, -np.inf, 1), LinearConstraint(a_cols, -np.inf, slots)]
    weights = totals[rows, cols]
    options = {"mip_rel_gap": 0}
    if mode == MatchingMode.MOST_PAIRED:
        first = milp(-np.ones(k), constraints=constraints, integrality=np.ones(k),
                     bounds=Bounds(0, 1), options=options)
        paired = round(-first.fun)
        constraints.append(LinearConstraint(np.ones((1, k)), paired, np.inf))
    result = milp(-weights, constraints=constraints, integrality=np.ones(k), bounds=Bounds(0, 1),
                  options=options)
    assert result.success
    x = np.rint(result.x)
    return float(weights @ x), int(x.sum())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", range(6))
def test_solve_equals_an_integer_program_on_medium_cohorts(seed, mode, solver):
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(40, 90)), int(rng.integers(10, 30))
    totals, allowed, slots, min_score = _random_instance(rng, n, m, integer=seed % 3 == 0, max_slots=4)

    solution = solver(totals, allowed, slots, mode, min_score)

    _check_feasible(solution, totals, allowed, slots, min_score)
    total, paired = _milp(totals, allowed, slots, min_score, mode)
    assert solution.total == pytest.approx(total, abs=1e-4)
    if mode == MatchingMode.MOST_PAIRED:
        assert solution.paired == paired


def test_most_paired_and_best_total_differ_exactly_as_constructed(solver):
    # Rows: Xenia, Yuri; columns: Anna, Boris, one place each. Yuri may only have
    # Anna. Xenia–Anna alone: 95 points, one pair; Xenia–Boris + Yuri–Anna:
    # 4 + 90 = 94 points, two pairs.
    totals = np.array([[95.0, 4.0], [90.0, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    slots = np.array([1, 1])

    best = solver(totals, allowed, slots, MatchingMode.BEST_TOTAL)
    most = solver(totals, allowed, slots, MatchingMode.MOST_PAIRED)

    assert (best.mentor_of.tolist(), best.paired, best.total) == ([0, -1], 1, 95.0)
    assert (most.mentor_of.tolist(), most.paired, most.total) == ([1, 0], 2, 94.0)
    # when the second pair is worth more than the difference, both goals agree
    totals[0, 1] = 10.0
    assert solver(totals, allowed, slots, MatchingMode.BEST_TOTAL).mentor_of.tolist() == [1, 0]
    # a minimum score of 5 makes Xenia–Boris unacceptable: most paired falls back to one pair
    totals[0, 1] = 4.0
    most = solver(totals, allowed, slots, MatchingMode.MOST_PAIRED, min_score=5)
    assert (most.mentor_of.tolist(), most.total) == ([0, -1], 95.0)


def test_solve_respects_slots_and_leaves_zero_slot_mentors_out(solver):
    totals = np.full((5, 3), 50.0)
    allowed = np.ones((5, 3), dtype=bool)

    solution = solver(totals, allowed, [2, 0, 1])

    assert np.bincount(solution.mentor_of[solution.mentor_of >= 0], minlength=3).tolist() == [2, 0, 1]
    assert solution.paired == 3
    assert solution.total == 150.0


def test_best_total_still_pairs_acceptable_zero_score_edges(solver):
    solution = solver(np.zeros((2, 1)), np.ones((2, 1), dtype=bool), [2])
    assert solution.mentor_of.tolist() == [0, 0]


def test_solve_never_uses_forbidden_or_low_edges(solver):
    totals = np.array([[100.0, 30.0], [100.0, 20.0]])
    allowed = np.array([[False, True], [True, True]])

    solution = solver(totals, allowed, [5, 5], MatchingMode.MOST_PAIRED, min_score=25)

    assert solution.mentor_of.tolist() == [1, 0]


def test_solve_handles_empty_and_hopeless_cohorts(solver):
    assert solver(np.zeros((0, 3)), np.zeros((0, 3), dtype=bool), [1, 1, 1]).paired == 0
    assert solver(np.ones((2, 2)), np.ones((2, 2), dtype=bool), [0, 0]).paired == 0
    none = solver(np.ones((3, 0)), np.ones((3, 0), dtype=bool), np.zeros(0, dtype=int))
    assert none.mentor_of.tolist() == [-1, -1, -1]
    blocked = solver(np.ones((2, 2)), np.zeros((2, 2), dtype=bool), [1, 1])
    assert (blocked.paired, blocked.total) == (0, 0.0)


def test_solve_refuses_shapes_that_do_not_agree():
    with pytest.raises(ValueError):
        solve(np.ones((2, 2)), np.ones((2, 3), dtype=bool), [1, 1])
    with pytest.raises(ValueError):
        solve(np.ones((2, 2)), np.ones((2, 2), dtype=bool), [1])


def test_most_paired_is_exact_with_close_scores_on_a_large_cohort(solver):
    # scores differing by a thousandth of a point still order the solutions: the
    # integer costs keep every sum exact
    rng = np.random.default_rng(7)
    n, m = 300, 60
    totals = np.round(rng.random((n, m)) * 100, 3)
    allowed = rng.random((n, m)) < 0.1
    slots = rng.integers(1, 4, size=m)

    solution = solver(totals, allowed, slots, MatchingMode.MOST_PAIRED)

    total, paired = _milp(totals, allowed, slots, 0.0, MatchingMode.MOST_PAIRED)
    assert solution.paired == paired
    assert solution.total == pytest.approx(total, abs=1e-3)


def test_the_graph_keeps_exactly_the_acceptable_edges():
    rng = np.random.default_rng(11)
    totals, allowed, _slots, _min = _random_instance(rng, 50, 20)

    graph = graph_from_arrays(totals, allowed, 45.5, block_rows=7)

    usable = acceptable(totals, allowed, 45.5)
    assert graph.edges == int(usable.sum())
    kept = np.zeros_like(usable)
    for block in graph.blocks:
        kept[block.first + block.local_rows(), block.mentors] = True
    assert (kept == usable).all()
    assert graph.usable_count.tolist() == usable.sum(axis=1).tolist()
    assert graph.allowed_count.tolist() == allowed.sum(axis=1).tolist()


def test_the_certificate_finds_the_edges_the_seeds_left_out():
    # every mentee prefers mentor 0 (one place); the seeds keep only that edge,
    # so the rest of the optimum must come from pricing
    rng = np.random.default_rng(3)
    totals = rng.random((30, 10)) * 50
    totals[:, 0] += 50
    allowed = np.ones((30, 10), dtype=bool)
    slots = np.ones(10, dtype=int)
    graph = graph_from_arrays(totals, allowed, seeds=(1, 0, 0), block_rows=4)
    assert graph.active_edges == 30

    solution = solve_graph(graph, slots, per_round=1)

    dense = solve(totals, allowed, slots)
    assert solution.rounds > 1 and solution.active > 30
    assert solution.paired == dense.paired == 10
    assert solution.total == pytest.approx(dense.total)


def test_the_same_cohort_gets_the_same_pairs():
    rng = np.random.default_rng(5)
    totals = rng.integers(0, 3, size=(60, 15)).astype(float) * 10  # many ties
    allowed = np.ones((60, 15), dtype=bool)
    slots = rng.integers(1, 4, size=15)

    # many blocks, scored and priced in threads: the same pairs whatever finishes first
    first = _sparse(seeds=(2, 3, 2), block_rows=4)(totals, allowed, slots)
    again = _sparse(seeds=(2, 3, 2), block_rows=4)(totals, allowed, slots)

    assert first.mentor_of.tolist() == again.mentor_of.tolist()
