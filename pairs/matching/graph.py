"""The candidate graph of a cohort (issue 15): every acceptable mentor–mentee
edge and nothing else, scored in blocks of mentees so that no n × m array of
the score's terms is ever held (``pairs.matching.solver.solve_graph`` solves
it exactly).

A block of mentee rows is scored against every mentor with
``pairs.matching.scoring.score_table`` (about ``BLOCK_CELLS`` cells at a time);
of its cells only the acceptable edges are kept — allowed by the form's
category rule and the exclusions (consent, self, parent, «not with») and
scoring at least the minimum score — as the mentor's column (int16, or int32
past 32,767 mentors) and the score in integer units of ``unit`` points
(int32): six bytes an edge. Rounding to the unit moves a total by at most
n × unit / 2 points (``solver.score_unit``).

A few edges of each mentee start *active*, the ones the solver sees first; it
activates more where its optimality certificate asks (pricing):

- the ``K_RELATIVE`` best relative to each mentor's average score over a
  sample of mentees: a mentor everyone likes is in demand, so the optimum often
  sends a mentee to the mentor it likes more than the others do;
- the ``K_BEST`` best of the mentee's row (none by default: at 10,000 × 3,000
  the relative ones alone make the flow solver's rounds shorter);
- every mentor's ``L_COLUMN`` best mentees, so that every mentor is reachable.

Blocks are scored in ``THREADS`` threads; the result does not depend on which
finishes first.

Per mentee the graph also keeps what the curator's «why without a mentor»
needs: how many mentors are allowed and acceptable, and the best allowed one.
"""

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from .scoring import TERMS, FormRules, MenteeFacts, MentorFacts, ScoreTable, Wishes, score_table

# Cells scored at once (a block of mentees × every mentor): ~60 MB of arrays.
BLOCK_CELLS = 1_000_000
K_BEST = 0
K_RELATIVE = 20
L_COLUMN = 20
# Blocks scored at once, in threads (numpy releases the GIL for the array work):
# one per core, at most two — a worker process may run other jobs beside.
THREADS = max(1, min(2, os.cpu_count() or 1))
# Mentees whose rows estimate each mentor's average score (a fixed sample).
SAMPLE_ROWS = 400
# Scores within this of the minimum count as reaching it (float noise).
MIN_SCORE_TOLERANCE = 1e-9
# headroom below 2**53 for the sums the solvers form
_EXACT_LIMIT = 2**50
_FINEST_UNIT = 1e-6

Progress = Callable[[float], None]


def score_unit(n: int, max_score: float) -> float:
    """The rounding unit of the scores, points: the finest power of ten (at most
    a micro-point) keeping (n + 1) × (n + 2) × max_score / unit below 2**50, so
    that every weighted sum the solvers form is an exact integer. Raises
    ValueError when even a whole point is too fine (a cohort of tens of
    millions)."""
    if max_score <= 0:
        return 1.0
    bound = _EXACT_LIMIT / ((n + 1) * (n + 2) * max_score)
    unit = max(10.0 ** (-np.floor(np.log10(bound))), _FINEST_UNIT)
    if unit > 1.0:
        raise ValueError("the cohort is too large for exact integer costs")
    return float(unit)


@dataclass
class EdgeBlock:
    """The kept edges of mentee rows ``first`` … ``first + rows − 1``: those of
    row r are ``indptr[r]:indptr[r + 1]``, mentors ascending."""

    first: int
    indptr: np.ndarray
    mentors: np.ndarray
    units: np.ndarray
    active: np.ndarray

    @property
    def size(self) -> int:
        return len(self.indptr) - 1

    def local_rows(self) -> np.ndarray:
        """The block-local row of every edge (int64, len = edges)."""
        return np.repeat(np.arange(self.size), np.diff(self.indptr))


@dataclass
class CandidateGraph:
    """A cohort's acceptable edges (see the module). ``n`` mentees (rows), ``m``
    mentors (columns); scores in units of ``unit`` points, the largest kept
    ``max_units``. Per mentee: ``allowed_count`` and ``usable_count`` mentors
    (allowed; allowed and reaching the minimum score), ``best`` (the best
    allowed mentor's column, −1 without one) and ``best_total`` (its score,
    points)."""

    n: int
    m: int
    unit: float
    max_units: int = 0
    blocks: list[EdgeBlock] = field(default_factory=list)
    allowed_count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    usable_count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    best: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    best_total: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def edges(self) -> int:
        """Acceptable edges kept."""
        return sum(len(b.units) for b in self.blocks)

    @property
    def active_edges(self) -> int:
        return sum(int(b.active.sum()) for b in self.blocks)

    def active(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The active edges as (rows, columns, units), int64 arrays in row order."""
        rows, cols, units = [], [], []
        for block in self.blocks:
            picked = np.flatnonzero(block.active)
            rows.append(block.first + block.local_rows()[picked])
            cols.append(block.mentors[picked].astype(np.int64))
            units.append(block.units[picked].astype(np.int64))
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(units)


def build_graph(
    mentees: Sequence[MenteeFacts],
    mentors: Sequence[MentorFacts],
    weights: Mapping[str, int],
    wishes: Wishes,
    ties,
    *,
    form: FormRules | None,
    min_score: float = 0.0,
    progress: Progress | None = None,
    block_cells: int = BLOCK_CELLS,
    seeds: tuple[int, int, int] = (K_BEST, K_RELATIVE, L_COLUMN),
) -> CandidateGraph:
    """Score ``mentees`` × ``mentors`` in blocks and keep the acceptable edges
    (module doc). ``weights``: points per term; ``ties``: (parent participant
    id, child participant id); ``min_score``: points; ``progress`` is called
    with the share of mentees scored (0…1); ``seeds``: (K_BEST, K_RELATIVE,
    L_COLUMN). Memory: six bytes an acceptable edge plus one block."""
    mentees, mentors = tuple(mentees), tuple(mentors)

    def scored(rows) -> ScoreTable:
        return score_table([mentees[i] for i in rows], mentors, weights, wishes, ties, form=form)

    max_score = float(sum(max(int(weights.get(t, 0)), 0) for t in TERMS))
    return _build(
        len(mentees), len(mentors), max_score, scored, min_score=min_score, progress=progress,
        block_rows=max(1, block_cells // max(len(mentors), 1)), seeds=seeds,
    )


def graph_from_arrays(
    totals: np.ndarray, allowed: np.ndarray, min_score: float = 0.0, *,
    block_rows: int = 64, seeds: tuple[int, int, int] = (K_BEST, K_RELATIVE, L_COLUMN),
) -> CandidateGraph:
    """The candidate graph of given scores: ``totals`` (n × m, points ≥ 0) and
    ``allowed`` (bool n × m) — for the tests and the benchmark, which compare
    the sparse matcher with the dense one on the same arrays."""
    totals, allowed = np.asarray(totals, dtype=float), np.asarray(allowed, dtype=bool)

    def scored(rows) -> SimpleNamespace:
        return SimpleNamespace(totals=totals[rows], allowed=allowed[rows])

    n, m = totals.shape
    max_score = float(totals.max()) if totals.size else 0.0
    return _build(n, m, max_score, scored, min_score=min_score, block_rows=block_rows, seeds=seeds)


def _build(n, m, max_score, scored, *, min_score, block_rows, seeds, progress=None) -> CandidateGraph:
    graph = CandidateGraph(
        n=n, m=m, unit=score_unit(n, max_score),
        allowed_count=np.zeros(n, dtype=np.int32), usable_count=np.zeros(n, dtype=np.int32),
        best=np.full(n, -1, dtype=np.int32), best_total=np.zeros(n),
    )
    if n == 0 or m == 0:
        return graph
    k_best, k_relative, l_column = seeds
    sample = np.unique(np.linspace(0, n - 1, num=min(n, SAMPLE_ROWS)).round().astype(int))
    units = _usable_units(scored(sample), graph.unit, min_score)
    kept = units >= 0
    average = np.where(kept, units, 0).sum(axis=0) / np.maximum(kept.sum(axis=0), 1)
    columns = _ColumnBest(m, l_column)
    lock = threading.Lock()
    done = [0]

    def one(first: int):
        table = scored(np.arange(first, min(n, first + block_rows)))
        block, offer = _keep(graph, first, table, min_score, average, (k_best, k_relative), columns, lock)
        with lock:
            done[0] += block.size
            if progress is not None:
                progress(done[0] / n)
        return block, offer

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        kept = list(pool.map(one, range(0, n, block_rows)))  # map keeps the order
    graph.blocks = [block for block, _offer in kept]
    for _block, offer in kept:  # in block order, whichever thread finished first: ties alike
        columns.merge(*offer)
    columns.activate(graph)
    return graph


def _usable_units(table, unit: float, min_score: float) -> np.ndarray:
    """Score units of a table's cells, −1 where the edge is not acceptable."""
    usable = table.allowed & (table.totals >= min_score - MIN_SCORE_TOLERANCE)
    units = np.rint(np.clip(table.totals, 0.0, None) / unit).astype(np.int64)
    return np.where(usable, units, -1)


def _top(values: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Indices of the k largest along ``axis`` (all when there are fewer)."""
    size = values.shape[axis]
    if k >= size:
        shape = [1, 1]
        shape[axis] = size
        return np.broadcast_to(np.arange(size).reshape(shape), values.shape)
    part = np.argpartition(-values, k - 1, axis=axis)
    return part[:k] if axis == 0 else part[:, :k]


def _keep(graph, first, table, min_score, average, row_seeds, columns, lock):
    """(One block's acceptable edges with its row seeds active, its own best
    mentees of each mentor); its row facts are stored in ``graph`` (rows of
    its own; the largest score, shared, under ``lock``)."""
    units = _usable_units(table, graph.unit, min_score)
    size, m = units.shape
    rows = np.arange(first, first + size)
    allowed_totals = np.where(table.allowed, table.totals, -np.inf)
    best = np.argmax(allowed_totals, axis=1)
    graph.allowed_count[rows] = np.count_nonzero(table.allowed, axis=1)
    has_allowed = graph.allowed_count[rows] > 0
    graph.best[rows] = np.where(has_allowed, best, -1)
    graph.best_total[rows] = np.where(has_allowed, allowed_totals[np.arange(size), best], 0.0)
    del table, allowed_totals
    usable = units >= 0
    graph.usable_count[rows] = np.count_nonzero(usable, axis=1)
    seed = np.zeros(units.shape, dtype=bool)
    k_best, k_relative = row_seeds
    line = np.arange(size)[:, None]
    if k_best:
        seed[line, _top(units, k_best, axis=1)] = True
    if k_relative:
        relative = np.where(usable, units - average[None, :], -np.inf)
        seed[line, _top(relative, k_relative, axis=1)] = True
        del relative
    offer = columns.best_of(rows, units)
    kept = np.flatnonzero(usable)  # row-major: by row, then mentor
    local, cols = np.divmod(kept, m)
    values = units.ravel()[kept]
    with lock:
        if len(values):
            graph.max_units = max(graph.max_units, int(values.max()))
    indptr = np.zeros(size + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.count_nonzero(usable, axis=1))
    block = EdgeBlock(
        first=first, indptr=indptr,
        mentors=cols.astype(np.int16 if m <= np.iinfo(np.int16).max else np.int32),
        units=values.astype(np.int32), active=seed.ravel()[kept],
    )
    return block, offer


class _ColumnBest:
    """Every mentor's ``k`` best mentees so far, over the blocks."""

    def __init__(self, m: int, k: int):
        self.k = k
        self.rows = np.zeros((0, m), dtype=np.int64)
        self.units = np.zeros((0, m), dtype=np.int64)

    def best_of(self, rows: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A block's own k best of each mentor: (rows, units), k × m."""
        local = _top(units, self.k, axis=0)[: max(self.k, 0)]
        return rows[local], np.take_along_axis(units, local, axis=0)

    def merge(self, rows: np.ndarray, units: np.ndarray) -> None:
        if self.k <= 0:
            return
        all_rows = np.concatenate([self.rows, rows])
        all_units = np.concatenate([self.units, units])
        keep = _top(all_units, self.k, axis=0)
        self.rows = np.take_along_axis(all_rows, keep, axis=0)
        self.units = np.take_along_axis(all_units, keep, axis=0)

    def activate(self, graph: CandidateGraph) -> None:
        """Mark the kept (acceptable) column bests active in their blocks."""
        picked = self.units >= 0
        rows = self.rows[picked]
        cols = np.broadcast_to(np.arange(graph.m), self.rows.shape)[picked]
        for block in graph.blocks:
            inside = (rows >= block.first) & (rows < block.first + block.size)
            if not inside.any():
                continue
            # edges of a block are sorted by (row, mentor): find each by its key
            keys = block.local_rows() * graph.m + block.mentors
            wanted = (rows[inside] - block.first) * graph.m + cols[inside]
            block.active[np.searchsorted(keys, wanted)] = True
