"""The compatibility score of mentor–mentee candidates, explainable term by term,
and the hard exclusions (issue 4, item 1; seed 000 stages 3–5, seed 002).

The score of a candidate pair is ``Σ weight_t × value_t`` points, each value in
[0, 1] and each weight in points (``pairs.models.DEFAULT_WEIGHTS`` or the
programme's ``MatchingWeights``):

- ``requests`` — how much of the mentee's requests (``MenteeRequest.text``
  split by ``participants.models.split_keywords``) the mentor's competencies
  and interests cover. A mentee keyword equal to a mentor keyword is an exact
  match (1); otherwise, when a word of ≥ STEM_LENGTH letters in it shares its
  first STEM_LENGTH letters with a word of a mentor keyword, a partial one
  (PARTIAL_VALUE): «подготовка к олимпиаде» ~ «олимпиадное движение» share
  «олимпи» — Russian inflects endings, so a common beginning is a cheap stem.
  Each mentee keyword counts once, by its best match; value = (exact +
  PARTIAL_VALUE × partial) / number of mentee keywords, 0 without requests;
- ``preferences`` — the questionnaire after the group meeting (seed 000 5.2):
  1 when both chose each other, 0.5 when one side chose the other, else 0;
- ``age`` — the mentor's preferred mentee age (seed 000 4.2): 1 inside the
  range or without a preference, 0.5 when the mentee's birth date is unknown,
  ``max(0, 1 − d / AGE_TOLERANCE_YEARS)`` when outside by d years;
- ``time`` — the mentor's hours a month per place, ``min(1, hours / capacity /
  HOURS_PER_MENTEE)`` (4 h a month ≈ a meeting every two weeks, seed 000 6.4),
  0.5 when unknown;
- ``specialty`` — 1 when both have the same specialty, else 0.

A pair is forbidden, not scored, when the form does not admit the mentor's or
the mentee's category, the mentor is the mentee, either has not consented to
the processing of personal data, the mentor is the mentee's parent (seed 002:
«родитель … (не своего ребёнка)») or either asked «not with» the other.

``score_table`` computes all of it for a whole cohort at once with numpy and
scipy.sparse (indicator matrices keyword × stem, no Python loop over the
pairs); ``explain`` turns one cell into the sentences a curator reads.
"""

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from scipy import sparse

from mentoring.enums import ParticipantCategory
from participants.enums import ConsentStatus
from participants.models import ADULT_AGE

# --- the rules' constants --------------------------------------------------------

STEM_LENGTH = 6
PARTIAL_VALUE = 0.5
AGE_TOLERANCE_YEARS = 3
HOURS_PER_MENTEE = 4
UNKNOWN_VALUE = 0.5

TERMS = ("requests", "preferences", "age", "time", "specialty")
TERM_LABELS = {
    "requests": gettext_lazy("Requests and the mentor's competencies and interests"),
    "preferences": gettext_lazy("Wishes after the group meeting"),
    "age": gettext_lazy("Preferred mentee age"),
    "time": gettext_lazy("Time available"),
    "specialty": gettext_lazy("Same specialty"),
}

_WORD = re.compile(r"\w+")


class Block(enum.IntEnum):
    """Why a pair is forbidden; when several rules apply, the smallest code is
    reported."""

    NONE = 0
    MENTOR_CATEGORY = 1
    MENTEE_CATEGORY = 2
    SELF = 3
    CONSENT = 4
    PARENT = 5
    NOT_WITH = 6

    @property
    def code(self) -> str:
        return self.name.lower()


# --- facts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormRules:
    """The categories a mentoring form admits (seed 000 §6, seed 002)."""

    name: str
    mentor_categories: frozenset[str]
    mentee_categories: frozenset[str]


@dataclass(frozen=True)
class MenteeFacts:
    """What the score needs to know about a mentee. ``keywords``: their requests
    split by ``split_keywords``; ``age``: full years today or None."""

    pk: int
    participant_id: int
    name: str
    category: str
    keywords: frozenset[str] = frozenset()
    age: int | None = None
    specialty: str = ""
    consent_status: str = ConsentStatus.GIVEN


@dataclass(frozen=True)
class MentorFacts:
    """What the score needs to know about a mentor. ``free``: places left
    (capacity − mentees of their open pairs); ``hours_per_month`` and the
    preferred ages may be None (not recorded)."""

    pk: int
    participant_id: int
    name: str
    category: str
    keywords: frozenset[str] = frozenset()
    age_min: int | None = None
    age_max: int | None = None
    hours_per_month: int | None = None
    capacity: int = 1
    free: int = 1
    specialty: str = ""
    consent_status: str = ConsentStatus.GIVEN
    age: int | None = None
    status: str = ""


@dataclass(frozen=True)
class Wishes:
    """Wishes as ``(participant_id, other_participant_id)``: ``prefer`` from the
    questionnaire after the group meeting, ``avoid`` the «not with» pairs."""

    prefer: frozenset[tuple[int, int]] = frozenset()
    avoid: frozenset[tuple[int, int]] = frozenset()


NO_WISHES = Wishes()


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """The score of every mentee (row i) with every mentor (column j).

    ``values[term]``: float arrays n × m in [0, 1]; ``totals``: points, n × m;
    ``allowed``: bool n × m; ``blocks``: int8 n × m of :class:`Block` codes.
    """

    mentees: tuple[MenteeFacts, ...]
    mentors: tuple[MentorFacts, ...]
    weights: dict[str, int]
    form: FormRules | None
    wishes: Wishes
    ties: frozenset[tuple[int, int]]
    values: dict[str, np.ndarray]
    totals: np.ndarray
    allowed: np.ndarray
    blocks: np.ndarray

    @property
    def max_points(self) -> int:
        """The score of a perfect candidate: the sum of the weights."""
        return sum(self.weights.get(t, 0) for t in TERMS)


@dataclass(frozen=True)
class Term:
    """One term of a score: ``points = weight × value``."""

    code: str
    label: str
    weight: int
    value: float
    points: float
    detail: str

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "weight": self.weight,
            "value": round(self.value, 4),
            "points": round(self.points, 2),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Explanation:
    """The score of one pair with its terms; ``blocked`` is the Russian sentence
    saying why the pair is forbidden (``blocked_code`` a :class:`Block` code
    name), None when the pair is allowed."""

    total: float
    terms: tuple[Term, ...] = field(default_factory=tuple)
    blocked: str | None = None
    blocked_code: str | None = None

    @property
    def allowed(self) -> bool:
        return self.blocked is None

    def as_dict(self) -> dict:
        """``{"total": float, "terms": [Term.as_dict()]}`` for ``Pair.score_detail``."""
        return {"total": round(self.total, 2), "terms": [t.as_dict() for t in self.terms]}


# --- the keyword rule, one pair at a time -------------------------------------------------


def stems(keyword: str) -> set[str]:
    """The first STEM_LENGTH letters of each word of ≥ STEM_LENGTH letters."""
    return {w[:STEM_LENGTH] for w in _WORD.findall(keyword) if len(w) >= STEM_LENGTH}


def match_keywords(mentee_keywords: Iterable[str], mentor_keywords: Iterable[str]):
    """Pair each mentee keyword with its best mentor keyword.

    Returns ``(exact, partial)``: lists of ``(mentee_keyword, mentor_keyword)``,
    sorted; a partial match is the first mentor keyword (alphabetically) sharing
    a stem. The straightforward rule that ``score_table`` vectorises.
    """
    mentor_keywords = sorted(set(mentor_keywords))
    mentor_stems = {k: stems(k) for k in mentor_keywords}
    exact, partial = [], []
    for wanted in sorted(set(mentee_keywords)):
        if wanted in mentor_stems:
            exact.append((wanted, wanted))
            continue
        wanted_stems = stems(wanted)
        for offered in mentor_keywords:
            if wanted_stems & mentor_stems[offered]:
                partial.append((wanted, offered))
                break
    return exact, partial


def normalize_specialty(text: str) -> str:
    return " ".join((text or "").split()).casefold().replace("ё", "е")


# --- the vectorised table ------------------------------------------------------------------


def score_table(
    mentees: Sequence[MenteeFacts],
    mentors: Sequence[MentorFacts],
    weights: Mapping[str, int],
    wishes: Wishes = NO_WISHES,
    ties: Iterable[tuple[int, int]] = (),
    *,
    form: FormRules | None = None,
) -> ScoreTable:
    """Score every mentee against every mentor.

    ``weights``: points per term (missing terms weigh 0); ``ties``: ``(parent
    participant id, child participant id)``; ``form``: the categories that may
    be paired (None: no category rule). Returns a :class:`ScoreTable`; memory
    and time grow with n × m, the Python work only with the number of keywords,
    wishes and ties.
    """
    mentees, mentors = tuple(mentees), tuple(mentors)
    ties = frozenset(ties)
    n, m = len(mentees), len(mentors)
    values = {
        "requests": _requests_values(mentees, mentors),
        "preferences": _preference_values(mentees, mentors, wishes),
        "age": _age_values(mentees, mentors),
        "time": np.broadcast_to(_time_values(mentors), (n, m)),
        "specialty": _specialty_values(mentees, mentors),
    }
    weights = {t: int(weights.get(t, 0)) for t in TERMS}
    totals = np.zeros((n, m))
    for term in TERMS:
        if weights[term]:
            totals += weights[term] * values[term]
    blocks = _blocks(mentees, mentors, wishes, ties, form)
    return ScoreTable(
        mentees=mentees, mentors=mentors, weights=weights, form=form, wishes=wishes, ties=ties,
        values=values, totals=totals, allowed=blocks == Block.NONE, blocks=blocks,
    )


def _requests_values(mentees, mentors) -> np.ndarray:
    """Coverage of each mentee's keywords by each mentor's, see the module doc.

    With A (mentee × keyword), B (keyword × mentor) and KS (keyword × stem)
    indicator matrices: exact = A·B; a keyword is covered by a mentor when it is
    theirs or shares a stem with theirs, H = B ∨ (KS·(KSᵀ·B) > 0); any = A·H.
    Computed as one product, A·((1 − PARTIAL_VALUE)·B + PARTIAL_VALUE·H).
    """
    n, m = len(mentees), len(mentors)
    vocabulary: dict[str, int] = {}
    for person in (*mentees, *mentors):
        for keyword in person.keywords:
            vocabulary.setdefault(keyword, len(vocabulary))
    if n == 0 or m == 0 or not vocabulary:
        return np.zeros((n, m))
    stem_index: dict[str, int] = {}
    ks_rows, ks_cols = [], []
    for keyword, k in vocabulary.items():
        for stem in stems(keyword):
            ks_rows.append(k)
            ks_cols.append(stem_index.setdefault(stem, len(stem_index)))
    size = len(vocabulary)
    a = _indicator([[vocabulary[w] for w in p.keywords] for p in mentees], size)  # n × K
    b = _indicator([[vocabulary[w] for w in p.keywords] for p in mentors], size).T.tocsr()  # K × m
    ks = sparse.csr_matrix(
        (np.ones(len(ks_rows), dtype=np.int32), (ks_rows, ks_cols)), shape=(size, len(stem_index))
    )
    mentor_stems = (ks.T @ b) > 0  # stem × mentor
    covered = ((ks.astype(np.int32) @ mentor_stems.astype(np.int32)) + b) > 0  # K × m
    # exact + PARTIAL_VALUE × (any − exact) = A·((1 − PARTIAL_VALUE)·B + PARTIAL_VALUE·covered):
    # one product and one dense n × m array
    value = (1 - PARTIAL_VALUE) * b.astype(float) + PARTIAL_VALUE * covered.astype(float)
    result = (a.astype(float) @ value).toarray()
    counts = np.array([len(p.keywords) for p in mentees], dtype=float)
    result /= np.maximum(counts, 1.0)[:, None]  # no requests: the row is 0 already
    return result


def _indicator(rows: list[list[int]], size: int) -> sparse.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((k for r in rows for k in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.int32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), size))


def _index(people) -> dict[int, int]:
    return {p.participant_id: i for i, p in enumerate(people)}


def _pair_cells(pairs, first: dict[int, int], second: dict[int, int]):
    """Row and column indices of ``(a, b)`` participant pairs with a in ``first``
    and b in ``second``."""
    cells = [(first[a], second[b]) for a, b in pairs if a in first and b in second]
    if not cells:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rows, cols = zip(*cells, strict=True)
    return np.array(rows), np.array(cols)


def _preference_values(mentees, mentors, wishes: Wishes) -> np.ndarray:
    mentee_at, mentor_at = _index(mentees), _index(mentors)
    chosen_by_mentee = np.zeros((len(mentees), len(mentors)), dtype=bool)
    chosen_by_mentor = np.zeros_like(chosen_by_mentee)
    rows, cols = _pair_cells(wishes.prefer, mentee_at, mentor_at)
    chosen_by_mentee[rows, cols] = True
    cols, rows = _pair_cells(wishes.prefer, mentor_at, mentee_at)
    chosen_by_mentor[rows, cols] = True
    return 0.5 * chosen_by_mentee + 0.5 * chosen_by_mentor


def _optional(values) -> tuple[np.ndarray, np.ndarray]:
    """Values (None → 0) and a mask of the known ones."""
    known = np.array([v is not None for v in values], dtype=bool)
    return np.array([v if v is not None else 0 for v in values], dtype=float), known


def _age_values(mentees, mentors) -> np.ndarray:
    """An unknown bound is one far out of any age, so only known ones count."""
    far = 1000.0
    age, age_known = _optional([p.age for p in mentees])
    low, has_low = _optional([p.age_min for p in mentors])
    high, has_high = _optional([p.age_max for p in mentors])
    low = np.where(has_low, low, -far)
    high = np.where(has_high, high, far)
    outside = np.maximum(low[None, :] - age[:, None], age[:, None] - high[None, :])
    result = np.clip(1.0 - outside / AGE_TOLERANCE_YEARS, 0.0, 1.0)  # inside the range: 1
    no_preference = ~has_low & ~has_high
    result[~age_known] = np.where(no_preference, 1.0, UNKNOWN_VALUE)
    return result


def _time_values(mentors) -> np.ndarray:
    hours, known = _optional([p.hours_per_month for p in mentors])
    places = np.array([max(p.capacity, 1) for p in mentors], dtype=float)
    return np.where(known, np.minimum(1.0, hours / places / HOURS_PER_MENTEE), UNKNOWN_VALUE)


def _specialty_values(mentees, mentors) -> np.ndarray:
    codes: dict[str, int] = {"": 0}
    mentee_codes = np.array(
        [codes.setdefault(normalize_specialty(p.specialty), len(codes)) for p in mentees], dtype=int
    )
    mentor_codes = np.array(
        [codes.setdefault(normalize_specialty(p.specialty), len(codes)) for p in mentors], dtype=int
    )
    same = (mentee_codes[:, None] == mentor_codes[None, :]) & (mentee_codes[:, None] > 0)
    return same.astype(float)


def _blocks(mentees, mentors, wishes: Wishes, ties, form: FormRules | None) -> np.ndarray:
    n, m = len(mentees), len(mentors)
    masks: dict[Block, np.ndarray] = {}
    if form is not None:
        mentor_out = np.array([p.category not in form.mentor_categories for p in mentors], dtype=bool)
        mentee_out = np.array([p.category not in form.mentee_categories for p in mentees], dtype=bool)
        masks[Block.MENTOR_CATEGORY] = np.broadcast_to(mentor_out[None, :], (n, m))
        masks[Block.MENTEE_CATEGORY] = np.broadcast_to(mentee_out[:, None], (n, m))
    mentee_pid = np.array([p.participant_id for p in mentees], dtype=np.int64)
    mentor_pid = np.array([p.participant_id for p in mentors], dtype=np.int64)
    masks[Block.SELF] = mentee_pid[:, None] == mentor_pid[None, :]
    mentee_ok = np.array([p.consent_status == ConsentStatus.GIVEN for p in mentees], dtype=bool)
    mentor_ok = np.array([p.consent_status == ConsentStatus.GIVEN for p in mentors], dtype=bool)
    masks[Block.CONSENT] = ~(mentee_ok[:, None] & mentor_ok[None, :])
    mentee_at, mentor_at = _index(mentees), _index(mentors)
    parent = np.zeros((n, m), dtype=bool)
    cols, rows = _pair_cells(ties, mentor_at, mentee_at)
    parent[rows, cols] = True
    masks[Block.PARENT] = parent
    avoid = np.zeros((n, m), dtype=bool)
    rows, cols = _pair_cells(wishes.avoid, mentee_at, mentor_at)
    avoid[rows, cols] = True
    cols, rows = _pair_cells(wishes.avoid, mentor_at, mentee_at)
    avoid[rows, cols] = True
    masks[Block.NOT_WITH] = avoid
    blocks = np.zeros((n, m), dtype=np.int8)
    for code in sorted(masks, reverse=True):  # the smallest code is written last and wins
        blocks[masks[code]] = code
    return blocks


# --- explanations ----------------------------------------------------------------------------


def explain(table: ScoreTable, i: int, j: int) -> Explanation:
    """The score of mentee ``i`` with mentor ``j`` of ``table``, term by term,
    with the reason the pair is forbidden, if it is."""
    mentee, mentor = table.mentees[i], table.mentors[j]
    details = {
        "requests": _requests_detail(mentee, mentor),
        "preferences": _preferences_detail(mentee, mentor, table.wishes),
        "age": _age_detail(mentee, mentor),
        "time": _time_detail(mentor),
        "specialty": _specialty_detail(mentee, mentor),
    }
    terms = []
    for code in TERMS:
        value = float(table.values[code][i, j])
        weight = table.weights[code]
        terms.append(Term(
            code=code, label=str(TERM_LABELS[code]), weight=weight, value=value,
            points=weight * value, detail=details[code],
        ))
    block = Block(int(table.blocks[i, j]))
    blocked = None if block == Block.NONE else block_sentence(block, mentee, mentor, table)
    return Explanation(
        total=float(table.totals[i, j]), terms=tuple(terms), blocked=blocked,
        blocked_code=None if block == Block.NONE else block.code,
    )


def _requests_detail(mentee: MenteeFacts, mentor: MentorFacts) -> str:
    if not mentee.keywords:
        return _("The mentee has no requests recorded.")
    exact, partial = match_keywords(mentee.keywords, mentor.keywords)
    sentences = [
        _("Request «%(request)s» matches «%(keyword)s».") % {"request": w, "keyword": o}
        for w, o in exact
    ] + [
        _("Request «%(request)s» is close to «%(keyword)s».") % {"request": w, "keyword": o}
        for w, o in partial
    ]
    unmatched = sorted(mentee.keywords - {w for w, _o in exact + partial})
    if not sentences:
        return _("No shared interests with the mentee's requests.")
    if unmatched:
        sentences.append(
            _("Not covered: %(requests)s.") % {"requests": ", ".join(f"«{w}»" for w in unmatched)}
        )
    return " ".join(sentences)


def _preferences_detail(mentee: MenteeFacts, mentor: MentorFacts, wishes: Wishes) -> str:
    by_mentee = (mentee.participant_id, mentor.participant_id) in wishes.prefer
    by_mentor = (mentor.participant_id, mentee.participant_id) in wishes.prefer
    if by_mentee and by_mentor:
        return _("They chose each other after the group meeting.")
    if by_mentee:
        return _("The mentee chose this mentor after the group meeting.")
    if by_mentor:
        return _("The mentor chose this mentee after the group meeting.")
    return _("Neither chose the other after the group meeting.")


def age_range(low: int | None, high: int | None) -> str:
    """«14–16», «from 14», «up to 16»."""
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return _("from %(age)d") % {"age": low}
    return _("up to %(age)d") % {"age": high}


def _age_detail(mentee: MenteeFacts, mentor: MentorFacts) -> str:
    if mentor.age_min is None and mentor.age_max is None:
        return _("The mentor has no preferred mentee age.")
    ages = age_range(mentor.age_min, mentor.age_max)
    if mentee.age is None:
        return _("Preferred age %(range)s; the mentee's birth date is unknown.") % {"range": ages}
    outside = max(
        (mentor.age_min - mentee.age) if mentor.age_min is not None else 0,
        (mentee.age - mentor.age_max) if mentor.age_max is not None else 0,
        0,
    )
    if not outside:
        return _("Preferred age %(range)s, the mentee is %(age)d.") % {"range": ages, "age": mentee.age}
    return ngettext(
        "Preferred age %(range)s, the mentee is %(age)d: %(years)d year outside.",
        "Preferred age %(range)s, the mentee is %(age)d: %(years)d years outside.",
        outside,
    ) % {"range": ages, "age": mentee.age, "years": outside}


def _time_detail(mentor: MentorFacts) -> str:
    if mentor.hours_per_month is None:
        return _("The mentor's time available is not recorded.")
    places = max(mentor.capacity, 1)
    per = mentor.hours_per_month / places
    return ngettext(
        "%(hours)d h a month for %(capacity)d mentee, %(per)s h each (4 h a month is a meeting "
        "every two weeks).",
        "%(hours)d h a month for %(capacity)d mentees, %(per)s h each (4 h a month is a meeting "
        "every two weeks).",
        places,
    ) % {"hours": mentor.hours_per_month, "capacity": places, "per": f"{per:.3g}".replace(".", ",")}


def _specialty_detail(mentee: MenteeFacts, mentor: MentorFacts) -> str:
    if not normalize_specialty(mentee.specialty) or not normalize_specialty(mentor.specialty):
        return _("The specialty of one of them is not recorded.")
    if normalize_specialty(mentee.specialty) == normalize_specialty(mentor.specialty):
        return _("Same specialty: %(specialty)s.") % {"specialty": mentee.specialty.strip()}
    return _("Different specialties: %(mentor)s and %(mentee)s.") % {
        "mentor": mentor.specialty.strip(), "mentee": mentee.specialty.strip(),
    }


def consent_sentence(name: str, consent_status: str, age: int | None) -> str:
    """Why a person without the consent cannot be paired (a minor needs the
    legal representative's)."""
    minor = age is not None and age < ADULT_AGE
    if minor or consent_status == ConsentStatus.REPRESENTATIVE_REQUIRED:
        return _(
            "%(name)s is a minor: the legal representative's consent to the processing of "
            "personal data is not on record."
        ) % {"name": name}
    return _("%(name)s has not consented to the processing of personal data.") % {"name": name}


def parent_sentence(parent: str, child: str) -> str:
    return _("%(parent)s is a parent of %(child)s: a parent never mentors their own child.") % {
        "parent": parent, "child": child,
    }


def not_with_sentence(who: str, other: str) -> str:
    return _("«Not with»: %(who)s asked not to be paired with %(other)s.") % {
        "who": who, "other": other,
    }


def _category_label(category: str) -> str:
    try:
        return str(ParticipantCategory(category).label)
    except ValueError:
        return category


def block_sentence(block: Block, mentee: MenteeFacts, mentor: MentorFacts, table: ScoreTable) -> str:
    """The Russian sentence for a forbidden pair."""
    form_name = table.form.name if table.form is not None else ""
    if block == Block.MENTOR_CATEGORY:
        return _("The form «%(form)s» does not admit %(name)s (%(category)s) as a mentor.") % {
            "form": form_name, "name": mentor.name, "category": _category_label(mentor.category),
        }
    if block == Block.MENTEE_CATEGORY:
        return _("The form «%(form)s» does not admit %(name)s (%(category)s) as a mentee.") % {
            "form": form_name, "name": mentee.name, "category": _category_label(mentee.category),
        }
    if block == Block.SELF:
        return _("%(name)s cannot be their own mentor.") % {"name": mentor.name}
    if block == Block.CONSENT:
        if mentor.consent_status != ConsentStatus.GIVEN:
            return consent_sentence(mentor.name, mentor.consent_status, mentor.age)
        return consent_sentence(mentee.name, mentee.consent_status, mentee.age)
    if block == Block.PARENT:
        return parent_sentence(mentor.name, mentee.name)
    if (mentee.participant_id, mentor.participant_id) in table.wishes.avoid:
        return not_with_sentence(mentee.name, mentor.name)
    return not_with_sentence(mentor.name, mentee.name)
