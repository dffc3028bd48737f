from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self):
        from mentoring.signals import organization_created

        from .receivers import create_default_roadmap

        organization_created.connect(create_default_roadmap, dispatch_uid="roadmap.default_roadmap")
