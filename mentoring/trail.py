"""«Журнал изменений» on an object's page: the trail of the object (and of the
records that belong to it) for the curator, the director and the administrator.

A view adds ``trail_context(request, obj, *related)`` to its context and its
template includes ``mentoring/audit_trail.html``. Two queries (count and page)
whatever the length of the trail; names of fields and choices come from the
models, not from the database.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.utils.translation import pgettext

from .audit import ACTION_LABELS, event_label
from .pages import page_of
from .selectors import audit_trail

TRAIL_PAGE_SIZE = 10
TRAIL_PAGE_PARAM = "trail_page"


@dataclass
class TrailChange:
    field: str
    old: str
    new: str


@dataclass
class TrailRow:
    timestamp: object
    actor: str
    what: str
    subject: str
    ip: str
    changes: list[TrailChange] = field(default_factory=list)


def trail_context(request: HttpRequest, *targets, hidden: Collection[str] = ()) -> dict:
    """``{"trail": Page of TrailRow, "trail_param": ...}`` for a user with
    ``mentoring.view_audit_trail``; ``{}`` for anyone else (mentors, mentees),
    so that the include shows nothing. The values of the fields named in
    ``hidden`` (a minor's contacts without the consent) are not shown."""
    if not request.user.has_perm("mentoring.view_audit_trail"):
        return {}
    page = page_of(request, audit_trail(*targets), TRAIL_PAGE_PARAM, per_page=TRAIL_PAGE_SIZE)
    page.object_list = [trail_row(entry, hidden=hidden) for entry in page.object_list]
    return {"trail": page, "trail_param": TRAIL_PAGE_PARAM}


def trail_row(entry, *, hidden: Collection[str] = ()) -> TrailRow:
    """One LogEntry as the page shows it."""
    model = entry.content_type.model_class()
    event = (entry.additional_data or {}).get("event")
    what = event_label(event) if event else str(ACTION_LABELS.get(entry.action, entry.action))
    actor = entry.actor
    return TrailRow(
        timestamp=entry.timestamp,
        actor=(actor.get_full_name() or actor.username) if actor else pgettext("audit", "system"),
        what=what,
        subject=str(model._meta.verbose_name) if model else entry.content_type.model,
        ip=entry.remote_addr or "",
        changes=[] if event else _changes(model, entry.changes or {}, hidden),
    )


def _changes(model, changes: dict, hidden: Collection[str]) -> list[TrailChange]:
    rows = []
    for name, change in sorted(changes.items()):
        model_field = field_of(model, name)
        label = field_label(model_field, name)
        if name in hidden:
            hidden_value = pgettext("audit", "hidden")
            rows.append(TrailChange(label, hidden_value, hidden_value))
            continue
        if isinstance(change, dict) and change.get("type") == "m2m":
            added = change.get("operation") == "add"
            verb = pgettext("audit", "added") if added else pgettext("audit", "removed")
            rows.append(TrailChange(label, verb, ", ".join(map(str, change.get("objects", [])))))
        elif isinstance(change, (list, tuple)) and len(change) == 2:
            rows.append(TrailChange(label, _value(model_field, change[0]), _value(model_field, change[1])))
    return rows


def field_of(model, name: str):
    """The model's field a change names; None for a field or model gone since."""
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def field_label(model_field, name: str) -> str:
    return str(getattr(model_field, "verbose_name", name))


def _value(model_field, value) -> str:
    """A stored value (auditlog keeps strings) as people read it."""
    if value in (None, "None", ""):
        return "—"
    if value in ("True", True):
        return pgettext("audit", "yes")
    if value in ("False", False):
        return pgettext("audit", "no")
    choices = dict(getattr(model_field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        try:
            return datetime.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        except ValueError:
            pass
    return str(value)
