"""The ranking of a closed contest (seed 002 items 10, 13): per nomination, per
criterion the mean of the scores of the jurors who scored it, times the
criterion's weight, summed into the total; places by the total with ties
broken and explained.

Pure computation (no database): ``rank_nominations`` takes the criteria and
the scores already read, so that the figures can be checked by hand.

Rules:
- a criterion's weighted score is ``mean × weight`` rounded to 2 places
  (ROUND_HALF_UP); the total is the exact sum of ``mean × weight`` rounded to
  2 places; a criterion nobody scored counts 0 (the closing says so);
- places by the total (descending); equal totals are ordered by the higher
  weighted score on the criterion with the largest weight, then the next
  (equal weights: in the criteria's order), …; nominations equal on all of it
  share the place, and the next place is skipped (1, 1, 3);
- ``tie_note`` (Russian, stored data like the orders' texts) says, for every
  nomination whose total equals another's, how the tie was decided.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")
MAX_NOTE = 500


@dataclass(frozen=True)
class CriterionInfo:
    """One criterion as the ranking needs it: pk, title, weight, position."""

    pk: int
    title: str
    weight: Decimal
    position: int = 0


@dataclass
class RankedNomination:
    """One nomination's figures: ``weighted`` maps a criterion pk to its weighted
    score (Decimal, 2 places), ``total`` (Decimal, 2 places), ``scores`` how many
    scores were counted, ``rank`` (1-based, shared on a full tie) and
    ``tie_note``."""

    pk: int
    label: str
    total: Decimal
    weighted: dict[int, Decimal]
    scores: int = 0
    rank: int = 0
    tie_note: str = ""
    _exact: Fraction = field(default=Fraction(0), repr=False)


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def fmt(value: Decimal) -> str:
    """«8,50»: a score as Russian documents print it."""
    return format(value.quantize(TWO_PLACES), "f").replace(".", ",")


def tie_break_order(criteria: list[CriterionInfo]) -> list[CriterionInfo]:
    """The criteria by weight (largest first), then by their order."""
    return sorted(criteria, key=lambda c: (-c.weight, c.position, c.pk))


def score_nomination(pk: int, label: str, criteria: list[CriterionInfo],
                     values: dict[int, list[int]]) -> RankedNomination:
    """The figures of one nomination from ``values`` (criterion pk → the
    jurors' scores of it)."""
    weighted, exact_total, counted = {}, Fraction(0), 0
    for criterion in criteria:
        scores = values.get(criterion.pk) or []
        counted += len(scores)
        mean = Fraction(sum(scores), len(scores)) if scores else Fraction(0)
        exact = mean * Fraction(criterion.weight)
        exact_total += exact
        weighted[criterion.pk] = _decimal(exact)
    return RankedNomination(pk=pk, label=label, total=_decimal(exact_total), weighted=weighted,
                            scores=counted, _exact=exact_total)


def _key(entry: RankedNomination, order: list[CriterionInfo]) -> tuple:
    return (entry.total, *(entry.weighted[c.pk] for c in order))


def rank_nominations(criteria: list[CriterionInfo],
                     entries: list[RankedNomination]) -> list[RankedNomination]:
    """Sort ``entries`` (from :func:`score_nomination`) by place, set ``rank``
    and ``tie_note``; returns the sorted list."""
    order = tie_break_order(criteria)
    ranked = sorted(entries, key=lambda e: (tuple(-v for v in _key(e, order)), e.pk))
    for index, entry in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        if previous is not None and _key(previous, order) == _key(entry, order):
            entry.rank = previous.rank
        else:
            entry.rank = index + 1
    for entry in ranked:
        others = [o for o in ranked if o is not entry and o.total == entry.total]
        entry.tie_note = _note(entry, others, order) if others else ""
    return ranked


def _note(entry: RankedNomination, others: list[RankedNomination],
          order: list[CriterionInfo]) -> str:
    parts = ["Итоговый балл {} равен баллу: {}.".format(
        fmt(entry.total), ", ".join(o.label for o in others))]
    for other in others:
        decisive = next((c for c in order if entry.weighted[c.pk] != other.weighted[c.pk]), None)
        if decisive is None:
            parts.append("С «{}» место {} разделено: равны баллы по всем критериям.".format(
                other.label, entry.rank))
            continue
        mine, theirs = entry.weighted[decisive.pk], other.weighted[decisive.pk]
        parts.append("{} «{}» по критерию «{}» (вес {}): {} против {}.".format(
            "Выше" if mine > theirs else "Ниже", other.label, decisive.title,
            fmt(decisive.weight), fmt(mine), fmt(theirs)))
    note = " ".join(parts)
    return note if len(note) <= MAX_NOTE else note[: MAX_NOTE - 1] + "…"
