from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    name = "pairs"
    verbose_name = _("Pairs and groups")

    def ready(self) -> None:
        from . import permissions  # noqa: F401 - registers the app's permissions
