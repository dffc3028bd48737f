"""Pages of the two-factor login: the user's own setup page («Двухфакторный
вход») and the login's second step."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import two_factor
from .forms import CodeForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@never_cache
@sensitive_post_parameters("code")
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Set up (QR code, key, confirming code) or turn off (with a code) the
    user's TOTP device. The director, the administrator and staff only (404
    for the others)."""
    user = request.user
    if not two_factor.can_use_two_factor(user):
        raise Http404
    device = two_factor.confirmed_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if device is None:
                two_factor.confirm_device(request, two_factor.pending_device(user), code)
            else:
                two_factor.turn_off(request, code)
        except two_factor.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            if device is not None:
                messages.success(request, _("Two-factor login is off."))
                return redirect("accounts:two_factor")
            messages.success(request, _("Two-factor login is on."))
            # mandatory setup: back to the page the user was sent away from
            return redirect(_next_url(request) if request.POST.get("next") else "accounts:two_factor")
    context = {
        "form": form,
        "device": device,
        "required": settings.TWO_FACTOR_REQUIRED,
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    if device is None:
        pending = two_factor.pending_device(user)
        context.update(qr=two_factor.qr_data_uri(pending), secret=two_factor.secret_of(pending))
    return render(request, "mentoring/accounts/two_factor.html", context)


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """The login's second step: the code of the user's device verifies the
    session (django-otp's ``login``), then the page asked for opens."""
    if two_factor.session_step(request) != two_factor.VERIFY:
        return redirect(_next_url(request))
    if two_factor.confirmed_device(request.user) is None:
        # the administrator removed the device: the session owes what a new login would
        two_factor.refresh_step(request)
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify_session(request, form.cleaned_data["code"])
        except two_factor.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            return redirect(_next_url(request))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "mentoring/accounts/two_factor_verify.html", context)
