from django.db import models
from django.utils.translation import pgettext_lazy


class ActivityStatus(models.TextChoices):
    """Status of a roadmap activity; labels carry a context so that other apps'
    «Done»/«Planned» cannot change their Russian words."""

    PLANNED = "planned", pgettext_lazy("activity status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("activity status", "In progress")
    DONE = "done", pgettext_lazy("activity status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")


class RoadmapApproval(models.TextChoices):
    """An organisation's yearly roadmap as the territory agrees it (seed 002 item 5):
    draft → submitted (curator) → approved, or returned with a comment (territory)."""

    # labels with a context: «Не направлена» (a roadmap) is not «Не направлен» (a report)
    DRAFT = "draft", pgettext_lazy("roadmap approval", "Not submitted")
    SUBMITTED = "submitted", pgettext_lazy("roadmap approval", "Submitted for approval")
    APPROVED = "approved", pgettext_lazy("roadmap approval", "Approved by the territory")
    RETURNED = "returned", pgettext_lazy("roadmap approval", "Returned for revision")
