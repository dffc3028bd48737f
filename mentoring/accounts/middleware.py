"""The second factor before any page."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from . import two_factor

# Pages a session may open while it owes a step (URL names, with namespace).
_ALWAYS_OPEN = {"logout", "admin:logout", "login", "admin:login"}
_OPEN_FOR_STEP = {
    two_factor.VERIFY: {"accounts:two_factor_verify"},
    two_factor.SET_UP: {"accounts:two_factor"},
}
_STEP_PAGE = {
    two_factor.VERIFY: "accounts:two_factor_verify",
    two_factor.SET_UP: "accounts:two_factor",
}


class TwoFactorMiddleware:
    """Keeps a session that owes the second factor away from every page (the
    portal's and the admin's) until it is given. Goes after OTPMiddleware and
    LoginRequiredMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # pages for everybody: the feedback links, the health check
        if not request.user.is_authenticated:
            return None
        step = two_factor.session_step(request)
        if step == two_factor.NOTHING:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in _ALWAYS_OPEN or name in _OPEN_FOR_STEP[step]:
            return None
        target = reverse(_STEP_PAGE[step])
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
