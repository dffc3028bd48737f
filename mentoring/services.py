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
    actor=None,
) -> tuple[Organization, bool]:
    """Create an organisation ready for work on a fresh installation, without
    the admin or the demo; returns ``(organization, created)``.

    - loads the mentoring forms and kinds (``ensure_reference_data``) and gives
      the organisation a programme for the current academic year with all of
      them (the bases' filters and the matcher read the programme's forms);
    - idempotent: an organisation with this short name and full name is returned
      as it is (``created`` False);
    - raises OrganizationError when a name is empty or another organisation
      already has the short name;
    - records ``mentoring.organization.created`` in the audit trail.
    """
    from django.db import transaction
    from django.utils.translation import gettext as _

    from .models import AcademicYear, MentoringForm, MentoringKind, Programme

    name, short_name, director_name = name.strip(), short_name.strip(), director_name.strip()
    if not (name and short_name and director_name):
        raise OrganizationError(_("The full name, the short name and the director are required."))
    existing = Organization.objects.filter(short_name=short_name).first()
    if existing is not None:
        if existing.name != name:
            raise OrganizationError(
                _("The short name «%(short_name)s» is taken by «%(name)s».")
                % {"short_name": short_name, "name": existing.name}
            )
        return existing, False
    with transaction.atomic():
        ensure_reference_data()
        organization = Organization.objects.create(
            name=name, short_name=short_name, director_name=director_name, city=city.strip(),
            address=address.strip(), letterhead=letterhead.strip(),
        )
        year = AcademicYear.current()
        programme = Programme.objects.create(
            organization=organization,
            title=_("Mentoring programme of %(short_name)s") % {"short_name": short_name},
            first_year=year, last_year=year,
        )
        programme.forms.set(MentoringForm.objects.all())
        programme.kinds.set(MentoringKind.objects.all())
        log_action(
            "mentoring.organization.created", actor=actor, organization=organization,
            obj=organization, data={"short_name": short_name},
        )
    return organization, True
