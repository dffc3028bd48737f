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

    def ready(self):
        super().ready()  # registers AUDITLOG_INCLUDE_TRACKING_MODELS
        from auditlog.registry import auditlog

        # auditlog diffs every field of _meta.get_fields(), reverse relations too: reading
        # a missing reverse one-to-one costs a query per save and caches None on the
        # instance (a programme saved before its weights then "has no weights"), and
        # reverse managers show up as "app.Model.None" changes. Track the columns only;
        # many-to-many fields are diffed apart (m2m_fields).
        for model in auditlog.get_models():
            options = auditlog._registry[model]
            if not options["include_fields"]:
                options["include_fields"] = [f.name for f in model._meta.concrete_fields]
