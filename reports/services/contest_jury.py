"""The jury of a territory contest (seed 002 items 10, 13): the coordinator
picks staff of the territory's organisations or creates a juror account.

A juror's ``organization`` is their own organisation (their first membership):
they never score its nominations. Every juror holds the ``Role.JUROR``
membership in that organisation (a created account: in the education
authority), which shows them the «Жюри конкурса» link without a query per
page. A created account has no usable password: the coordinator passes on a
one-time link (Django's password reset token: valid for
``PASSWORD_RESET_TIMEOUT``, spent once the password is set).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.accounts.links import password_link
from mentoring.enums import PROGRAMME_STAFF_ROLES, Role
from mentoring.models import Membership, Organization

from ..models import Contest, ContestJuror
from .contests import OPEN_STAGES, ContestError, _log

# Whom the coordinator may pick: staff, never a mentor's or mentee's account.
PICKABLE_ROLES = PROGRAMME_STAFF_ROLES | {Role.COORDINATOR, Role.JUROR}
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def pickable_users(territory):
    """Accounts the coordinator may put on a jury: staff roles in the
    territory's organisations (the authority included), by name."""
    user_model = get_user_model()
    return (
        user_model.objects.filter(
            is_active=True, memberships__organization__territory=territory,
            memberships__role__in=PICKABLE_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def home_organization(user) -> Organization | None:
    """The juror's own organisation: their first membership's."""
    membership = Membership.objects.filter(user=user).select_related("organization").order_by("pk").first()
    return membership.organization if membership else None


def _check_open(contest: Contest) -> None:
    if contest.stage not in OPEN_STAGES:
        raise ContestError(_("The contest is closed: its jury can no longer change."))


def add_juror(contest: Contest, *, user, actor) -> ContestJuror:
    """Put ``user`` (one of :func:`pickable_users`) on the jury; their
    organisation is recorded for conflicts and they get the juror role there.
    Refused (ContestError): a closed contest, a user outside the territory's
    staff, a user already on the jury. Audited ``reports.contest.juror_added``."""
    if not pickable_users(contest.territory).filter(pk=user.pk).exists():
        raise ContestError(_("Only staff of the territory's organisations can be jurors."))
    with transaction.atomic():
        locked = Contest.objects.select_for_update().select_related("territory").get(pk=contest.pk)
        _check_open(locked)
        if locked.jurors.filter(user=user).exists():
            raise ContestError(_("%(name)s is already on the jury.") % {"name": _name(user)})
        organization = home_organization(user)
        juror = ContestJuror.objects.create(contest=locked, user=user, organization=organization)
        Membership.objects.get_or_create(user=user, organization=organization, role=Role.JUROR)
        _log("juror_added", locked, actor, obj=juror, juror=juror.pk, user=user.pk,
             juror_organization=organization.pk if organization else None)
    return juror


def _clean_account(username: str, first_name: str, last_name: str, email: str) -> tuple:
    username = (username or "").strip().lower()
    if not username or not set(username) <= USERNAME_CHARS or len(username) > 150:
        raise ContestError(_("The login is Latin letters, digits, dots, hyphens and underscores."))
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ContestError(_("The login «%(login)s» is taken: choose another.") % {"login": username})
    first_name, last_name = " ".join((first_name or "").split()), " ".join((last_name or "").split())
    if not first_name or not last_name:
        raise ContestError(_("Give the juror's first name and surname."))
    return username, first_name[:150], last_name[:150], (email or "").strip()


def create_juror_account(contest: Contest, *, actor, username: str, first_name: str,
                         last_name: str, email: str = "") -> tuple[ContestJuror, str]:
    """Create an account for an outside juror (an expert without another role):
    ``Role.JUROR`` in the territory's education authority, no usable password,
    and put it on the jury. Returns ``(juror, path)`` where ``path`` is the
    one-time link to set the password (``mentoring.accounts.links.password_link``). Raises
    ContestError (nothing written) for a taken or malformed login, a missing
    name or a closed contest. Audited ``reports.contest.juror_account``."""
    username, first_name, last_name, email = _clean_account(username, first_name, last_name, email)
    authority = contest.territory.authority
    if authority is None:
        raise ContestError(_("The territory has no education authority."))
    with transaction.atomic():
        locked = Contest.objects.select_for_update().select_related("territory").get(pk=contest.pk)
        _check_open(locked)
        user = get_user_model()(username=username, first_name=first_name, last_name=last_name,
                                email=email)
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, organization=authority, role=Role.JUROR)
        juror = ContestJuror.objects.create(contest=locked, user=user, organization=authority)
        _log("juror_account", locked, actor, obj=juror, juror=juror.pk, user=user.pk,
             username=username)
    return juror, password_link(user, actor=actor, organization=authority)


def remove_juror(juror: ContestJuror, *, actor) -> None:
    """Take a juror off the jury while the contest is open and they have not
    scored; their juror role goes when they sit on no other jury (a created
    account keeps it: it is its only role). Refused (ContestError) otherwise.
    Audited ``reports.contest.juror_removed``."""
    with transaction.atomic():
        contest = Contest.objects.select_for_update().select_related("territory").get(
            pk=juror.contest_id)
        _check_open(contest)
        if juror.scores.exists():
            raise ContestError(
                _("%(name)s has already scored: a juror who scored stays on the jury.")
                % {"name": _name(juror.user)}
            )
        user = juror.user
        _log("juror_removed", contest, actor, juror=juror.pk, user=user.pk)
        juror.delete()
        others = Membership.objects.filter(user=user).exclude(role=Role.JUROR).exists()
        if others and not ContestJuror.objects.filter(user=user).exists():
            Membership.objects.filter(user=user, role=Role.JUROR).delete()


def _name(user) -> str:
    return user.get_full_name() or user.username
