"""The compatibility score (pairs/matching/scoring.py; issue 4 item 1): the
vectorised table against a straightforward per-pair implementation, each term's
rule, the hard exclusions and the explanations."""

import random

import numpy as np
import pytest

from pairs.matching.scoring import (
    TERMS,
    Block,
    FormRules,
    MenteeFacts,
    MentorFacts,
    Wishes,
    explain,
    match_keywords,
    normalize_specialty,
    score_table,
)
from pairs.models import DEFAULT_WEIGHTS

FORM = FormRules(
    name="педагог – педагог",
    mentor_categories=frozenset({"teacher"}),
    mentee_categories=frozenset({"teacher", "young_specialist"}),
)

# Themes of a college's requests and mentors' profiles: several share a 6-letter
# stem («олимпиада»/«олимпиадное», «программирование»/«программист»), some are
# multi-word, one is shorter than a stem.
KEYWORDS = [
    "подготовка к олимпиаде", "олимпиадное движение", "олимпиадные задачи", "спорт",
    "программирование", "программист 1с", "веб-программирование", "it",
    "проектная деятельность", "проекты для школьников", "трудоустройство",
    "профессиональное самоопределение", "чемпионат профессионалы", "подготовка к чемпионату",
    "электроснабжение", "электромонтаж", "сварка", "сварочные работы", "английский язык",
    "волонтерство", "волонтерская деятельность", "финансовая грамотность", "шахматы",
]
SPECIALTIES = ["", "13.02.07 Электроснабжение", "13.02.07 электроснабжение ",
               "09.02.07 Информационные системы и программирование", "Сварочное производство"]


def _mentee(pk, rng, **kw):
    defaults = dict(
        pk=pk, participant_id=1000 + pk, name=f"Наставляемый {pk}",
        category=rng.choice(["teacher", "young_specialist", "student"]),
        keywords=frozenset(rng.sample(KEYWORDS, rng.randint(0, 4))),
        age=rng.choice([None, 15, 16, 17, 19, 22, 30]),
        specialty=rng.choice(SPECIALTIES),
        consent_status=rng.choice(["given"] * 5 + ["missing", "representative_required"]),
    )
    defaults.update(kw)
    return MenteeFacts(**defaults)


def _mentor(pk, rng, **kw):
    low = rng.choice([None, 14, 16, 20])
    high = rng.choice([None, 17, 25]) if rng.random() < 0.7 else None
    defaults = dict(
        pk=pk, participant_id=2000 + pk, name=f"Наставник {pk}",
        category=rng.choice(["teacher"] * 4 + ["parent"]),
        keywords=frozenset(rng.sample(KEYWORDS, rng.randint(0, 5))),
        age_min=low, age_max=high,
        hours_per_month=rng.choice([None, 2, 4, 8, 12]),
        capacity=rng.randint(0, 4),
        specialty=rng.choice(SPECIALTIES),
        consent_status=rng.choice(["given"] * 6 + ["withdrawn"]),
        age=40,
    )
    defaults.update(kw)
    return MentorFacts(**defaults)


def _random_cohort(seed, n=25, m=12):
    rng = random.Random(seed)
    mentees = [_mentee(i, rng) for i in range(n)]
    mentors = [_mentor(j, rng) for j in range(m)]
    # one person is both a mentee and a mentor
    mentees[0] = _mentee(0, rng, category="teacher")
    mentors[0] = _mentor(0, rng, participant_id=mentees[0].participant_id, category="teacher")
    people = [p.participant_id for p in (*mentees, *mentors)]
    prefer = {tuple(rng.sample(people, 2)) for _ in range(2 * n)}
    avoid = {tuple(rng.sample(people, 2)) for _ in range(n // 2)}
    ties = {(rng.choice(mentors).participant_id, rng.choice(mentees).participant_id) for _ in range(4)}
    return mentees, mentors, Wishes(prefer=frozenset(prefer), avoid=frozenset(avoid)), ties


# --- the straightforward per-pair rule ------------------------------------------------------


def _reference_values(mentee, mentor, wishes):
    """Each term of one pair computed directly from the rules of the issue."""
    if mentee.keywords:
        exact, partial = match_keywords(mentee.keywords, mentor.keywords)
        requests = (len(exact) + 0.5 * len(partial)) / len(mentee.keywords)
    else:
        requests = 0.0
    preferences = 0.5 * ((mentee.participant_id, mentor.participant_id) in wishes.prefer) + 0.5 * (
        (mentor.participant_id, mentee.participant_id) in wishes.prefer
    )
    if mentor.age_min is None and mentor.age_max is None:
        age = 1.0
    elif mentee.age is None:
        age = 0.5
    else:
        d = 0
        if mentor.age_min is not None and mentee.age < mentor.age_min:
            d = mentor.age_min - mentee.age
        if mentor.age_max is not None and mentee.age > mentor.age_max:
            d = mentee.age - mentor.age_max
        age = max(0.0, 1 - d / 3)
    if mentor.hours_per_month is None:
        time = 0.5
    else:
        time = min(1.0, mentor.hours_per_month / max(mentor.capacity, 1) / 4)
    a, b = normalize_specialty(mentee.specialty), normalize_specialty(mentor.specialty)
    specialty = 1.0 if a and a == b else 0.0
    return {"requests": requests, "preferences": preferences, "age": age, "time": time,
            "specialty": specialty}


def _reference_block(mentee, mentor, wishes, ties):
    if mentor.category not in FORM.mentor_categories:
        return Block.MENTOR_CATEGORY
    if mentee.category not in FORM.mentee_categories:
        return Block.MENTEE_CATEGORY
    if mentee.participant_id == mentor.participant_id:
        return Block.SELF
    if mentee.consent_status != "given" or mentor.consent_status != "given":
        return Block.CONSENT
    if (mentor.participant_id, mentee.participant_id) in ties:
        return Block.PARENT
    if {(mentee.participant_id, mentor.participant_id), (mentor.participant_id, mentee.participant_id)} & (
        wishes.avoid
    ):
        return Block.NOT_WITH
    return Block.NONE


@pytest.mark.parametrize("seed", range(8))
def test_score_table_equals_the_per_pair_rule_on_random_cohorts(seed):
    mentees, mentors, wishes, ties = _random_cohort(seed)
    weights = {"requests": 40, "preferences": 25, "age": 15, "time": 12, "specialty": 8}

    table = score_table(mentees, mentors, weights, wishes, ties, form=FORM)

    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            expected = _reference_values(mentee, mentor, wishes)
            for term in TERMS:
                assert table.values[term][i, j] == pytest.approx(expected[term]), (term, i, j)
            assert table.totals[i, j] == pytest.approx(sum(weights[t] * expected[t] for t in TERMS))
            block = _reference_block(mentee, mentor, wishes, ties)
            assert table.blocks[i, j] == block, (i, j)
            assert table.allowed[i, j] == (block == Block.NONE)
    # the cohorts exercise every rule
    assert {Block(b) for b in np.unique(table.blocks)} >= {Block.NONE, Block.SELF, Block.CONSENT}
    assert (table.values["requests"] % 1 != 0).any()


def test_score_table_covers_every_block_over_the_random_cohorts():
    seen = set()
    for seed in range(8):
        mentees, mentors, wishes, ties = _random_cohort(seed)
        seen |= set(np.unique(score_table(mentees, mentors, DEFAULT_WEIGHTS, wishes, ties, form=FORM).blocks))
    assert seen == set(Block)


def test_score_table_of_an_empty_side_has_the_right_shape():
    rng = random.Random(1)
    table = score_table([], [_mentor(1, rng)], DEFAULT_WEIGHTS, form=FORM)
    assert table.totals.shape == table.allowed.shape == (0, 1)
    table = score_table([_mentee(1, rng)], [], DEFAULT_WEIGHTS, form=FORM)
    assert table.totals.shape == (1, 0)


# --- each term's rule ------------------------------------------------------------------------


def _one(mentee_kw=None, mentor_kw=None, wishes=Wishes(), ties=(), weights=DEFAULT_WEIGHTS):
    mentee = MenteeFacts(**{"pk": 1, "participant_id": 10, "name": "Новиков Никита",
                            "category": "young_specialist", **(mentee_kw or {})})
    mentor = MentorFacts(**{"pk": 2, "participant_id": 20, "name": "Белова Анна",
                            "category": "teacher", **(mentor_kw or {})})
    table = score_table([mentee], [mentor], weights, wishes, ties, form=FORM)
    return table, explain(table, 0, 0)


def _term(explanation, code):
    return next(t for t in explanation.terms if t.code == code)


def test_requests_count_exact_and_stem_matches_once_each():
    table, explanation = _one(
        {"keywords": frozenset({"подготовка к олимпиаде", "спорт", "шахматы", "it"})},
        {"keywords": frozenset({"олимпиадное движение", "олимпиадные задачи", "спорт"})},
    )
    # спорт exact, подготовка к олимпиаде partial (once, though two keywords share
    # «олимпи»), шахматы and it unmatched: (1 + 0.5) / 4
    assert table.values["requests"][0, 0] == pytest.approx(0.375)
    term = _term(explanation, "requests")
    assert term.points == pytest.approx(50 * 0.375)
    assert "Запрос «спорт» совпадает с «спорт»." in term.detail
    assert "Запрос «подготовка к олимпиаде» близок к «олимпиадное движение»." in term.detail


def test_requests_are_zero_without_requests():
    table, explanation = _one({"keywords": frozenset()}, {"keywords": frozenset({"спорт"})})
    assert table.values["requests"][0, 0] == 0
    assert _term(explanation, "requests").points == 0


@pytest.mark.parametrize(
    ("prefer", "value"),
    [(set(), 0.0), ({(10, 20)}, 0.5), ({(20, 10)}, 0.5), ({(10, 20), (20, 10)}, 1.0)],
)
def test_preferences_count_each_side_half(prefer, value):
    table, explanation = _one(wishes=Wishes(prefer=frozenset(prefer)))
    assert table.values["preferences"][0, 0] == value
    assert _term(explanation, "preferences").points == 20 * value


@pytest.mark.parametrize(
    ("age", "low", "high", "value"),
    [
        (15, 14, 16, 1.0),
        (15, None, None, 1.0),
        (None, None, None, 1.0),
        (None, 14, 16, 0.5),
        (17, 14, 16, 2 / 3),
        (12, 14, 16, 1 / 3),
        (20, 14, 16, 0.0),
        (30, 18, None, 1.0),
        (15, 18, None, 0.0),
        (18, None, 16, 1 / 3),
    ],
)
def test_age_follows_the_mentors_preferred_range(age, low, high, value):
    table, explanation = _one({"age": age}, {"age_min": low, "age_max": high})
    assert table.values["age"][0, 0] == pytest.approx(value)
    assert _term(explanation, "age").points == pytest.approx(10 * value)


@pytest.mark.parametrize(
    ("hours", "capacity", "value"),
    [(8, 2, 1.0), (4, 2, 0.5), (12, 1, 1.0), (2, 1, 0.5), (None, 2, 0.5), (6, 0, 1.0)],
)
def test_time_is_hours_per_place_against_four_a_month(hours, capacity, value):
    table, _explanation = _one(mentor_kw={"hours_per_month": hours, "capacity": capacity})
    assert table.values["time"][0, 0] == pytest.approx(value)


@pytest.mark.parametrize(
    ("mine", "theirs", "value"),
    [
        ("Электроснабжение", " электроснабжение ", 1.0),
        ("Сварочное производство", "сварочное  производство", 1.0),
        ("Монтёр пути", "монтер пути", 1.0),
        ("Электроснабжение", "Сварочное производство", 0.0),
        ("", "", 0.0),
    ],
)
def test_specialty_compares_normalised_names(mine, theirs, value):
    table, _explanation = _one({"specialty": mine}, {"specialty": theirs})
    assert table.values["specialty"][0, 0] == value


def test_weights_scale_the_terms_and_a_zero_weight_drops_one():
    weights = {"requests": 0, "preferences": 0, "age": 0, "time": 100, "specialty": 0}
    table, explanation = _one(mentor_kw={"hours_per_month": 2, "capacity": 1}, weights=weights)
    assert table.totals[0, 0] == 50
    assert explanation.total == 50
    assert [t.points for t in explanation.terms] == [0, 0, 0, 50, 0]


# --- hard rules and explanations -------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentee_kw", "mentor_kw", "wishes", "ties", "block", "names"),
    [
        ({}, {"category": "parent"}, Wishes(), (), Block.MENTOR_CATEGORY, ["Белова"]),
        ({"category": "student"}, {}, Wishes(), (), Block.MENTEE_CATEGORY, ["Новиков"]),
        ({"participant_id": 20}, {}, Wishes(), (), Block.SELF, ["Белова"]),
        ({"consent_status": "missing"}, {}, Wishes(), (), Block.CONSENT, ["Новиков"]),
        ({}, {"consent_status": "withdrawn"}, Wishes(), (), Block.CONSENT, ["Белова"]),
        ({}, {}, Wishes(), {(20, 10)}, Block.PARENT, ["Белова", "Новиков"]),
        ({}, {}, Wishes(avoid=frozenset({(10, 20)})), (), Block.NOT_WITH, ["Новиков", "Белова"]),
        ({}, {}, Wishes(avoid=frozenset({(20, 10)})), (), Block.NOT_WITH, ["Белова", "Новиков"]),
    ],
)
def test_forbidden_pairs_carry_a_code_and_a_sentence(mentee_kw, mentor_kw, wishes, ties, block, names):
    table, explanation = _one(mentee_kw, mentor_kw, wishes=wishes, ties=ties)

    assert not table.allowed[0, 0]
    assert table.blocks[0, 0] == block
    assert explanation.blocked_code == block.code
    assert explanation.blocked
    positions = [explanation.blocked.index(name) for name in names]
    assert positions == sorted(positions)


def test_a_child_may_mentor_the_parent_the_tie_is_one_way():
    table, explanation = _one(ties={(10, 20)})  # the mentee is the mentor's parent
    assert table.allowed[0, 0]
    assert explanation.blocked is None


def test_known_translations_of_the_block_sentences():
    _table, explanation = _one({"participant_id": 20})
    assert explanation.blocked == "Белова Анна не может быть наставником самому себе."
    _table, explanation = _one({"consent_status": "missing"})
    assert explanation.blocked == "Новиков Никита не дал(а) согласия на обработку персональных данных."


def test_explanation_terms_add_up_and_serialise():
    _table, explanation = _one(
        {"keywords": frozenset({"спорт"}), "age": 15, "specialty": "Сварка"},
        {"keywords": frozenset({"спорт"}), "age_min": 14, "age_max": 16, "hours_per_month": 8,
         "capacity": 2, "specialty": "сварка"},
        wishes=Wishes(prefer=frozenset({(10, 20)})),
    )

    assert explanation.total == pytest.approx(50 + 10 + 10 + 10 + 10)
    assert sum(t.points for t in explanation.terms) == pytest.approx(explanation.total)
    data = explanation.as_dict()
    assert data["total"] == 90.0
    assert [t["code"] for t in data["terms"]] == list(TERMS)
    assert set(data["terms"][0]) == {"code", "label", "weight", "value", "points", "detail"}
    assert explanation.blocked is None
