"""Write actions of the shared core: the audit log."""

from typing import Any

from django.db import models

from .models import AuditEntry, Organization


def log_action(
    action: str,
    *,
    actor=None,
    organization: Organization | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one audit entry (CONVENTIONS.md, "Audit everything that matters").

    ``action`` is a namespaced code such as ``pairs.pair.approved``; ``data`` must be
    JSON-serialisable. Returns the saved entry.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        organization=organization,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )
