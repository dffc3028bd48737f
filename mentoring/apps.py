from auditlog.apps import AuditlogConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MentoringConfig(AppConfig):
    # the config of "mentoring" in INSTALLED_APPS (this module defines two)
    default = True
    name = "mentoring"
    verbose_name = _("Mentoring programme")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .accounts.sessions import mark_fresh_at_login
        from .accounts.two_factor import remember_step_at_login

        user_logged_in.connect(remember_step_at_login, dispatch_uid="mentoring.two_factor.login")
        user_logged_in.connect(mark_fresh_at_login, dispatch_uid="mentoring.idle_session.login")


class AuditTrailConfig(AuditlogConfig):
    """django-auditlog under the portal's name for it in the admin."""

    verbose_name = pgettext_lazy("audit", "Audit trail")
