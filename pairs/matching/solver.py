"""The exact whole-cohort matcher (issue 4, item 2; issue 15): the assignment
of mentees to mentors maximising the score under each mentor's places.

It is a maximum-weight b-matching on a bipartite graph. Two goals
(``pairs.enums.MatchingMode``):

- BEST_TOTAL: maximise Σ score; among equal totals, pair more mentees;
- MOST_PAIRED: maximise the number of mentees paired with an acceptable mentor,
  then Σ score among those assignments.

Both are lexicographic objectives made into one integer weight per edge.
Scores are first rounded to integer units (``unit`` points, at most a
micro-point, ``graph.score_unit``) so that every sum is an exact integer;
rounding moves a total by at most n × unit / 2.

- BEST_TOTAL: weight = units × (n + 1) + 1 — one unit of score is worth more
  than any difference in the number of pairs (at most n);
- MOST_PAIRED: weight = units + BONUS, BONUS = n × max_units + 1 — one more
  pair is worth more than any difference of total scores (at most
  n × max_units).

``solve_graph`` is the matcher: it works on the sparse candidate graph
(``pairs.matching.graph``) by column generation — it solves the min-cost flow
over the active edges (OR-Tools, ``pairs.matching.flow``), prices every kept
edge against the flow's potentials, activates the most violated ones of each
mentee, and stops when no edge violates: the potentials then certify the
assignment optimal over every acceptable edge (LP duality), not only over the
active ones. ``solve`` is the dense reference it replaced (scipy's
linear_sum_assignment on an n × places matrix): exact too, kept for the tests
and the benchmark to check the sparse matcher against.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..enums import MatchingMode
from .flow import assign, potentials
from .graph import MIN_SCORE_TOLERANCE, THREADS, CandidateGraph, score_unit

# Violated edges a mentee gets activated per round of pricing.
PER_ROUND = 20
# In the first TRIM_ROUNDS rounds each mentee keeps only its KEEP_PER_ROW active
# edges of best reduced score (and its pair): the flow solver's work grows with
# the active edges, and most seeds turn out useless once prices are known.
# Later rounds only add, so the pricing ends.
KEEP_PER_ROW = 15
TRIM_ROUNDS = 3


@dataclass(frozen=True)
class Solution:
    """``mentor_of[i]``: the column (mentor index) mentee i is assigned to, −1
    when unpaired; ``total``: Σ score of the assigned edges, points;
    ``paired``: the number of mentees assigned; for the sparse matcher
    ``rounds`` of pricing, ``edges`` acceptable edges kept and ``active`` of
    them given to the flow solver by the end."""

    mentor_of: np.ndarray
    total: float
    paired: int
    rounds: int = 1
    edges: int = 0
    active: int = 0

    def mentees_of(self, j: int) -> list[int]:
        return [int(i) for i in np.flatnonzero(self.mentor_of == j)]


def acceptable(totals: np.ndarray, allowed: np.ndarray, min_score: float) -> np.ndarray:
    """Edges the matcher may use: allowed and scoring at least ``min_score``."""
    return allowed & (totals >= min_score - MIN_SCORE_TOLERANCE)


def solve(
    totals: np.ndarray,
    allowed: np.ndarray,
    slots,
    mode: str = MatchingMode.BEST_TOTAL,
    min_score: float = 0.0,
) -> Solution:
    """The optimal assignment of n mentees (rows) to m mentors (columns), dense:
    the reference ``solve_graph`` is checked against (memory n × places).

    ``totals``: scores n × m, points ≥ 0; ``allowed``: bool n × m; ``slots``:
    places per mentor (m,), ints ≥ 0; ``mode``: a MatchingMode; edges scoring
    below ``min_score`` are not used. Each mentee gets at most one mentor, each
    mentor at most ``slots[j]`` mentees. Exact; raises ValueError on shapes
    that do not agree or a cohort too large for exact integer costs.
    """
    totals = np.asarray(totals, dtype=float)
    allowed = np.asarray(allowed, dtype=bool)
    slots = np.asarray(slots, dtype=np.int64).reshape(-1)
    n, m = totals.shape
    if allowed.shape != (n, m) or slots.shape != (m,):
        raise ValueError("totals, allowed and slots do not agree")
    usable = acceptable(totals, allowed, min_score)
    if n == 0 or m == 0 or not usable.any():
        return Solution(mentor_of=np.full(n, -1, dtype=np.int64), total=0.0, paired=0)
    clipped = np.clip(totals, 0.0, None)
    max_score = float(clipped[usable].max())
    unit = score_unit(n, max_score)
    units = np.rint(clipped / unit)
    if mode == MatchingMode.MOST_PAIRED:
        bonus = n * float(units[usable].max()) + 1
        weight = units + bonus
    else:
        weight = units * (n + 1) + 1
    # A mentor needs no more columns than mentees who may take them.
    copies = np.minimum(np.maximum(slots, 0), usable.sum(axis=0))
    columns = np.repeat(np.arange(m), copies)
    cost = np.empty((n, len(columns) + n))
    cost[:, : len(columns)] = np.where(usable[:, columns], -weight[:, columns], np.inf)
    cost[:, len(columns):] = 0.0  # «stay unpaired»
    rows, cols = linear_sum_assignment(cost)
    mentor_of = np.full(n, -1, dtype=np.int64)
    real = cols < len(columns)
    mentor_of[rows[real]] = columns[cols[real]]
    paired = mentor_of >= 0
    total = float(totals[np.flatnonzero(paired), mentor_of[paired]].sum())
    return Solution(mentor_of=mentor_of, total=total, paired=int(paired.sum()))


def edge_weights(units: np.ndarray, n: int, max_units: int, mode: str) -> np.ndarray:
    """The lexicographic integer weights (module doc) of edges scoring ``units``
    (int64 array), for a cohort of n mentees whose best edge has ``max_units``."""
    units = np.asarray(units, dtype=np.int64)
    if mode == MatchingMode.MOST_PAIRED:
        return units + (n * max_units + 1)
    return units * (n + 1) + 1


def solve_graph(
    graph: CandidateGraph, slots, mode: str = MatchingMode.BEST_TOTAL, *,
    per_round: int = PER_ROUND, keep_per_row: int = KEEP_PER_ROW,
) -> Solution:
    """The optimal assignment over every acceptable edge of ``graph``
    (module doc); ``slots``: places per mentor (m,), ints ≥ 0. ``total`` is in
    points (units × unit). Raises flow.SolverError if the flow solver fails."""
    n, m = graph.n, graph.m
    slots = np.maximum(np.asarray(slots, dtype=np.int64).reshape(-1), 0)
    if slots.shape != (m,):
        raise ValueError("slots do not agree with the graph's mentors")
    mentor_of = np.full(n, -1, dtype=np.int64)
    if graph.edges == 0 or not slots.any():
        return Solution(mentor_of=mentor_of, total=0.0, paired=0, rounds=0, edges=graph.edges)
    rounds = 0
    while True:
        rounds += 1
        rows, cols, units = graph.active()
        weights = edge_weights(units, n, graph.max_units, mode)
        used = assign(n, m, rows, cols, weights, slots)
        if graph.active_edges == graph.edges:
            break  # every edge is in the flow: optimal as it is
        d_mentee, d_mentor = potentials(n, m, rows, cols, weights, used, slots)
        if rounds <= TRIM_ROUNDS and keep_per_row:
            _trim(graph, d_mentee, d_mentor, mode, keep_per_row, rows[used], cols[used])
        if not _activate_violated(graph, d_mentee, d_mentor, mode, per_round):
            break
    mentor_of[rows[used]] = cols[used]
    return Solution(
        mentor_of=mentor_of, total=float(units[used].sum()) * graph.unit,
        paired=int(used.sum()), rounds=rounds, edges=graph.edges, active=len(rows),
    )


def _reduced(graph: CandidateGraph, block, picked, d_mentee, d_mentor, mode) -> np.ndarray:
    """w_ij − (d_i − d_j) of the block's edges ``picked`` (> 0: violated)."""
    local = block.local_rows()[picked]
    slack = d_mentee[block.first + local] - d_mentor[block.mentors[picked]]
    return edge_weights(block.units[picked], graph.n, graph.max_units, mode) - slack


def _per_row_best(owner: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest ``score`` of each ``owner`` value."""
    order = np.lexsort((-score, owner))
    ranked = owner[order]
    rank = np.arange(len(order)) - np.searchsorted(ranked, ranked, side="left")
    return order[rank < k]


def _trim(graph: CandidateGraph, d_mentee, d_mentor, mode, keep: int, used_rows, used_cols) -> None:
    """Deactivate all but each mentee's ``keep`` active edges of best reduced
    score; the edges in use stay. Blocks in threads (graph.THREADS)."""

    def trim(block) -> None:
        active = np.flatnonzero(block.active)
        if not len(active):
            return
        reduced = _reduced(graph, block, active, d_mentee, d_mentor, mode)
        block.active[active] = False
        block.active[active[_per_row_best(block.local_rows()[active], reduced, keep)]] = True
        inside = (used_rows >= block.first) & (used_rows < block.first + block.size)
        keys = block.local_rows() * graph.m + block.mentors
        block.active[np.searchsorted(keys, (used_rows[inside] - block.first) * graph.m
                                     + used_cols[inside])] = True

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(trim, graph.blocks))


def _activate_violated(graph: CandidateGraph, d_mentee, d_mentor, mode, per_round: int) -> int:
    """Price every inactive edge: w_ij > d_i − d_j violates the certificate
    (flow doc). Activates the ``per_round`` most violated of each mentee;
    returns how many were activated (0: the assignment is optimal). Blocks
    are priced in threads (graph.THREADS)."""

    def price(block) -> int:
        # w_ij + d_j − d_i for the whole block, in place: this pass over every
        # kept edge is most of a round's work besides the flow
        counts = np.diff(block.indptr)
        excess = edge_weights(block.units, graph.n, graph.max_units, mode)
        excess += d_mentor[block.mentors]
        excess -= np.repeat(d_mentee[block.first:block.first + block.size], counts)
        violated = np.flatnonzero((excess > 0) & ~block.active)
        if not len(violated):
            return 0
        owner = np.searchsorted(block.indptr, violated, side="right") - 1
        chosen = violated[_per_row_best(owner, excess[violated], per_round)]
        block.active[chosen] = True
        return len(chosen)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return sum(pool.map(price, graph.blocks))
