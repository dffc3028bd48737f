"""One-time links that let a new account set its own password, so that no
password travels: a school's first curator created by the territory curator, an
outside juror of a contest (issue 14)."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..services import log_action


def password_link(user, *, actor, organization=None) -> str:
    """The path of the one-time page where ``user`` sets their password
    (``accounts:set_password``: Django's ``PasswordResetConfirmView`` with the
    default token generator). The token is not stored anywhere; it expires when
    the password is set or after ``PASSWORD_RESET_TIMEOUT`` (3 days by default).
    Audited ``mentoring.password_link.issued`` (without the token)."""
    path = reverse("accounts:set_password", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    log_action("mentoring.password_link.issued", actor=actor, organization=organization, obj=user,
               data={"username": user.username})
    return path
