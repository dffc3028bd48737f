"""The demo territory's part: contests (issue 14)."""


def build(demo) -> None:
    """Build this part of the demo territory (``mentoring.demo.territory.TerritoryDemo``)."""
