"""Read-only questions about users, roles and organisations."""

from django.db.models import QuerySet

from django.http import Http404

from .enums import PROGRAMME_STAFF_ROLES, Role
from .models import Membership, Organization


def roles_of(user, organization: Organization | None = None) -> set[str]:
    """The role codes (``Role`` values) the user holds, in one organisation or any.

    Cached on the user object for the request; superusers also hold ``admin``.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    # Stored as an attribute so that the lazy request.user and the wrapped user
    # share it (LazyObject proxies attributes, not __dict__).
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = {}
        user._role_cache = cache
    key = organization.pk if organization is not None else None
    if key not in cache:
        qs = Membership.objects.filter(user=user)
        if organization is not None:
            qs = qs.filter(organization=organization)
        roles = set(qs.values_list("role", flat=True))
        if user.is_superuser:
            roles.add(Role.ADMIN)
        cache[key] = roles
    return cache[key]


def organization_of(user) -> Organization | None:
    """The organisation the user works in (their first membership), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_organization"):
        # one query for the organisation and the user's roles in it (roles_of's cache)
        memberships = list(
            Membership.objects.filter(user=user).select_related("organization").order_by("pk")
        )
        organization = memberships[0].organization if memberships else None
        user._organization = organization
        if organization is not None:
            roles = {m.role for m in memberships if m.organization_id == organization.pk}
            if user.is_superuser:
                roles.add(Role.ADMIN)
            cache = getattr(user, "_role_cache", None)
            if cache is None:
                cache = {}
                user._role_cache = cache
            cache.setdefault(organization.pk, roles)
    return user._organization


def organization_or_404(user) -> Organization:
    """The user's organisation; Http404 for a user who belongs to none."""
    organization = organization_of(user)
    if organization is None:
        raise Http404
    return organization


def staff_organization_of(user) -> Organization | None:
    """The user's organisation if they are programme staff there
    (PROGRAMME_STAFF_ROLES), else None."""
    organization = organization_of(user)
    if organization is None or not roles_of(user, organization) & PROGRAMME_STAFF_ROLES:
        return None
    return organization


def organizations_where(user, *roles: str) -> QuerySet[Organization]:
    """Organisations in which the user holds any of ``roles``."""
    return Organization.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def has_role(user, *roles: str) -> bool:
    """True when the user holds any of ``roles`` in their organisation."""
    return bool(roles_of(user, organization_of(user)) & set(roles))
