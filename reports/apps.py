from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and orders")

    def ready(self):
        from mentoring.signals import organization_created

        from .receivers import pick_default_indicators

        organization_created.connect(pick_default_indicators, dispatch_uid="reports.default_indicators")
