"""Receivers of the core's signals (connected in ``RoadmapConfig.ready``)."""

from .services import TEMPLATES, build_roadmap


def create_default_roadmap(sender, *, organization, academic_year, actor=None, **kwargs) -> None:
    """``mentoring.signals.organization_created``: a new school, college or
    education authority gets its roadmap for ``academic_year`` from its kind's
    template (seed 001, seed 000, seed 002's municipal level); other kinds
    (enterprise, university) get none. Idempotent."""
    if organization.kind in TEMPLATES:
        build_roadmap(organization=organization, academic_year=academic_year, actor=actor)
