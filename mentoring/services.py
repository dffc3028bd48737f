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
