"""Writing an applicant list's plans (``importing_plan.RowPlan``): the last step
of ``importing.apply_import``, inside its transaction.

New rows — participants, mentor and mentee profiles, requests, the persons'
own consents — are inserted one table at a time from plain values, never a
model instance a row on PostgreSQL:

* PostgreSQL: one ``COPY … FROM STDIN`` a table, streamed row by row whatever
  the number of rows; the ids of the new participants and mentees are drawn
  from their sequences first (one query each), so that the profiles, requests
  and consents can name them;
* other databases (SQLite in development and tests): ``bulk_create`` of
  ``WRITE_BATCH`` instances at a time.

Every column a row does not give takes its model default (``auto_now_add``
included) exactly as ``bulk_create`` would, from one unsaved instance a table.
Changes to people and profiles already in the base go through ``bulk_update``.
The number of queries does not depend on the number of rows on PostgreSQL.
"""

import json
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, models
from django.utils import timezone

from mentoring.enums import ParticipantCategory
from mentoring.models import Organization

from ..data.consent_texts import current_text
from ..enums import ConsentChannel, ConsentGiver, MentorStatus, NeedCategory
from ..models import Consent, Mentee, MenteeRequest, Mentor, Participant

__all__ = ["DEFAULT_CAPACITY", "WRITE_BATCH", "insert_rows", "write_plans"]

# Mentees a new mentor may take by default, by category (seed 000 §4.2).
DEFAULT_CAPACITY = {
    ParticipantCategory.TEACHER: 3,
    ParticipantCategory.EMPLOYER_REP: 2,
    ParticipantCategory.STUDENT: 1,
}
# instances a bulk_create statement takes where COPY is not available
WRITE_BATCH = 10_000
# Fields whose values the import gives as the database driver takes them (str,
# int, date, None): COPY writes these without Django's per-value preparation.
PLAIN_TYPES = frozenset({
    "CharField", "TextField", "DateField", "IntegerField", "SmallIntegerField",
    "PositiveSmallIntegerField", "PositiveIntegerField", "ForeignKey", "OneToOneField",
})


def write_plans(plans: list, organization: Organization) -> None:
    """Write ``plans`` (``RowPlan``, in file order): update the people and
    profiles already in the base that the list changes, insert the new
    participants, profiles, requests and own consents; sets the plans'
    ``participant_pk`` and ``mentee_pk`` of the rows inserted. Call inside a
    transaction."""
    _update_existing(plans)
    new = [plan for plan in plans if plan.is_new]
    ids = insert_rows(
        Participant, (_participant_row(plan) for plan in new), count=len(new), with_ids=True,
        constants={"organization_id": organization.pk},
    )
    for plan, pk in zip(new, ids, strict=True):
        plan.participant_pk = pk
    mentors = [plan for plan in plans if plan.new_mentor]
    insert_rows(
        Mentor, (_mentor_row(plan) for plan in mentors), count=len(mentors),
        constants={"status": MentorStatus.CANDIDATE},
    )
    mentees = [plan for plan in plans if plan.new_mentee]
    ids = insert_rows(Mentee, (_mentee_row(plan) for plan in mentees), count=len(mentees), with_ids=True)
    for plan, pk in zip(mentees, ids, strict=True):
        plan.mentee_pk = pk
    asking = [plan for plan in plans if plan.new_requests]
    insert_rows(
        MenteeRequest,
        ({"mentee_id": plan.mentee_pk, "text": text} for plan in asking for text in plan.new_requests),
        count=sum(len(plan.new_requests) for plan in asking),
    )
    consenting = [plan for plan in plans if plan.add_consent]
    insert_rows(
        Consent, ({"participant_id": plan.participant_pk} for plan in consenting),
        count=len(consenting), constants=_own_consent_values(),
    )


def _category(plan) -> str:
    return plan.applicant.category if plan.is_new else plan.participant.category


def _participant_row(plan) -> dict:
    a = plan.applicant
    return {"surname": a.surname, "name": a.name, "patronymic": a.patronymic, "category": a.category,
            "consent_status": plan.consent_status, **a.values}


def _mentor_row(plan) -> dict:
    a = plan.applicant
    return {"participant_id": plan.participant_pk, "competencies": a.competencies,
            "interests": a.interests, "capacity": DEFAULT_CAPACITY.get(_category(plan), 1)}


def _mentee_row(plan) -> dict:
    young = _category(plan) == ParticipantCategory.YOUNG_SPECIALIST
    # seed 002's list of mentees: «молодые специалисты» (up to 3 years)
    return {"participant_id": plan.participant_pk, "status": plan.mentee_status,
            "need_category": NeedCategory.YOUNG_TEACHER if young else ""}


def _own_consent_values() -> dict:
    """The person's own consent that an application with «да» carries."""
    text = current_text()
    return {
        "given_by": ConsentGiver.SELF, "given_on": timezone.localdate(),
        "received_via": ConsentChannel.APPLICATION, "text_version": text.version,
        "purposes": list(text.purposes), "data_categories": list(text.data_categories),
    }


def _update_existing(plans: list) -> None:
    """``bulk_update`` of the people and profiles already in the base that the
    list changes (in memory, by the planning)."""
    updated = [plan.participant for plan in plans if not plan.is_new and plan.changed]
    if updated:
        now = timezone.now()
        for participant in updated:
            participant.updated_at = now
        fields = set().union(*(plan.changed for plan in plans if not plan.is_new)) | {"updated_at"}
        Participant.objects.bulk_update(updated, sorted(fields))
    mentors = [plan.mentor for plan in plans if plan.mentor_changed]
    if mentors:
        Mentor.objects.bulk_update(mentors, ["competencies", "interests"])
    mentees = [plan.mentee for plan in plans if plan.mentee_changed]
    if mentees:
        Mentee.objects.bulk_update(mentees, ["status"])


# --- inserting ------------------------------------------------------------------


def insert_rows(
    model: type[models.Model], rows: Iterable[dict], *, count: int, constants: dict | None = None,
    with_ids: bool = False,
) -> list[int]:
    """Insert ``count`` rows of ``model``: each row a dict {attname: value} of
    plain values (str, int, date, None), ``constants`` ({attname: value}) the
    same for every row, every other field its default. Returns the new
    primary keys in the order of ``rows`` with ``with_ids``, else []. Nothing
    is run for ``count`` = 0. Raises TypeError for a row field whose values
    need Django's preparation (JSON, files, datetimes): pass those as
    constants."""
    if not count:
        return []
    constants = constants or {}
    if connection.vendor == "postgresql":
        return _copy_rows(model, rows, count, constants, with_ids)
    ids = []
    rows = _checked(model, rows, constants)
    while batch := [model(**constants, **row) for row in islice(rows, WRITE_BATCH)]:
        model.objects.bulk_create(batch)
        if with_ids:
            ids.extend(obj.pk for obj in batch)
    return ids


def _copy_rows(model, rows: Iterable[dict], count: int, constants: dict, with_ids: bool) -> list[int]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    template = _template_values(model, fields, constants)
    position = {f.attname: index for index, f in enumerate(fields)}
    ids = _next_ids(model, count) if with_ids else []
    if with_ids:
        columns.insert(0, model._meta.pk.column)
        template.insert(0, None)
        position = {name: index + 1 for name, index in position.items()}
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        write = copy.write_row
        for number, row in enumerate(_checked(model, rows, constants)):
            values = template.copy()
            for name, value in row.items():
                values[position[name]] = value
            if with_ids:
                values[0] = ids[number]
            write(values)
    return ids


def _template_values(model, fields: list, constants: dict) -> list:
    """Every column's value as the database takes it (defaults, ``auto_now_add``
    and ``constants``), from one unsaved instance; JSON rendered once."""
    template = model(**constants)
    values = []
    for f in fields:
        value = f.pre_save(template, add=True)
        if isinstance(f, models.JSONField):
            values.append(None if value is None else json.dumps(value, cls=f.encoder))
        else:
            values.append(f.get_db_prep_save(value, connection))
    return values


def _checked(model, rows: Iterable[dict], constants: dict) -> Iterator[dict]:
    """``rows``, refusing (TypeError) a field not plain or given as a constant
    too; each field is checked the first time it is met."""
    seen: set[str] = set()
    for row in rows:
        if not row.keys() <= seen:
            for name in row.keys() - seen:
                field = model._meta.get_field(name)
                if field.get_internal_type() not in PLAIN_TYPES or name in constants:
                    raise TypeError(f"{model.__name__}.{name} cannot be copied as a plain value")
                seen.add(name)
        yield row


def _next_ids(model, count: int) -> list[int]:
    """``count`` new primary keys of ``model``, drawn from its sequence in one
    query (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]
