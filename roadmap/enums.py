from django.db import models
from django.utils.translation import pgettext_lazy


class ActivityStatus(models.TextChoices):
    """Status of a roadmap activity; labels carry a context so that other apps'
    «Done»/«Planned» cannot change their Russian words."""

    PLANNED = "planned", pgettext_lazy("activity status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("activity status", "In progress")
    DONE = "done", pgettext_lazy("activity status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")
