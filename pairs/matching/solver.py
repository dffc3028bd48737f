"""The exact whole-cohort matcher (issue 4, item 2): the assignment of mentees to
mentors maximising the score under each mentor's places.

It is a maximum-weight b-matching on a bipartite graph, solved exactly as a
linear assignment (scipy.optimize.linear_sum_assignment, a shortest augmenting
path method): every mentor's column is repeated once per place, and every
mentee gets a «stay unpaired» column of cost 0; forbidden edges and edges
below the minimum score cost +inf (infeasible).

Two goals (``pairs.enums.MatchingMode``):

- BEST_TOTAL: maximise Σ score; among equal totals, pair more mentees;
- MOST_PAIRED: maximise the number of mentees paired with an acceptable mentor,
  then Σ score among those assignments.

Both are lexicographic objectives made into one weight per edge. Scores are
first rounded to integer units (``unit`` points, at most a micro-point) so that
every sum the solver forms is an integer below 2**53 and exact in float64;
rounding moves a total by at most n × unit / 2.

- BEST_TOTAL: weight = score_units × (n + 1) + 1 — one unit of score is worth
  more than any difference in the number of pairs (at most n);
- MOST_PAIRED: weight = score_units + BONUS, BONUS = n × max_units + 1 — one
  more pair is worth more than any difference of total scores (at most
  n × max_units).
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..enums import MatchingMode

# Scores within this of the minimum count as reaching it (float noise).
MIN_SCORE_TOLERANCE = 1e-9
# headroom below 2**53 for the sums and the potentials the solver forms
_EXACT_LIMIT = 2**50
_FINEST_UNIT = 1e-6


@dataclass(frozen=True)
class Solution:
    """``mentor_of[i]``: the column (mentor index) mentee i is assigned to, −1
    when unpaired; ``total``: Σ score of the assigned edges, points;
    ``paired``: the number of mentees assigned."""

    mentor_of: np.ndarray
    total: float
    paired: int

    def mentees_of(self, j: int) -> list[int]:
        return [int(i) for i in np.flatnonzero(self.mentor_of == j)]


def acceptable(totals: np.ndarray, allowed: np.ndarray, min_score: float) -> np.ndarray:
    """Edges the matcher may use: allowed and scoring at least ``min_score``."""
    return allowed & (totals >= min_score - MIN_SCORE_TOLERANCE)


def _unit(n: int, max_score: float) -> float:
    """The rounding unit of the scores: the finest power of ten (≤ a micro-point)
    keeping (n + 1) × (n + 2) × max_units below 2**50."""
    if max_score <= 0:
        return 1.0
    bound = _EXACT_LIMIT / ((n + 1) * (n + 2) * max_score)
    exponent = math.floor(math.log10(bound))
    return max(10.0 ** (-exponent), _FINEST_UNIT)


def solve(
    totals: np.ndarray,
    allowed: np.ndarray,
    slots,
    mode: str = MatchingMode.BEST_TOTAL,
    min_score: float = 0.0,
) -> Solution:
    """The optimal assignment of n mentees (rows) to m mentors (columns).

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
    unit = _unit(n, max_score)
    if unit > 1.0:
        raise ValueError("the cohort is too large for exact integer costs")
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
