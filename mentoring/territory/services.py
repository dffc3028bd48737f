"""Write actions of the territory's organisation management: editing an
organisation, its first curator account and the one-time link to set the
password (Django's password-reset tokens: no password is made up, shown or
sent; the link stops working once the password is set, or after
``PASSWORD_RESET_TIMEOUT``)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import OrganizationKind, Role
from ..models import Membership, Organization
from ..services import OrganizationError, grant_membership, log_action

EDITABLE_FIELDS = ("kind", "name", "short_name", "director_name", "address", "city", "slug")


def update_organization(organization: Organization, *, actor, **values) -> list[str]:
    """Change the organisation's ``EDITABLE_FIELDS`` given in ``values``
    (strings; an empty ``slug`` clears the public page's address). Returns the
    names of the fields that changed; audited ``mentoring.organization.updated``
    with them when any did. Raises OrganizationError (nothing written) for an
    empty name or director, the authority's kind, a short name or slug of
    another organisation. The roadmap and indicators stay as they are when the
    kind changes (they belong to the organisation now)."""
    values = {k: (v or "").strip() for k, v in values.items() if k in EDITABLE_FIELDS}
    if "slug" in values:
        values["slug"] = values["slug"] or None
    for field in ("name", "short_name", "director_name"):
        if field in values and not values[field]:
            raise OrganizationError(_("The full name, the short name and the director are required."))
    kinds = set(OrganizationKind.values) - {OrganizationKind.AUTHORITY}
    if "kind" in values and values["kind"] not in kinds:
        raise OrganizationError(_("Unknown type of organisation."))
    others = Organization.objects.exclude(pk=organization.pk)
    if values.get("short_name") and others.filter(short_name=values["short_name"]).exists():
        raise OrganizationError(
            _("The short name «%(short_name)s» is taken by another organisation.")
            % {"short_name": values["short_name"]}
        )
    if values.get("slug") and others.filter(slug=values["slug"]).exists():
        raise OrganizationError(_("The address of the public page «%(slug)s» is taken.") % {"slug": values["slug"]})
    changed = [k for k, v in values.items() if getattr(organization, k) != v]
    if not changed:
        return []
    with transaction.atomic():
        for field in changed:
            setattr(organization, field, values[field])
        organization.save(update_fields=changed)
        log_action("mentoring.organization.updated", actor=actor, organization=organization,
                   obj=organization, data={"fields": changed})
    return changed


def create_curator_account(
    *, organization: Organization, username: str, first_name: str = "", last_name: str = "", actor
):
    """The organisation's curator account, created without a password (an
    unusable one: nobody can log in until the curator sets it through
    :func:`password_link`). Returns the user; audited
    ``mentoring.membership.granted`` and ``mentoring.curator_account.created``.

    Asked again for a curator of this organisation who has not set a password
    yet, it returns that account unchanged (a new link may be issued). Raises
    OrganizationError for an invalid login or one that belongs to somebody
    else."""
    user_model = get_user_model()
    username = (username or "").strip()
    try:
        user_model._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        raise OrganizationError(" ".join(error.messages)) from error
    if not username:
        raise OrganizationError(_("Give the login of the account."))
    existing = user_model.objects.filter(username=username).first()
    if existing is not None:
        own = Membership.objects.filter(
            user=existing, organization=organization, role=Role.CURATOR
        ).exists()
        if own and not existing.has_usable_password():
            return existing
        raise OrganizationError(_("The login «%(username)s» is taken: choose another one.") % {"username": username})
    with transaction.atomic():
        user = grant_membership(
            organization=organization, username=username, role=Role.CURATOR, actor=actor,
            first_name=(first_name or "").strip()[:150], last_name=(last_name or "").strip()[:150],
        )
        log_action("mentoring.curator_account.created", actor=actor, organization=organization,
                   obj=user, data={"username": username})
    return user


