from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.two_factor_page, name="two_factor"),
    path("two-factor/verify/", views.verify, name="two_factor_verify"),
    # the one-time link of a new account (mentoring.accounts.links.password_link):
    # Django's password-reset confirmation, open without a login
    path(
        "set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="mentoring/accounts/set_password.html",
            success_url=reverse_lazy("accounts:set_password_done"),
        ),
        name="set_password",
    ),
    path(
        "set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="mentoring/accounts/set_password_done.html"
        ),
        name="set_password_done",
    ),
]
