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
