"""Seed data of the indicator library: seed 000 §7 (8 indicators) and seed 003
(13 performance + 6 efficiency indicators). ``library()`` gives every spec in
one list, in library order."""


def library() -> list[dict]:
    """All indicator specs: keys code, title, group, unit, method, position,
    source, targets ({academic-year title: value}) and, for seed 003,
    indicator_type, base_value, base_year."""
    from .indicators_seed000 import INDICATORS as SEED000
    from .indicators_seed003 import INDICATORS as SEED003

    return [*SEED000, *SEED003]
