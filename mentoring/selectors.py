"""Read-only questions about users, roles and organisations."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from .enums import EDUCATIONAL_KINDS, PROGRAMME_STAFF_ROLES, OrganizationKind, Role
from .models import Membership, Organization, Territory


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


def territory_of(user) -> "Territory | None":
    """The territory whose curator (``Role.COORDINATOR`` in its education
    authority) the user is, or None. Such a user sees the territory's other
    organisations in aggregate only (issue 14)."""
    organization = organization_of(user)
    if (
        organization is None
        or organization.kind != OrganizationKind.AUTHORITY
        or organization.territory_id is None
        or Role.COORDINATOR not in roles_of(user, organization)
    ):
        return None
    return organization.territory


def territory_or_404(user) -> "Territory":
    """``territory_of(user)``; Http404 for anyone who is not a territory curator."""
    territory = territory_of(user)
    if territory is None:
        raise Http404
    return territory


def territory_organizations(territory) -> QuerySet[Organization]:
    """The territory's schools and colleges (its educational organisations), by name."""
    return Organization.objects.filter(
        territory=territory, kind__in=EDUCATIONAL_KINDS
    ).order_by("short_name")


def has_role(user, *roles: str) -> bool:
    """True when the user holds any of ``roles`` in their organisation."""
    return bool(roles_of(user, organization_of(user)) & set(roles))


# --- Audit trail ---------------------------------------------------------------------------


def audit_events(event: str | Iterable[str] | None = None, *, prefix: str | None = None,
                 obj=None, actor=None) -> QuerySet:
    """The trail's domain events (entries written by ``services.log_action``),
    newest first, each annotated with ``event`` (its code).

    ``event`` keeps one code or any of several, ``prefix`` the codes starting
    with it (``"pairs.pair."``), ``obj`` the events about that model instance,
    ``actor`` those by that user. ``additional_data`` holds the event's data
    (``event_data`` without the trail's own keys).
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import TextField
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast

    # a plain text column: KeyTextTransform alone would compare as JSON on SQLite
    entries = LogEntry.objects.filter(additional_data__has_key="event").annotate(
        event=Cast(KeyTextTransform("event", "additional_data"), TextField())
    )
    if isinstance(event, str):
        entries = entries.filter(event=event)
    elif event is not None:
        entries = entries.filter(event__in=list(event))
    if prefix is not None:
        entries = entries.filter(event__startswith=prefix)
    if obj is not None:
        entries = entries.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        )
    if actor is not None:
        entries = entries.filter(actor=actor)
    return entries


def event_data(entry) -> dict:
    """The data an event was logged with (``log_action(data=...)``)."""
    from .audit import RESERVED_KEYS

    return {k: v for k, v in (entry.additional_data or {}).items() if k not in RESERVED_KEYS}


def audit_trail(*targets) -> QuerySet:
    """Every entry of the trail (changes and events) about ``targets`` — model
    instances or querysets (of integer-keyed models) — newest first, with the
    actor and content type joined: one query whatever the number of targets."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    targets = [target for target in targets if target is not None]
    # every target's content type at once (cached after the first page)
    types = ContentType.objects.get_for_models(
        *{target.model if isinstance(target, QuerySet) else type(target) for target in targets})
    found = Q(pk__in=[])
    for target in targets:
        if isinstance(target, QuerySet):
            found |= Q(content_type=types[target.model], object_id__in=target.values("pk"))
        else:
            found |= Q(content_type=types[type(target)], object_pk=str(target.pk))
    return (
        LogEntry.objects.filter(found)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
