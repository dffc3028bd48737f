"""The ranking of a contest, on an example computed by hand (seed 002 items 10, 13).

Criteria: A weight 3, B weight 2, C weight 1. Two jurors' scores:

    N1: A 8, 8 → 8 × 3 = 24;  B 6, 6 → 12;  C 4, 4 → 4   → 40,00
    N2: A 7, 7 → 21;          B 8, 8 → 16;  C 3, 3 → 3   → 40,00
    N3: A 9, 7 → 24;          B 6, 6 → 12;  C 4, 4 → 4   → 40,00
    N4: A 6, 5 → 16,50;       B 5, 4 → 9;   C 2, 3 → 2,5 → 28,00

N1, N2, N3 tie on 40,00. On A (the largest weight) N1 = N3 = 24 > N2 = 21: N2
is third. N1 and N3 are equal on A, B and C: they share the first place. N4 is
fourth. A mean that is not a whole number: N5 with A 7, 8, 8 (three jurors) →
7,6667 × 3 = 23,00; the total is the exact sum, rounded at the end.
"""

from decimal import Decimal

from reports.services.contest_ranking import CriterionInfo, rank_nominations, score_nomination

A = CriterionInfo(1, "Результаты наставляемых", Decimal("3"), 1)
B = CriterionInfo(2, "Методические материалы", Decimal("2"), 2)
C = CriterionInfo(3, "Отзывы наставляемых", Decimal("1"), 3)
CRITERIA = [C, A, B]  # the tie-break follows the weights, not this order


def _entry(pk, a, b, c):
    return score_nomination(pk, "N{}".format(pk), CRITERIA, {1: a, 2: b, 3: c})


def test_contest_ranking_known_example_with_shared_place_and_tie_notes():
    ranked = rank_nominations(CRITERIA, [
        _entry(1, [8, 8], [6, 6], [4, 4]),
        _entry(2, [7, 7], [8, 8], [3, 3]),
        _entry(3, [9, 7], [6, 6], [4, 4]),
        _entry(4, [6, 5], [5, 4], [2, 3]),
    ])
    assert [(r.pk, r.rank, r.total) for r in ranked] == [
        (1, 1, Decimal("40.00")), (3, 1, Decimal("40.00")), (2, 3, Decimal("40.00")),
        (4, 4, Decimal("28.00")),
    ]
    by_pk = {r.pk: r for r in ranked}
    assert by_pk[4].weighted == {1: Decimal("16.50"), 2: Decimal("9.00"), 3: Decimal("2.50")}
    assert by_pk[4].tie_note == ""
    assert by_pk[2].tie_note == (
        "Итоговый балл 40,00 равен баллу: N1, N3. "
        "Ниже «N1» по критерию «Результаты наставляемых» (вес 3,00): 21,00 против 24,00. "
        "Ниже «N3» по критерию «Результаты наставляемых» (вес 3,00): 21,00 против 24,00."
    )
    assert "С «N3» место 1 разделено: равны баллы по всем критериям." in by_pk[1].tie_note
    assert "Выше «N2» по критерию «Результаты наставляемых» (вес 3,00): 24,00 против 21,00." in by_pk[1].tie_note


def test_contest_ranking_tie_on_the_heaviest_criterion_goes_to_the_next():
    # equal totals (30) and equal on A (weight 3): B (weight 2) decides
    ranked = rank_nominations(CRITERIA, [
        _entry(1, [5], [6], [3]),   # 15 + 12 + 3 = 30
        _entry(2, [5], [7], [1]),   # 15 + 14 + 1 = 30
    ])
    assert [(r.pk, r.rank) for r in ranked] == [(2, 1), (1, 2)]
    assert "по критерию «Методические материалы» (вес 2,00): 14,00 против 12,00" in ranked[0].tie_note


def test_contest_ranking_means_of_the_jurors_who_scored_and_rounding():
    entry = score_nomination(5, "N5", CRITERIA, {1: [7, 8, 8], 2: [5], 3: []})
    # A: 23/3 × 3 = 23,00; B: 5 × 2 = 10,00; C: nobody scored → 0
    assert entry.weighted == {1: Decimal("23.00"), 2: Decimal("10.00"), 3: Decimal("0.00")}
    assert entry.total == Decimal("33.00")
    assert entry.scores == 4
    odd = score_nomination(6, "N6", [CriterionInfo(9, "X", Decimal("1.5"), 1)], {9: [7, 8, 8]})
    # 23/3 × 1,5 = 11,5 exactly
    assert odd.total == Decimal("11.50")
