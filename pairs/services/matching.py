"""The curator's matching: weights of the score, the whole-cohort run, the draft
she edits (lock, swap, add by hand), the mentees left without a mentor
(issue 4, items 1–3; seed 000 5.1–5.5).

A run replaces the organisation's unlocked draft pairs of one form and kind with
the optimal assignment of the cohort (pairs.matching.solver); locked drafts,
drafts the director returned with a comment (the curator revises them by hand)
and proposed, approved and active pairs keep their places. Every write is audited.
"""

import time
from collections import Counter
from collections.abc import Callable

import numpy as np
from auditlog.context import disable_auditlog
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.models import AcademicYear, MentoringForm, MentoringKind, Organization, Programme
from mentoring.services import log_action
from participants.enums import ConsentStatus, MenteeStatus, MentorStatus
from participants.models import Mentee, Mentor

from ..enums import (
    OPEN_STATUSES,
    MatchingMode,
    MatchingRunStatus,
    MatchingStep,
    PairStatus,
    UnpairedReason,
)
from ..errors import PairError
from ..matching.cohort import (
    MATCHABLE_MENTOR_STATUSES,
    Cohort,
    cohort_mentees,
    form_rules,
    load_cohort,
    load_weights,
    pair_facts,
)
from ..matching.graph import CandidateGraph, build_graph
from ..matching.scoring import (
    Block,
    Explanation,
    ScoreTable,
    block_sentence,
    consent_sentence,
    explain,
    score_table,
)
from ..matching.solver import Solution, solve_graph
from ..models import (
    DEFAULT_WEIGHTS,
    MatchingRun,
    MatchingWeights,
    Meeting,
    MentorInvitation,
    Pair,
    PairStatusChange,
    PersonalPlan,
)
from ..selectors import with_open_mentee_count
from .formation import check_actor_forms, check_programme, create_pair, lock_pairs

MAX_WEIGHT = 100
# How many forbidden mentors an «excluded» sentence names before «and N more».
EXCLUDED_NAMED = 5
# Draft pairs explained term by term at once (their mentees × their mentors).
EXPLAIN_CHUNK = 500

# The steps of a run (MatchingStep), in order, with the share of the progress
# bar each ends at (``match_cohort``'s ``progress(percent, step)``).
STEPS = {
    MatchingStep.LOADING: 10, MatchingStep.SCORING: 60, MatchingStep.SOLVING: 85,
    MatchingStep.WRITING: 100,
}
Progress = Callable[[int, str], None]


def _no_progress(_percent: int, _step: str) -> None:
    return None


def _step_progress(progress: Progress, step: str):
    """``report(share)`` for a step: its share 0…1 as a percent of the bar."""
    names = list(STEPS)
    start = STEPS[names[names.index(step) - 1]] if names.index(step) else 0

    def report(share: float) -> None:
        progress(round(start + (STEPS[step] - start) * min(max(share, 0.0), 1.0)), step)

    return report


# --- weights --------------------------------------------------------------------------------


def weights_for(programme: Programme | None) -> dict[str, int]:
    """The score's weights in points ({"requests", "preferences", "age", "time",
    "specialty"}): the programme's MatchingWeights, DEFAULT_WEIGHTS when the
    programme is None or has none."""
    return load_weights(programme)


def save_weights(programme: Programme, data: dict[str, int], *, actor) -> MatchingWeights:
    """Set the programme's weights: whole numbers 0…100, at least one above 0;
    missing keys keep their current value. Raises PairError on an unknown key,
    a bad value, all zeros or an actor who is not the curator. Audited as
    ``pairs.matching.weights``."""
    check_actor_forms(actor, programme.organization)
    unknown = sorted(set(data) - set(DEFAULT_WEIGHTS))
    if unknown:
        raise PairError(_("Unknown weights: %(names)s.") % {"names": ", ".join(unknown)})
    weights = weights_for(programme)
    for name in DEFAULT_WEIGHTS:
        value = data.get(name, weights[name])
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            raise PairError(
                _("Each weight is a whole number of points from 0 to %(max)d.") % {"max": MAX_WEIGHT}
            )
        weights[name] = value
    if not any(weights.values()):
        raise PairError(_("At least one weight must be above zero."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        saved, _created = MatchingWeights.objects.update_or_create(
            programme=programme, defaults={**weights, "updated_by": user}
        )
        log_action(
            "pairs.matching.weights", actor=actor, organization=programme.organization,
            obj=saved, data=weights,
        )
    return saved


# --- explanations of single pairs ------------------------------------------------------------


def _table_for(mentors, mentees, form: MentoringForm, programme) -> ScoreTable:
    mentor_rows, mentee_rows, wishes, ties = pair_facts(mentors, mentees)
    return score_table(
        mentee_rows, mentor_rows, weights_for(programme), wishes, ties, form=form_rules(form)
    )


def explain_pair(
    *, mentor: Mentor, mentee: Mentee, form: MentoringForm, programme: Programme | None = None
) -> Explanation:
    """The compatibility score of ``mentor`` with ``mentee`` in ``form`` term by
    term, with the programme's weights; ``Explanation.blocked`` says why the
    pair is forbidden (None when allowed). At most six queries."""
    return explain(_table_for([mentor], [mentee], form, programme), 0, 0)


def _detail(table: ScoreTable, cells) -> tuple[float, dict]:
    """``Pair.score`` and ``Pair.score_detail`` of the mentees ``cells`` = [(i, j)]."""
    detail = {}
    for i, j in cells:
        detail[str(table.mentees[i].pk)] = explain(table, i, j).as_dict()
    return round(sum(float(table.totals[i, j]) for i, j in cells), 2), detail


def add_pair_by_hand(
    *,
    organization: Organization,
    form: MentoringForm,
    kind: MentoringKind,
    mentor: Mentor,
    mentees,
    programme: Programme | None = None,
    actor,
) -> Pair:
    """A pair (or group) the curator decides herself (seed 000 5.5, a directive
    assignment): ``formation.create_pair`` with every check it makes, plus the
    score and its terms; the pair is locked, so a rerun keeps it."""
    mentees = list({m.pk: m for m in mentees}.values())
    with transaction.atomic():
        pair = create_pair(
            organization=organization, form=form, kind=kind, mentor=mentor, mentees=mentees,
            actor=actor, programme=programme,
        )
        members = list(pair.mentees.select_related("participant").order_by("pk"))
        table = _table_for([pair.mentor], members, form, programme)
        pair.score, pair.score_detail = _detail(table, [(i, 0) for i in range(len(members))])
        pair.locked = True
        pair.save(update_fields=["score", "score_detail", "locked"])
    return pair


# --- editing the draft ------------------------------------------------------------------------


def set_locked(pair: Pair, locked: bool, *, actor) -> Pair:
    """Lock a draft pair (a rerun of the matcher keeps it) or unlock it (a rerun
    may replace it). Raises PairError for a pair that is not a draft or an actor
    who is not the curator. Audited as ``pairs.pair.locked`` / ``unlocked``."""
    with transaction.atomic():
        (pair,) = lock_pairs([pair])
        check_actor_forms(actor, pair.organization)
        if pair.status != PairStatus.DRAFT:
            raise PairError(_("Only a draft pair can be locked or unlocked."))
        if pair.locked != bool(locked):
            pair.locked = bool(locked)
            pair.save(update_fields=["locked"])
            log_action(
                "pairs.pair.locked" if locked else "pairs.pair.unlocked",
                actor=actor, organization=pair.organization, obj=pair,
            )
    return pair


def swap_mentees(pair_a: Pair, pair_b: Pair, *, actor) -> tuple[Pair, Pair]:
    """Two one-mentee draft pairs of the same form exchange their mentees; the
    mentors stay. The hard rules are checked again for the new pairs, the scores
    recomputed, and both pairs become locked. Raises PairError when the pairs are
    the same, not drafts, of different organisations or forms, have the same
    mentor or more than one mentee, a new pair is forbidden, or the actor is not
    the curator. Audited as ``pairs.pair.swapped``."""
    if pair_a.pk == pair_b.pk:
        raise PairError(_("Choose two different pairs."))
    with transaction.atomic():
        a, b = lock_pairs([pair_a, pair_b])
        check_actor_forms(actor, a.organization)
        if a.status != PairStatus.DRAFT or b.status != PairStatus.DRAFT:
            raise PairError(_("Only draft pairs can exchange mentees."))
        if a.form_id != b.form_id:
            raise PairError(_("Only pairs of the same form can exchange mentees."))
        if a.mentor_id == b.mentor_id:
            raise PairError(_("Both pairs have the same mentor: there is nothing to exchange."))
        members_a = list(a.mentees.select_related("participant"))
        members_b = list(b.mentees.select_related("participant"))
        if len(members_a) != 1 or len(members_b) != 1:
            raise PairError(_("Only pairs of one mentor and one mentee can exchange mentees."))
        (mentee_a,), (mentee_b,) = members_a, members_b
        table = _table_for([a.mentor, b.mentor], [mentee_b, mentee_a], a.form, a.programme)
        for i, j in ((0, 0), (1, 1)):
            blocked = explain(table, i, j).blocked
            if blocked is not None:
                raise PairError(blocked)
        a.mentees.set([mentee_b])
        b.mentees.set([mentee_a])
        for pair, cell in ((a, (0, 0)), (b, (1, 1))):
            pair.score, pair.score_detail = _detail(table, [cell])
            pair.locked = True
            pair.save(update_fields=["score", "score_detail", "locked"])
        log_action(
            "pairs.pair.swapped", actor=actor, organization=a.organization, obj=a,
            data={"pairs": [a.pk, b.pk], "mentees": [mentee_b.pk, mentee_a.pk]},
        )
    return a, b


# --- the run -----------------------------------------------------------------------------------


def run_matching(
    *,
    organization: Organization,
    form: MentoringForm,
    kind: MentoringKind,
    programme: Programme | None = None,
    mode: str = MatchingMode.BEST_TOTAL,
    min_score: float = 0.0,
    actor,
) -> MatchingRun:
    """Match the whole cohort of ``organization`` for ``form`` and ``kind`` here
    and now, and replace the unlocked drafts of that form and kind with the
    result (the curator's button queues the same work for the worker:
    ``pairs.services.matching_runs.request_matching``).

    Checks the settings (:func:`check_run_settings`), then in one transaction
    takes the cohort's locks (:func:`lock_cohort`), stores a MatchingRun and
    fills it (:func:`match_cohort`). Returns the run, status DONE. Raises
    PairError when the actor is not the curator, the programme does not fit, or
    the mode or minimum score is not valid.
    """
    mode, min_score = check_run_settings(
        organization=organization, form=form, programme=programme, mode=mode,
        min_score=min_score, actor=actor,
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        lock_cohort(organization)
        # DONE from the start: the row is seen only once the transaction that
        # fills it commits (and it must not count as a queued or running run).
        run = MatchingRun.objects.create(
            organization=organization, programme=programme, form=form, kind=kind, mode=mode,
            min_score=min_score, weights=weights_for(programme), created_by=user,
            status=MatchingRunStatus.DONE, started_at=timezone.now(),
        )
        match_cohort(run, actor=actor)
    return run


def check_run_settings(
    *, organization, form, programme, mode, min_score, actor
) -> tuple[MatchingMode, float]:
    """``(mode, min_score)`` cleaned; PairError for an unknown mode, a negative
    minimum score, an actor who is not the curator or a programme that does not
    fit the organisation and form."""
    try:
        mode = MatchingMode(mode)
    except ValueError:
        raise PairError(_("Unknown matching goal.")) from None
    if min_score is None or not min_score >= 0:
        raise PairError(_("The minimum score cannot be negative."))
    check_actor_forms(actor, organization)
    check_programme(programme, organization, form)
    return mode, float(min_score)


# Namespace of the PostgreSQL advisory lock a run of the matcher holds: the
# first key of ``pg_advisory_xact_lock(int, int)``, the organisation's pk the second.
MATCHING_LOCK_NAMESPACE = 4_013


def lock_cohort(organization: Organization) -> None:
    """Serialise the runs of the matcher of one organisation; call inside a
    transaction, the locks are held until it ends.

    On PostgreSQL a transaction-level advisory lock per organisation makes two
    runs (two curators, two deliveries of one job) replace the drafts one after
    the other, the second seeing the first's pairs; SQLite serialises writers
    anyway. Then the organisation's mentor rows are locked, so a pair made by
    hand at the same time (``formation.create_pair`` locks its mentor) waits and
    no mentor is overfilled, no mentee paired twice.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [MATCHING_LOCK_NAMESPACE, organization.pk]
            )
    list(
        Mentor.objects.select_for_update(of=("self",))
        .filter(participant__organization=organization)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def match_cohort(run: MatchingRun, *, actor, progress: Progress | None = None) -> MatchingRun:
    """Fill ``run`` (saved, its settings set): call inside a transaction after
    :func:`lock_cohort`.

    Deletes the unlocked DRAFT pairs of the run's form and kind (their mentees
    return to the cohort); loads the cohort (``pairs.matching.cohort``: mentees
    in the base of the form's categories not in an open pair; approved or
    trained mentors with consent and a free place); scores it with the run's
    weights in blocks, keeping only the acceptable edges
    (``pairs.matching.graph``); solves exactly over them (the run's
    MatchingMode; pairs scoring below its minimum score are not made;
    ``solver.solve_graph``); creates the draft pairs in bulk — a group kind
    (max_group_size > 1) gives each mentor at most one new group of up to
    max_group_size, a one-to-one kind one pair per mentee up to the mentor's
    free places — with their scores and terms; stores the figures and the
    mentees left out with their reasons (seed 000 5.5) on the run, status DONE.
    ``progress(percent, step)`` is told each step (``STEPS``: loading, scoring,
    solving, writing). A bounded number of queries whatever the cohort's size.
    Audited as ``pairs.matching.run``.
    """
    started = time.perf_counter()
    progress = progress or _no_progress
    progress(0, "loading")
    organization, form, kind = run.organization, run.form, run.kind
    user = actor if getattr(actor, "is_authenticated", False) else None
    replaced = _delete_unlocked_drafts(organization, form, kind)
    locked_count = _kept_drafts(organization, form, kind).count()
    cohort = load_cohort(organization, form)
    progress(STEPS["loading"], "scoring")
    graph = build_graph(
        cohort.mentees, cohort.mentors, run.weights, cohort.wishes, cohort.ties,
        form=cohort.form, min_score=run.min_score, progress=_step_progress(progress, "scoring"),
    )
    progress(STEPS["scoring"], "solving")
    group = kind.max_group_size > 1
    slots = [min(m.free, kind.max_group_size) if group else m.free for m in cohort.mentors]
    solution = solve_graph(graph, slots, MatchingMode(run.mode))
    progress(STEPS["solving"], "writing")
    unpaired = _unpaired(cohort, graph, solution, run.min_score, run.weights)
    total = _create_pairs(run, cohort, solution, group=group, actor=user)
    run.mentees_count = len(cohort.mentees) + len(cohort.no_consent)
    run.mentors_count, run.locked_count = len(cohort.mentors), locked_count
    run.paired_count, run.total_score = solution.paired, round(total, 2)
    run.unpaired, run.status, run.error = unpaired, MatchingRunStatus.DONE, ""
    run.finished_at = timezone.now()
    run.duration_ms = round((time.perf_counter() - started) * 1000)
    run.save(update_fields=RESULT_FIELDS)
    log_action(
        "pairs.matching.run", actor=actor, organization=organization, obj=run,
        data={
            "form": form.code, "kind": kind.code, "mode": run.mode, "min_score": run.min_score,
            "weights": run.weights, "mentees": run.mentees_count, "mentors": run.mentors_count,
            "paired": run.paired_count, "total_score": run.total_score,
            "unpaired": len(unpaired), "locked_kept": locked_count,
            "drafts_replaced": replaced, "candidates_left_out": cohort.candidates,
            "edges": solution.edges, "edges_solved": solution.active, "rounds": solution.rounds,
        },
    )
    progress(100, "writing")
    return run


RESULT_FIELDS = [
    "mentees_count", "mentors_count", "locked_count", "paired_count", "total_score", "unpaired",
    "status", "error", "finished_at", "duration_ms",
]


def _kept_drafts(organization, form, kind):
    """Drafts of this form and kind a run keeps: locked ones and those the director
    returned with a comment (deleting them would lose the comment)."""
    return Pair.objects.filter(
        Q(locked=True) | ~Q(return_comment=""),
        organization=organization, form=form, kind=kind, status=PairStatus.DRAFT,
    )


def _delete_unlocked_drafts(organization, form, kind) -> int:
    """Delete the drafts of this form and kind a run does not keep
    (:func:`_kept_drafts`); their mentees go back to «in the base». Returns the
    number of pairs deleted."""
    drafts = Pair.objects.filter(
        organization=organization, form=form, kind=kind, status=PairStatus.DRAFT
    ).exclude(pk__in=_kept_drafts(organization, form, kind).values("pk"))
    freed = list(
        Pair.mentees.through.objects.filter(pair__in=drafts).values_list("mentee_id", flat=True)
    )
    # a bulk replacement like the bulk_create below: the run's audit event
    # (pairs.matching.run) stands for it, not one trail entry per draft
    with disable_auditlog():
        deleted = _bulk_delete_drafts(drafts)
    if freed:
        Mentee.objects.filter(pk__in=freed, status=MenteeStatus.PAIRED).exclude(
            pairs__status__in=OPEN_STATUSES
        ).update(status=MenteeStatus.IN_BASE)
    return deleted


# What points at a pair, and what a draft's bulk deletion does with it.
DRAFT_RELATIONS = {
    Pair.mentees.through: "delete", PairStatusChange: "delete", MentorInvitation: "unlink",
    Meeting: "none expected", PersonalPlan: "none expected",
}


def _bulk_delete_drafts(drafts) -> int:
    """Delete the draft pairs ``drafts`` (a queryset) in a fixed number of
    queries whatever their number — Django's collector loads every pair and
    deletes them a hundred at a time. Their memberships and status changes go
    by subquery, invitations that formed them lose the link (SET_NULL, as the
    collector does), then the pairs go in one DELETE. Drafts with meetings or
    a plan (the portal makes none) go through the collector. Returns the
    number of pairs deleted. The only receiver of a pair's deletion is the
    audit log's, which the caller switches off."""
    if (Meeting.objects.filter(pair__in=drafts).exists()
            or PersonalPlan.objects.filter(pair__in=drafts).exists()):
        return drafts.delete()[1].get(Pair._meta.label, 0)
    MentorInvitation.objects.filter(pair__in=drafts).update(pair=None)
    for model in (Pair.mentees.through, PairStatusChange):
        # a raw DELETE … WHERE pair_id IN (subquery): nothing points at these rows
        model.objects.filter(pair__in=drafts)._raw_delete(drafts.db)
    return drafts._raw_delete(drafts.db)


def _create_pairs(
    run: MatchingRun, cohort: Cohort, solution: Solution, *, group: bool, actor
) -> float:
    """Bulk-create the solution's draft pairs, their members and the mentees'
    «paired» status: three queries (SQLite splits large bulk inserts). Returns
    the total score of the pairs, points."""
    year = AcademicYear.current()
    members: dict[int, list[int]] = {}
    for i in np.flatnonzero(solution.mentor_of >= 0):
        members.setdefault(int(solution.mentor_of[i]), []).append(int(i))
    if group:
        groups = [(j, rows) for j, rows in members.items()]
    else:
        groups = [(j, [i]) for j, rows in members.items() for i in rows]
    pairs = []
    for (j, _rows), (score, detail) in zip(groups, _scored(cohort, run.weights, groups), strict=True):
        pairs.append(Pair(
            organization_id=run.organization_id, programme_id=run.programme_id,
            academic_year=year, form_id=run.form_id, kind_id=run.kind_id,
            mentor_id=cohort.mentors[j].pk, status=PairStatus.DRAFT, created_by=actor,
            score=score, score_detail=detail, matching_run=run,
        ))
    if not pairs:
        return 0.0
    Pair.objects.bulk_create(pairs)
    through = Pair.mentees.through
    through.objects.bulk_create([
        through(pair_id=pair.pk, mentee_id=cohort.mentees[i].pk)
        for pair, (_j, rows) in zip(pairs, groups, strict=True)
        for i in rows
    ])
    Mentee.objects.filter(
        pk__in=through.objects.filter(pair__matching_run=run).values("mentee_id")
    ).update(status=MenteeStatus.PAIRED)
    return sum(pair.score for pair in pairs)


def _scored(cohort: Cohort, weights, groups) -> list[tuple[float, dict]]:
    """(``Pair.score``, ``Pair.score_detail``) of each group [(mentor column,
    [mentee rows])]: the terms of each member, scored EXPLAIN_CHUNK members at
    a time against their own mentors only (never the whole cohort)."""
    cells = [(g, i, j) for g, (j, rows) in enumerate(groups) for i in rows]
    scores = [0.0] * len(groups)
    details: list[dict] = [{} for _ in groups]
    for start in range(0, len(cells), EXPLAIN_CHUNK):
        chunk = cells[start:start + EXPLAIN_CHUNK]
        rows = sorted({i for _g, i, _j in chunk})
        cols = sorted({j for _g, _i, j in chunk})
        table = score_table(
            [cohort.mentees[i] for i in rows], [cohort.mentors[j] for j in cols], weights,
            cohort.wishes, cohort.ties, form=cohort.form,
        )
        row_at = {i: k for k, i in enumerate(rows)}
        col_at = {j: k for k, j in enumerate(cols)}
        for g, i, j in chunk:
            explanation = explain(table, row_at[i], col_at[j])
            details[g][str(cohort.mentees[i].pk)] = explanation.as_dict()
            scores[g] += explanation.total
    return [(round(score, 2), detail) for score, detail in zip(scores, details, strict=True)]


def _points(value: float) -> str:
    return number_format(round(value, 1), 1)


def _unpaired(
    cohort: Cohort, graph: CandidateGraph, solution: Solution, min_score: float, weights
) -> list[dict]:
    """[{"mentee": pk, "reason": UnpairedReason, "detail": Russian sentence}] for
    every mentee of the cohort left without a mentor, by name."""
    rows = [
        (m, UnpairedReason.NO_CONSENT, consent_sentence(m.name, m.consent_status, m.age))
        for m in cohort.no_consent
    ]
    for i in np.flatnonzero(solution.mentor_of < 0):
        mentee = cohort.mentees[i]
        rows.append((mentee, *_why_unpaired(cohort, graph, int(i), min_score, weights)))
    rows.sort(key=lambda r: (r[0].name.lower(), r[0].pk))
    return [{"mentee": m.pk, "reason": reason.value, "detail": detail} for m, reason, detail in rows]


def _why_unpaired(cohort: Cohort, graph: CandidateGraph, i: int, min_score: float, weights):
    form = cohort.form.name
    if not cohort.mentors:
        if cohort.full_mentors:
            return UnpairedReason.CAPACITY, _(
                "No free places are left with the approved mentors of the form «%(form)s» "
                "(%(count)d)."
            ) % {"count": cohort.full_mentors, "form": form}
        detail = _("No approved mentor with consent is in the base for the form «%(form)s».") % {
            "form": form
        }
        if cohort.candidates:
            detail += " " + ngettext(
                "%(count)d candidate is not yet approved as a mentor by order.",
                "%(count)d candidates are not yet approved as mentors by order.",
                cohort.candidates,
            ) % {"count": cohort.candidates}
        return UnpairedReason.NO_ALLOWED_MENTOR, detail
    if not graph.allowed_count[i]:
        return UnpairedReason.EXCLUDED, _excluded(cohort, i, weights)
    best = cohort.mentors[int(graph.best[i])]
    score = float(graph.best_total[i])
    if not graph.usable_count[i]:
        return UnpairedReason.BELOW_MIN_SCORE, _(
            "The best allowed mentor, %(name)s, scores %(score)s points; the minimum is %(min)s."
        ) % {"name": best.name, "score": _points(score), "min": _points(min_score)}
    count = int(graph.usable_count[i])
    return UnpairedReason.CAPACITY, ngettext(
        "%(count)d acceptable mentor (the best: %(name)s, %(score)s points) has no place left "
        "for this mentee.",
        "%(count)d acceptable mentors (the best: %(name)s, %(score)s points) have no places "
        "left for this mentee.",
        count,
    ) % {"count": count, "name": best.name, "score": _points(score)}


def _excluded(cohort: Cohort, i: int, weights) -> str:
    """«Every mentor of the form is excluded: …», naming the first
    EXCLUDED_NAMED mentors' reasons (scored for this mentee only)."""
    mentee, named = cohort.mentees[i], cohort.mentors[:EXCLUDED_NAMED]
    table = score_table([mentee], named, weights, cohort.wishes, cohort.ties, form=cohort.form)
    sentences = [
        block_sentence(Block(int(table.blocks[0, j])), mentee, mentor, table)
        for j, mentor in enumerate(named)
    ]
    detail = _("Every mentor of the form is excluded:") + " " + " ".join(sentences)
    rest = len(cohort.mentors) - len(named)
    if rest > 0:
        detail += " " + ngettext("And %(count)d more.", "And %(count)d more.", rest) % {
            "count": rest
        }
    return detail


# --- reading runs --------------------------------------------------------------------------------


def latest_run(organization: Organization, form: MentoringForm) -> MatchingRun | None:
    """The organisation's last finished (DONE) run of the matcher for ``form``, or None."""
    return (
        MatchingRun.objects.filter(
            organization=organization, form=form, status=MatchingRunStatus.DONE
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def unpaired_rows(run: MatchingRun) -> list[dict]:
    """``run.unpaired`` with the mentees loaded (participant selected) in one
    query: [{"mentee": Mentee, "reason": str, "reason_label": str, "detail": str}],
    in the run's order; mentees deleted since are skipped."""
    entries = run.unpaired or []
    mentees = Mentee.objects.select_related("participant").in_bulk(
        [entry["mentee"] for entry in entries]
    )
    rows = []
    for entry in entries:
        mentee = mentees.get(entry["mentee"])
        if mentee is None:
            continue
        try:
            label = str(UnpairedReason(entry["reason"]).label)
        except ValueError:
            label = entry["reason"]
        rows.append(
            {"mentee": mentee, "reason": entry["reason"], "reason_label": label, "detail": entry["detail"]}
        )
    return rows


def cohort_counts(organization: Organization, form: MentoringForm) -> dict[str, int]:
    """Who a run would look at, for the workspace to say so before running:
    ``mentees`` (in the base, admitted by the form, not in an open pair; with
    ``mentees_without_consent`` of them), ``mentors`` (approved or trained, with
    consent and a free place), ``mentors_full`` (no free place), ``candidates``
    (not yet approved by order, left out, seed 000 4.1), ``mentors_without_consent``.
    Two queries."""
    mentees = Counter(
        cohort_mentees(organization, form).values_list("participant__consent_status", flat=True)
    )
    counts = {
        "mentees": sum(mentees.values()),
        "mentees_without_consent": sum(v for k, v in mentees.items() if k != ConsentStatus.GIVEN),
        "mentors": 0, "mentors_full": 0, "candidates": 0, "mentors_without_consent": 0,
    }
    rows = with_open_mentee_count(
        Mentor.objects.filter(
            participant__organization=organization,
            participant__category__in=form.mentor_categories,
        )
    ).values_list("status", "participant__consent_status", "free_capacity")
    for status, consent, free in rows:
        if status not in MATCHABLE_MENTOR_STATUSES:
            counts["candidates"] += status == MentorStatus.CANDIDATE
        elif consent != ConsentStatus.GIVEN:
            counts["mentors_without_consent"] += 1
        elif free <= 0:
            counts["mentors_full"] += 1
        else:
            counts["mentors"] += 1
    return counts
