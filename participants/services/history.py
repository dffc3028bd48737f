"""The audit trail after an anonymisation (152-ФЗ art. 21 part 5): the history
of the participant's records must not keep the data the withdrawal erased.

``erasure_scope`` is taken before ``anonymise_participant`` changes anything
(the records and values to look for); ``scrub_participant_history`` runs at its
end, in the same transaction, after the erasure's own entries are written.
"""

from dataclasses import dataclass, field

from django.db.models import Model, Q

from mentoring.services import scrub_audit_trail

from ..models import (
    Consent,
    FamilyTie,
    Mentee,
    MenteeRequest,
    Mentor,
    MentorTraining,
    Participant,
    PortfolioItem,
)

REDACTED = "[обезличено]"

# Fields whose values (old and new) leave the history of these records.
_PARTICIPANT_FIELDS = {"surname", "name", "patronymic", "birth_date", "email", "phone",
                       "study_group", "position", "employer", "education",
                       "qualification_category", "teaching_experience_years"}
_USER_FIELDS = {"username", "first_name", "last_name", "email"}
_MENTOR_FIELDS = {"competencies", "interests", "life_experience", "motivation",
                  "mentee_preferences", "meeting_times"}
_TRAINING_FIELDS = {"course", "provider", "certificate"}
_PORTFOLIO_FIELDS = {"title", "description", "link", "file"}
_REQUEST_FIELDS = {"text"}
_CONSENT_FIELDS = {"representative_name", "representative_document", "note"}


@dataclass
class ErasureScope:
    """What to look for in the trail: the records (model, primary keys, fields
    whose values leave their history), the values that identify the person, and
    the account."""

    participant: Participant
    user: Model | None
    objects: list[tuple[type[Model], list, set[str]]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    # the surname and the first name: replaced by the label, not «[обезличено]»
    name_parts: set[str] = field(default_factory=set)
    own_values: set[str] = field(default_factory=set)
    contacts: set[str] = field(default_factory=set)


def erasure_scope(participant: Participant) -> ErasureScope:
    """The participant's records and identifying values, read before the erasure."""
    from django.contrib.auth import get_user_model

    from mentoring.models import Membership

    user = participant.user
    scope = ErasureScope(participant=participant, user=user)
    mentor_ids = list(Mentor.objects.filter(participant=participant).values_list("pk", flat=True))
    mentee_ids = list(Mentee.objects.filter(participant=participant).values_list("pk", flat=True))

    def add(model, ids, fields=(), texts=()):
        scope.objects.append((model, list(ids), set(fields)))
        scope.own_values.update(t for value in texts for t in _text_values(value))

    add(Participant, [participant.pk], _PARTICIPANT_FIELDS)
    mentors = Mentor.objects.filter(pk__in=mentor_ids)
    add(Mentor, mentor_ids, _MENTOR_FIELDS, mentors.values_list(*_MENTOR_FIELDS))
    add(Mentee, mentee_ids)
    trainings = MentorTraining.objects.filter(mentor_id__in=mentor_ids)
    add(MentorTraining, trainings.values_list("pk", flat=True), _TRAINING_FIELDS,
        trainings.values_list("course", "provider"))
    portfolio = PortfolioItem.objects.filter(mentor_id__in=mentor_ids)
    add(PortfolioItem, portfolio.values_list("pk", flat=True), _PORTFOLIO_FIELDS,
        portfolio.values_list("title", "description", "link"))
    requests = MenteeRequest.objects.filter(mentee_id__in=mentee_ids)
    add(MenteeRequest, requests.values_list("pk", flat=True), _REQUEST_FIELDS,
        requests.values_list("text"))
    consents = Consent.objects.filter(participant=participant)
    add(Consent, consents.values_list("pk", flat=True), _CONSENT_FIELDS,
        consents.values_list(*_CONSENT_FIELDS))
    add(FamilyTie, FamilyTie.objects.filter(Q(parent=participant) | Q(child=participant))
        .values_list("pk", flat=True))
    if user is not None:
        add(get_user_model(), [user.pk], _USER_FIELDS,
            [(user.username, user.first_name, user.last_name, user.get_full_name())])
        add(Membership, Membership.objects.filter(user=user).values_list("pk", flat=True))
        scope.contacts.add(user.email)

    p = participant
    scope.names = {p.full_name, f"{p.surname} {p.name}", p.short_name}
    scope.name_parts = {p.surname, p.name}
    scope.own_values.add(p.patronymic)
    scope.contacts.update({p.email, p.phone})
    if p.birth_date:
        scope.own_values.update({p.birth_date.isoformat(), p.birth_date.strftime("%d.%m.%Y")})
    return scope


def scrub_participant_history(scope: ErasureScope, *, label: str) -> int:
    """Replace the erased values in the trail: names by ``label`` («Участник
    №42»), everything else by «[обезличено]»; in the entries of the person's
    records every erased field and value, elsewhere (pairs, awards, orders'
    lists, family ties of others) the full name and the contacts. Returns the
    number of entries rewritten."""
    mentions = {name: label for name in scope.names if name.strip()}
    mentions.update({c: REDACTED for c in scope.contacts if c and c.strip()})
    values = {v: REDACTED for v in scope.own_values if v} | {
        v: label for v in scope.name_parts if v
    }
    return scrub_audit_trail(
        objects=scope.objects,
        values=values,
        mentions=mentions,
        redacted=REDACTED,
        actor=scope.user,
        since=scope.participant.created_at,
    )


def _text_values(value) -> list[str]:
    """The non-trivial strings of a value or a row of values."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return [str(v).strip() for v in items if isinstance(v, str) and len(v.strip()) >= 3]
