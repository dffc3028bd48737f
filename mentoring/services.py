"""Write actions of the shared core: the audit trail, reference data, roles."""

import datetime
import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import RESERVED_KEYS, action_for_event
from .models import Organization


def log_action(
    action: str,
    *,
    actor=None,
    organization: Organization | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
):
    """Record one domain event in the audit trail (CONVENTIONS.md, "Audit
    everything that matters") and return its auditlog ``LogEntry``.

    ``action`` is a namespaced code such as ``pairs.pair.approved``, stored as
    ``additional_data["event"]`` next to ``organization_id`` and the keys of
    ``data`` (JSON-serialisable; "event" and "organization_id" are reserved).
    The entry's object is ``obj``, else the organisation, else the actor (with
    none of them: an organisation-type entry with an empty key); its action
    follows the code (``mentoring.audit.action_for_event``). Inside a request the
    client's IP address is added by ``mentoring.middleware``. Raises ValueError
    when ``data`` uses a reserved key.
    """
    from auditlog.models import LogEntry

    data = data or {}
    if set(data) & set(RESERVED_KEYS):
        raise ValueError(f"audit data may not use the keys {RESERVED_KEYS}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    target = next(
        (o for o in (obj, organization, actor) if o is not None and o.pk is not None), None
    )
    if target is None:  # a service called outside any organisation (a shell, a test)
        target, about = Organization(), {"object_pk": "", "object_repr": ""}
    else:
        about = {"object_pk": str(target.pk)}
    return LogEntry.objects.log_create(
        target,
        force_log=True,
        **about,
        action=action_for_event(action),
        changes=None,
        serialized_data=None,
        actor=actor,
        actor_email=(getattr(actor, "email", "") or None) if actor is not None else None,
        additional_data={
            "event": action,
            "organization_id": organization.pk if organization is not None else None,
            **data,
        },
    )


def purge_audit_trail(*, now: datetime.datetime | None = None) -> int:
    """Delete the trail's entries older than ``settings.AUDIT_RETENTION_DAYS``
    (three years by default); returns how many went. Idempotent."""
    from auditlog.models import LogEntry

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _per_model = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted


def scrub_audit_trail(
    *,
    objects: Iterable[tuple[type[models.Model], Iterable[Any], Collection[str]]],
    values: Mapping[str, str],
    mentions: Mapping[str, str],
    redacted: str,
    actor=None,
    since: datetime.datetime | None = None,
) -> int:
    """Remove erased personal data from the history (152-ФЗ art. 21: what the
    withdrawal erased must not survive in the trail); the entries themselves —
    who did what to which object when — stay.

    - entries of ``objects`` ((model, primary keys, fields) triples): the old and
      new values of the fields in ``changes`` and ``serialized_data`` become
      ``redacted``, and each key of ``values`` found in any of their texts
      (object_repr, changes, changes_text, serialized_data, additional_data) is
      replaced by its value;
    - any other entry since ``since`` whose texts contain a key of ``mentions``
      (distinctive strings: a full name, an e-mail) gets it replaced likewise;
    - entries made by ``actor`` lose the stored ``actor_email``.

    Returns the number of entries rewritten.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    own = Q(pk__in=[])
    own_keys: set[tuple[int, str]] = set()
    redact_by_type: dict[int, set[str]] = {}
    for model, pks, fields in objects:
        keys = [str(pk) for pk in pks]
        if not keys:
            continue
        content_type = ContentType.objects.get_for_model(model)
        own |= Q(content_type=content_type, object_pk__in=keys)
        own_keys.update((content_type.pk, key) for key in keys)
        redact_by_type[content_type.pk] = set(fields)
    mentions = _replacements(mentions)
    own_replace = _replacements({**values, **mentions})
    found = own | _mentioning(mentions, since)
    if actor is not None:
        found |= Q(actor=actor, actor_email__isnull=False)
    changed = []
    for entry in LogEntry.objects.filter(found).order_by("pk").iterator(chunk_size=500):
        is_own = (entry.content_type_id, entry.object_pk) in own_keys
        replace = own_replace if is_own else mentions
        redact = redact_by_type.get(entry.content_type_id, set()) if is_own else set()
        before = _texts(entry)
        entry.object_repr = _replace_in(entry.object_repr, replace)
        entry.changes_text = _replace_in(entry.changes_text, replace)
        entry.changes = _replace_in(_redact_changes(entry.changes, redact, redacted), replace)
        entry.serialized_data = _replace_in(
            _redact_serialized(entry.serialized_data, redact, redacted), replace
        )
        entry.additional_data = _replace_in(entry.additional_data, replace)
        if actor is not None and entry.actor_id == actor.pk:
            entry.actor_email = None
        if _texts(entry) != before:
            changed.append(entry)
    LogEntry.objects.bulk_update(
        changed,
        ["object_repr", "changes_text", "changes", "serialized_data", "additional_data",
         "actor_email"],
        batch_size=500,
    )
    return len(changed)


def _replacements(mapping: Mapping[str, str]) -> dict[str, str]:
    """Non-trivial keys, longest first (a full name before its surname)."""
    keys = sorted((k for k in mapping if k and len(k.strip()) >= 2), key=len, reverse=True)
    return {k: mapping[k] for k in keys}


def _mentioning(mentions: Mapping[str, str], since) -> Q:
    """Entries whose texts contain a key of ``mentions``. JSON columns are
    searched as text in both spellings of non-ASCII letters: as they are
    (PostgreSQL's jsonb) and \\u-escaped (SQLite keeps json.dumps' output)."""
    if not mentions:
        return Q(pk__in=[])
    q = Q()
    for text in mentions:
        for form in {text, json.dumps(text)[1:-1]}:
            q |= (
                Q(object_repr__contains=form)
                | Q(changes_text__contains=form)
                | Q(changes_as_text__contains=form)
                | Q(additional_as_text__contains=form)
                | Q(serialized_as_text__contains=form)
            )
    from auditlog.models import LogEntry

    entries = LogEntry.objects.annotate(
        changes_as_text=Cast("changes", TextField()),
        additional_as_text=Cast("additional_data", TextField()),
        serialized_as_text=Cast("serialized_data", TextField()),
    ).filter(q)
    if since is not None:
        entries = entries.filter(timestamp__gte=since)
    return Q(pk__in=entries.values("pk"))


def _texts(entry) -> tuple:
    return (entry.object_repr, entry.changes_text, json.dumps(entry.changes, sort_keys=True),
            json.dumps(entry.serialized_data, sort_keys=True),
            json.dumps(entry.additional_data, sort_keys=True), entry.actor_email)


def _replace_in(value, replace: Mapping[str, str]):
    """``value`` (a string or JSON) with every key of ``replace`` inside its
    strings replaced by the key's value; dictionary keys (field names) stay."""
    if isinstance(value, str):
        for old, new in replace.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: _replace_in(v, replace) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_in(v, replace) for v in value]
    return value


def _redact_changes(changes, fields: set[str], redacted: str):
    """``changes`` ({field: [old, new]}) with the values of ``fields`` redacted."""
    if not changes or not fields:
        return changes
    return {
        name: [_redact_value(v, redacted) for v in change]
        if name in fields and isinstance(change, list) else change
        for name, change in changes.items()
    }


def _redact_serialized(data, fields: set[str], redacted: str):
    if not data or not fields or not isinstance(data.get("fields"), dict):
        return data
    return {**data, "fields": {
        name: _redact_value(v, redacted) if name in fields else v
        for name, v in data["fields"].items()
    }}


def _redact_value(value, redacted: str):
    """Empty values stay as they are («None», "", null): they held no data."""
    if value in (None, "", "None"):
        return value
    return redacted


def ensure_reference_data() -> None:
    """Create or refresh the mentoring forms (seed 000 §6) and kinds (seed 004 §4).

    Idempotent: running it again changes nothing.
    """
    from .data.reference import FORMS, KINDS
    from .models import MentoringForm, MentoringKind

    for form in FORMS:
        MentoringForm.objects.update_or_create(
            code=form["code"], defaults={k: v for k, v in form.items() if k != "code"}
        )
    for code, name, max_group_size in KINDS:
        MentoringKind.objects.update_or_create(
            code=code, defaults={"name": name, "max_group_size": max_group_size}
        )


def grant_membership(
    *,
    organization: Organization,
    username: str,
    role: str,
    actor=None,
    password: str | None = None,
    participant=None,
    first_name: str = "",
    last_name: str = "",
):
    """Give ``username`` a role in ``organization``, creating the account if needed.

    ``participant`` (optional) is linked to the account so that a mentor or mentee
    sees their own pairs. ``password`` is set only when the account is created.
    Idempotent; returns the user. Raises ValueError if the participant belongs to
    another organisation or is linked to another account.
    """
    from django.contrib.auth import get_user_model

    from .models import Membership

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    _membership, new_role = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if participant is not None and participant.user_id != user.pk:
        if participant.organization_id != organization.pk or participant.user_id is not None:
            raise ValueError("participant belongs to another organisation or account")
        participant.user = user
        participant.save(update_fields=["user"])
    if new_role:
        log_action(
            "mentoring.membership.granted", actor=actor, organization=organization, obj=user,
            data={"role": role},
        )
    return user


class OrganizationError(ValueError):
    """A refused ``create_organization``; the message is for the person."""


def create_organization(
    *,
    name: str,
    short_name: str,
    director_name: str,
    city: str = "",
    address: str = "",
    letterhead: str = "",
    kind: str = "college",
    territory=None,
    slug: str | None = None,
    actor=None,
) -> tuple[Organization, bool]:
    """Create an organisation ready for work on a fresh installation or by the
    territory curator, without the admin or the demo; returns
    ``(organization, created)``.

    - ``kind`` (an ``OrganizationKind`` value, college by default) decides the
      defaults: the programme for the current academic year gets the mentoring
      forms whose ``organization_kinds`` name the kind (``ensure_reference_data``
      loads them) and all kinds of mentoring; the receivers of
      ``mentoring.signals.organization_created`` add the roadmap from the kind's
      template and the indicator set (issue 14);
    - ``territory`` (a Territory or None) and ``slug`` (the public page's
      address, or None) are stored as given;
    - idempotent: an organisation with this short name and full name is returned
      as it is (``created`` False, no signal);
    - raises OrganizationError when a name is empty, the kind is unknown or
      another organisation already has the short name or the slug;
    - records ``mentoring.organization.created`` in the audit trail.
    """
    from django.db import transaction

    from .models import AcademicYear
    from .signals import organization_created

    name, short_name, director_name = name.strip(), short_name.strip(), director_name.strip()
    existing = _check_new_organization(name, short_name, director_name, kind)
    if existing is not None:
        return existing, False
    slug = (slug or "").strip() or None
    if slug is not None and Organization.objects.filter(slug=slug).exists():
        raise OrganizationError(
            _("The address of the public page «%(slug)s» is taken.") % {"slug": slug}
        )
    with transaction.atomic():
        ensure_reference_data()
        organization = Organization.objects.create(
            name=name, short_name=short_name, director_name=director_name, city=city.strip(),
            address=address.strip(), letterhead=letterhead.strip(), kind=kind,
            territory=territory, slug=slug,
        )
        year = AcademicYear.current()
        _default_programme(organization, year)
        log_action(
            "mentoring.organization.created", actor=actor, organization=organization,
            obj=organization, data={"short_name": short_name, "kind": kind,
                                    "territory_id": territory.pk if territory else None},
        )
        organization_created.send(
            sender=Organization, organization=organization, academic_year=year, actor=actor
        )
    return organization, True


def _check_new_organization(name: str, short_name: str, director_name: str,
                            kind: str) -> Organization | None:
    """The organisation that already has these names (create_organization is
    idempotent), or None for a new one; raises OrganizationError for a missing
    name, an unknown kind or a short name taken by another organisation."""
    from .enums import OrganizationKind

    if not (name and short_name and director_name):
        raise OrganizationError(
            _("The full name, the short name and the director are required.")
        )
    if kind not in OrganizationKind.values:
        raise OrganizationError(_("Unknown type of organisation."))
    existing = Organization.objects.filter(short_name=short_name).first()
    if existing is not None and existing.name != name:
        raise OrganizationError(
            _("The short name «%(short_name)s» is taken by «%(name)s».")
            % {"short_name": short_name, "name": existing.name}
        )
    return existing


def _default_programme(organization: Organization, year):
    """The organisation's programme for ``year`` with the forms of mentoring its
    kind offers (``MentoringForm.organization_kinds``) and every kind."""
    from .models import MentoringForm, MentoringKind, Programme

    programme = Programme.objects.create(
        organization=organization,
        title=_("Mentoring programme of %(short_name)s") % {"short_name": organization.short_name},
        first_year=year, last_year=year,
    )
    programme.forms.set([
        form for form in MentoringForm.objects.all()
        if organization.kind in (form.organization_kinds or [])
    ])
    programme.kinds.set(MentoringKind.objects.all())
    return programme
