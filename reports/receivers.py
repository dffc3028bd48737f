"""Receivers of the core's signals (connected in ``ReportsConfig.ready``)."""


def pick_default_indicators(sender, *, organization, actor=None, **kwargs) -> None:
    """``mentoring.signals.organization_created``: a new organisation picks the
    indicator set of its kind (``reports.services.indicators.pick_kind_indicators``)."""
    from .services.indicators_by_kind import pick_kind_indicators

    pick_kind_indicators(organization, actor=actor)
