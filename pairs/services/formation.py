"""Forming pairs and groups: mentor suggestions, drafts, submission to the director
(seed 000 stage 5, 5.1–5.6; DESIGN.md "Pair lifecycle")."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.enums import ParticipantCategory, Role
from mentoring.models import AcademicYear, MentoringForm, MentoringKind, Organization, Programme
from mentoring.selectors import roles_of
from mentoring.services import log_action
from participants.enums import MenteeStatus, MentorStatus
from participants.models import FamilyTie, Mentee, Mentor, Participant

from ..enums import OPEN_STATUSES, Attitude, PairStatus
from ..errors import PairError
from ..matching.cohort import (
    form_rules,
    load_ties,
    load_weights,
    load_wishes,
    mentee_facts,
    mentor_facts,
)
from ..matching.scoring import (
    Explanation,
    consent_sentence,
    explain,
    match_keywords,
    not_with_sentence,
    parent_sentence,
    score_table,
)
from ..models import MatchingPreference, Pair
from ..selectors import mentors_for_pairing
from .lifecycle import set_pair_status, sync_mentee_statuses

# --- Suggestions ----------------------------------------------------------------
#
# Mentors for one mentee, ranked by the compatibility score of pairs.matching
# (requests against competencies and interests, wishes after the group meeting,
# preferred age, time, specialty; see pairs/matching/scoring.py), each with the
# score's terms as reasons. Forbidden pairs (self, parent and child, «not with»,
# consent, the form's categories) are never suggested.


@dataclass
class Suggestion:
    """One ranked mentor for a mentee.

    ``score``: the compatibility score, points (0 … the sum of the weights);
    ``shared``: the mentor's keywords matching the mentee's requests;
    ``free_capacity``: free places (≥ 1); ``reasons``: Russian sentences, one per
    term of the score, then the places and the mentor's status;
    ``explanation``: the score term by term (pairs.matching.scoring.Explanation).
    """

    mentor: Mentor
    score: float
    shared: list[str] = field(default_factory=list)
    free_capacity: int = 0
    reasons: list[str] = field(default_factory=list)
    explanation: Explanation | None = None


def suggestion_problem(mentee: Mentee, *, form: MentoringForm) -> str | None:
    """Why no mentor can be suggested for ``mentee`` in ``form`` (a Russian
    sentence), or None when suggestions are possible."""
    category = mentee.participant.category
    if category not in form.mentee_categories:
        return _(
            "The form «%(form)s» does not admit a %(category)s as a mentee; choose another form."
        ) % {"form": form.name, "category": ParticipantCategory(category).label}
    if not mentee.participant.may_be_paired:
        return _consent_message(mentee.participant)
    if mentee.pairs.filter(status__in=OPEN_STATUSES).exists():
        return _(
            "%(name)s is already in an open pair or group; end or delete it before looking "
            "for another mentor."
        ) % {"name": mentee.participant.full_name}
    return None


def suggest_mentors(
    mentee: Mentee, *, form: MentoringForm, limit: int = 10, programme: Programme | None = None
) -> list[Suggestion]:
    """Mentors ranked for ``mentee`` in ``form`` by the compatibility score with
    the programme's weights (DEFAULT_WEIGHTS without one), best first, at most
    ``limit``.

    Candidates: mentors of the mentee's organisation whose category the form
    admits as mentor, with consent given, with at least one free place
    (capacity − mentees of their open pairs), and not forbidden with the mentee
    (themselves, their parent, a «not with» wish). Ties go by name. Returns []
    when the form does not admit the mentee, their consent is missing or they
    are already in an open pair (see :func:`suggestion_problem` for the
    reason). At most 7 queries whatever the number of mentors (seed 000 5.2).
    """
    if suggestion_problem(mentee, form=form) is not None:
        return []
    mentors = list(
        mentors_for_pairing(mentee.participant.organization_id, form)
        .exclude(participant_id=mentee.participant_id)
        .filter(free_capacity__gt=0)
    )
    today = timezone.localdate()
    wanted = mentee_facts(mentee, today=today)
    table = score_table(
        [wanted],
        [mentor_facts(m, today=today) for m in mentors],
        load_weights(programme),
        load_wishes(involving=mentee.participant_id),
        load_ties(involving=mentee.participant_id),
        form=form_rules(form),
    )
    suggestions = [
        _suggestion(mentor, wanted, explain(table, 0, j))
        for j, mentor in enumerate(mentors)
        if table.allowed[0, j]
    ]
    suggestions.sort(key=lambda s: (-s.score, s.mentor.participant.full_name.lower(), s.mentor.pk))
    return suggestions[:limit]


def _suggestion(mentor: Mentor, wanted, explanation: Explanation) -> Suggestion:
    exact, partial = match_keywords(wanted.keywords, mentor.keywords())
    free = mentor.free_capacity
    reasons = [
        _("%(label)s: %(points)s of %(weight)d. %(detail)s")
        % {
            "label": term.label,
            "points": number_format(term.points, 1),
            "weight": term.weight,
            "detail": term.detail,
        }
        for term in explanation.terms
        if term.weight
    ]
    reasons.append(
        ngettext("%(free)d free place of %(capacity)d.", "%(free)d free places of %(capacity)d.", free)
        % {"free": free, "capacity": mentor.capacity}
    )
    if mentor.status == MentorStatus.CANDIDATE:
        reasons.append(_("Still a candidate: not yet approved as a mentor by order."))
    return Suggestion(
        mentor=mentor,
        score=round(explanation.total, 2),
        shared=sorted({o for _w, o in exact + partial}),
        free_capacity=free,
        reasons=reasons,
        explanation=explanation,
    )


# --- Drafts -------------------------------------------------------------------------


def _consent_message(participant: Participant) -> str:
    return consent_sentence(
        participant.full_name, participant.consent_status, participant.age_on(timezone.localdate())
    )


def check_actor_forms(actor, organization: Organization) -> None:
    """Curators and admins form pairs (``pairs.form_pairs``); ``actor=None`` is a
    system job (a management command) and is trusted."""
    if actor is None:
        return
    if not (roles_of(actor, organization) & {Role.CURATOR, Role.ADMIN}):
        raise PairError(_("Only the programme's curator may form and submit pairs."))


def _check_consents(mentor: Mentor, mentees: Iterable[Mentee]) -> None:
    for participant in [mentor.participant, *(m.participant for m in mentees)]:
        if not participant.may_be_paired:
            raise PairError(_consent_message(participant))


def _check_members(organization, form, kind, mentor, mentees, *, partner_mentor: bool = False) -> None:
    if not mentees:
        raise PairError(_("Choose at least one mentee."))
    people = [*([] if partner_mentor else [mentor.participant]), *(m.participant for m in mentees)]
    for participant in people:
        if participant.organization_id != organization.pk:
            raise PairError(
                _("%(name)s belongs to another organisation.") % {"name": participant.full_name}
            )
    if mentor.participant.category not in form.mentor_categories:
        raise PairError(
            _("The form «%(form)s» does not admit %(name)s (%(category)s) as a mentor.")
            % {
                "form": form.name,
                "name": mentor.participant.full_name,
                "category": mentor.participant.get_category_display(),
            }
        )
    for mentee in mentees:
        if mentee.participant_id == mentor.participant_id:
            raise PairError(
                _("%(name)s cannot be their own mentor.") % {"name": mentor.participant.full_name}
            )
        if mentee.participant.category not in form.mentee_categories:
            raise PairError(
                _("The form «%(form)s» does not admit %(name)s (%(category)s) as a mentee.")
                % {
                    "form": form.name,
                    "name": mentee.participant.full_name,
                    "category": mentee.participant.get_category_display(),
                }
            )
    _check_consents(mentor, mentees)
    if len(mentees) > kind.max_group_size:
        raise PairError(
            ngettext(
                "The kind «%(kind)s» allows at most %(max)d mentee.",
                "The kind «%(kind)s» allows at most %(max)d mentees.",
                kind.max_group_size,
            )
            % {"kind": kind.name, "max": kind.max_group_size}
        )


def _check_places(mentor: Mentor, mentees: list[Mentee]) -> None:
    busy = list(
        Mentee.objects.filter(pk__in=[m.pk for m in mentees], pairs__status__in=OPEN_STATUSES)
        .select_related("participant")
        .distinct()
    )
    if busy:
        raise PairError(
            _("Already in an open pair or group: %(names)s.")
            % {"names": ", ".join(m.participant.full_name for m in busy)}
        )
    taken = (
        Mentee.objects.filter(pairs__mentor=mentor, pairs__status__in=OPEN_STATUSES)
        .distinct()
        .count()
    )
    free = mentor.capacity - taken
    if len(mentees) > free:
        raise PairError(
            _("%(name)s has %(free)d free place(s) of %(capacity)d; the pair needs %(wanted)d.")
            % {
                "name": mentor.participant.full_name,
                "free": max(free, 0),
                "capacity": mentor.capacity,
                "wanted": len(mentees),
            }
        )


def check_programme(programme: Programme | None, organization: Organization, form: MentoringForm) -> None:
    """Raise PairError when ``programme`` is another organisation's or does not
    provide ``form``; None passes."""
    if programme is None:
        return
    if programme.organization_id != organization.pk:
        raise PairError(_("The programme belongs to another organisation."))
    if not programme.forms.filter(pk=form.pk).exists():
        raise PairError(
            _("The programme «%(programme)s» does not provide the form «%(form)s».")
            % {"programme": programme.title, "form": form.name}
        )


def _check_exclusions(mentor: Mentor, mentees: list[Mentee]) -> None:
    """A parent never mentors their own child (seed 002); nobody is paired against
    a «not with» wish of either side. Two queries."""
    by_participant = {m.participant_id: m.participant for m in mentees}
    ids = list(by_participant)
    tie = FamilyTie.objects.filter(parent_id=mentor.participant_id, child_id__in=ids).first()
    if tie is not None:
        raise PairError(
            parent_sentence(mentor.participant.full_name, by_participant[tie.child_id].full_name)
        )
    wish = (
        MatchingPreference.objects.filter(attitude=Attitude.AVOID)
        .filter(
            Q(participant_id=mentor.participant_id, other_id__in=ids)
            | Q(participant_id__in=ids, other_id=mentor.participant_id)
        )
        .order_by("pk")
        .first()
    )
    if wish is not None:
        if wish.participant_id == mentor.participant_id:
            who, other = mentor.participant, by_participant[wish.other_id]
        else:
            who, other = by_participant[wish.participant_id], mentor.participant
        raise PairError(not_with_sentence(who.full_name, other.full_name))


def create_pair(
    *,
    organization: Organization,
    form: MentoringForm,
    kind: MentoringKind,
    mentor: Mentor,
    mentees: Iterable[Mentee],
    actor,
    programme: Programme | None = None,
) -> Pair:
    """Create a draft pair (one mentee) or group (several) of ``organization``.

    Raises PairError (Russian message) when a member belongs to another
    organisation; the form does not admit the mentor's or a mentee's category
    (seed 000 §6, seed 002); the mentor is also one of the mentees; a mentee is
    already in an open pair; consent is missing for anyone (a minor needs the
    legal representative's consent); the mentor is a mentee's parent (seed 002)
    or either side asked «not with» the other; there are more mentees than
    ``kind.max_group_size`` (seed 004 §4); the mentor has fewer free places than
    mentees; the programme is another organisation's or does not provide the
    form; the actor is not a
    curator (``actor=None`` is trusted as a system job). The mentees become
    «paired». Audited as ``pairs.pair.created``.
    """
    mentees = list({m.pk: m for m in mentees}.values())
    check_actor_forms(actor, organization)
    check_programme(programme, organization, form)
    _check_members(organization, form, kind, mentor, mentees)
    _check_exclusions(mentor, mentees)
    return _create_draft(
        organization=organization, programme=programme, form=form, kind=kind, mentor=mentor,
        mentees=mentees, actor=actor, created_by=actor,
    )


def _create_draft(*, organization, programme, form, kind, mentor, mentees, actor, created_by,
                  data: dict | None = None) -> Pair:
    with transaction.atomic():
        # Serialise pair creation per mentor so two curators cannot overfill them
        # (the places count the mentor's pairs in every organisation).
        mentor = Mentor.objects.select_for_update().select_related("participant").get(pk=mentor.pk)
        _check_places(mentor, mentees)
        pair = Pair.objects.create(
            organization=organization,
            programme=programme,
            academic_year=AcademicYear.current(),
            form=form,
            kind=kind,
            mentor=mentor,
            status=PairStatus.DRAFT,
            created_by=created_by,
        )
        pair.mentees.set(mentees)
        sync_mentee_statuses(pair)
        log_action(
            "pairs.pair.created",
            actor=actor,
            organization=organization,
            obj=pair,
            data={
                "mentor": mentor.pk,
                "mentees": sorted(m.pk for m in mentees),
                "form": form.code,
                "kind": kind.code,
                **(data or {}),
            },
        )
    return pair


def create_partner_pair(
    *, organization: Organization, form: MentoringForm, kind: MentoringKind, mentor: Mentor,
    mentee: Mentee, actor, created_by, comment: str = "",
) -> Pair:
    """Form a pair of ``organization`` with ``mentee`` (of ``organization``) and a
    mentor of ANOTHER organisation of the same territory — an accepted
    invitation from the territory's mentor base (seed 002 items 6, 11;
    ``pairs.services.invitations``). The pair is created by ``created_by`` (the
    inviting curator) and goes straight to the director of ``organization``
    (status proposed, as a pair the curator formed and submitted); ``actor``
    (who accepted) is recorded on the moves. Call inside a transaction.

    Raises PairError as :func:`create_pair` does (form, consents, exclusions,
    the mentee already in an open pair, the mentor without a free place — their
    pairs in every organisation count), and when the mentor is of the same
    organisation or of another territory.
    """
    own, theirs = organization, mentor.participant.organization
    if theirs.pk == own.pk:
        raise PairError(_("The mentor is of the same organisation: form the pair as usual."))
    if own.territory_id is None or theirs.territory_id != own.territory_id:
        raise PairError(_("The mentor works in another territory."))
    _check_members(organization, form, kind, mentor, [mentee], partner_mentor=True)
    _check_exclusions(mentor, [mentee])
    with transaction.atomic():
        pair = _create_draft(
            organization=organization, programme=None, form=form, kind=kind, mentor=mentor,
            mentees=[mentee], actor=actor, created_by=created_by,
            data={"partner_mentor": True, "mentor_organization": theirs.pk},
        )
        set_pair_status(pair, PairStatus.PROPOSED, actor=actor, comment=comment)
    return pair


def lock_pairs(pairs: Iterable[Pair]) -> list[Pair]:
    """Re-read ``pairs`` locked for update, in the given order, duplicates
    dropped; call inside a transaction. Raises PairError when none is given, one
    no longer exists, or they span several organisations."""
    ids = list(dict.fromkeys(p.pk for p in pairs))
    if not ids:
        raise PairError(_("Choose at least one pair."))
    rows = Pair.objects.select_for_update().select_related(
        "organization", "mentor__participant"
    ).in_bulk(ids)
    if len(rows) != len(ids):
        raise PairError(_("Some of the chosen pairs no longer exist."))
    if len({p.organization_id for p in rows.values()}) > 1:
        raise PairError(_("The chosen pairs belong to different organisations."))
    return [rows[i] for i in ids]


def submit_pairs(pairs: Iterable[Pair], *, actor) -> list[Pair]:
    """Send draft pairs to the director: draft → proposed, clearing the director's
    previous return comment (seed 000 5.6). All or nothing.

    Raises PairError when a pair is not a draft, consent has been withdrawn
    meanwhile, or the actor is not a curator of the pairs' organisation.
    Returns the updated pairs.
    """
    with transaction.atomic():
        locked = lock_pairs(pairs)
        check_actor_forms(actor, locked[0].organization)
        # every pair's mentees with their people in one query, not one per pair
        prefetch_related_objects(locked, Prefetch("mentees", queryset=Mentee.objects.select_related("participant")))
        for pair in locked:
            if pair.status != PairStatus.DRAFT:
                raise PairError(
                    _("Pair #%(pk)s is not a draft and cannot be submitted.") % {"pk": pair.pk}
                )
            _check_consents(pair.mentor, pair.mentees.all())
            pair.return_comment = ""
            set_pair_status(pair, PairStatus.PROPOSED, actor=actor, extra_fields=("return_comment",))
    return locked


def delete_draft_pair(pair: Pair, *, actor) -> None:
    """Delete a draft pair; its mentees go back to the base («in the base»).

    Raises PairError for any pair that is not a draft (those have a history and
    end by termination, seed 004 §7) or when the actor is not a curator.
    Audited as ``pairs.pair.deleted``.
    """
    with transaction.atomic():
        (pair,) = lock_pairs([pair])
        check_actor_forms(actor, pair.organization)
        if pair.status != PairStatus.DRAFT:
            raise PairError(_("Only a draft pair can be deleted."))
        mentee_ids = list(pair.mentees.values_list("pk", flat=True))
        log_action(
            "pairs.pair.deleted",
            actor=actor,
            organization=pair.organization,
            obj=pair,
            data={"mentor": pair.mentor_id, "mentees": sorted(mentee_ids)},
        )
        pair.delete()
        Mentee.objects.filter(pk__in=mentee_ids, status=MenteeStatus.PAIRED).exclude(
            pairs__status__in=OPEN_STATUSES
        ).update(status=MenteeStatus.IN_BASE)
