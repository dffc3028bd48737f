"""The N+1 detector of the whole suite (a pytest plugin of the root conftest):
django-zeal on in every test, raising ``zeal.NPlusOneError`` when the portal's
code loads a relation row by row — a lazy foreign key, reverse set or
many-to-many read for each row of a list, a deferred field, or a ``.get()``
issued twice from one line.

Tests only: zeal is not in INSTALLED_APPS, so production never patches the ORM;
this plugin applies zeal's patch itself (what its AppConfig.ready does).

The unit of work is what zeal's own middleware and Celery signals watch: one
request (the test client's, or the browser tests' live server's) and one
Celery task (eager or not), each counted afresh, in every test. A load counts
when it is issued from the portal's modules — the first frame outside the
installed packages — not from a test, a conftest or a benchmark. Known false
positives are in ``ALLOWLIST``, each with where it is allowed and why.
"""

import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THIS = str(Path(__file__).resolve())

# Repeated loads that are not N+1s: a (model, field) — field "get()" for a
# repeated ``.get()`` — issued while a given function of the portal runs
# ("within": "<path>::<function>", anywhere up the stack), with the reason.
ALLOWLIST: list[dict] = [
    {"model": "mentoring.MentoringForm", "field": "get()", "within": "mentoring/services.py::ensure_reference_data",
     "why": "update_or_create over the constant reference list (seed 000 forms), once per new organisation"},
    {"model": "mentoring.MentoringKind", "field": "get()", "within": "mentoring/services.py::ensure_reference_data",
     "why": "update_or_create over the constant reference list (seed 004 kinds), once per new organisation"},
    {"model": "surveys.Survey", "field": "get()", "within": "surveys/services.py::ensure_default_surveys",
     "why": "get_or_create of the constant default surveys an organisation lacks, once"},
    {"model": "participants.Participant", "field": "get()", "within": "pairs/views/matching.py::wishes",
     "why": "the wish form's two ModelChoiceFields (who, about whom) each resolve their own choice"},
    {"model": "participants.Participant", "field": "get()", "within": "pairs/views/matching.py::family",
     "why": "the family tie form's two ModelChoiceFields (parent, child) each resolve their own choice"},
    {"model": "participants.Mentee", "field": "participant", "within": "pairs/services/matching.py::swap_mentees",
     "why": "exactly two drafts exchange mentees; auditlog names the one mentee each m2m change removes"},
    {"model": "mentoring.AcademicYear", "field": "get()", "within": "mentoring/models.py::current",
     "why": "the current year read by each selector of a page that needs it: a fixed number per page, "
            "not per row (test_query_counts)"},
]

_units = threading.local()  # the zeal tokens of the units of work under way, innermost last


def _stack() -> list[tuple[str, int, str]]:
    """(file, line, function) of the frames outside installed packages and this
    plugin, innermost first: the first is where the repeated load comes from."""
    import sys

    frames, frame = [], sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if "site-packages" not in filename and filename != THIS:
            frames.append((filename, frame.f_lineno, frame.f_code.co_name))
        frame = frame.f_back
    return frames


def allowed(model_label: str, field: str, stack) -> bool:
    """True when an ALLOWLIST entry covers this load: same model and field, its
    function up the stack."""
    functions = {f"{Path(filename).relative_to(ROOT)}::{function}"
                 for filename, _line, function in stack if ROOT in Path(filename).parents}
    return any(entry["model"] == model_label and entry["field"] == field and entry["within"] in functions
               for entry in ALLOWLIST)


def is_portal_code(filename: str) -> bool:
    """True for a module of the portal (not a test, a conftest or a benchmark)."""
    path = Path(filename)
    if not path.is_absolute() or ROOT not in path.parents:
        return False
    parts = path.relative_to(ROOT).parts
    return not ("tests" in parts or parts[0] == "benchmarks" or path.name.startswith(("conftest", "test_")))


def _begin(**kwargs) -> None:
    """A request or a task starts: count its loads afresh."""
    from zeal.listeners import NPlusOneContext, _nplusone_context

    stack = getattr(_units, "tokens", None)
    if stack is None:
        stack = _units.tokens = []
    stack.append(_nplusone_context.set(NPlusOneContext(enabled=True)))


def _end(**kwargs) -> None:
    """The request or task is over: back to the enclosing one (or none)."""
    from zeal.listeners import _nplusone_context

    stack = getattr(_units, "tokens", None)
    if stack:
        _nplusone_context.reset(stack.pop())


def _report_portal_code_only() -> None:
    """Wrap zeal's alert: report loads issued from the portal's code, where they
    are issued (zeal would name this plugin)."""
    from zeal.errors import NPlusOneError
    from zeal.listeners import n_plus_one_listener

    report = n_plus_one_listener._alert

    def alert(model, field, message, calls):
        stack = _stack()
        filename, line, function = stack[0] if stack else ("", 0, "")
        if not is_portal_code(filename) or allowed(model._meta.label, field, stack):
            return False
        try:
            return report(model, field, message, calls)
        except NPlusOneError:
            raise NPlusOneError(f"{message} at {filename}:{line} in {function}") from None

    n_plus_one_listener._alert = alert


def pytest_configure(config):
    from celery.signals import task_postrun, task_prerun
    from django.core.signals import request_finished, request_started
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch

    initialize_app_registry()
    patch()
    _report_portal_code_only()
    request_started.connect(_begin, dispatch_uid="n_plus_one_begin")
    request_finished.connect(_end, dispatch_uid="n_plus_one_end")
    task_prerun.connect(_begin, dispatch_uid="n_plus_one_task_begin", weak=False)
    task_postrun.connect(_end, dispatch_uid="n_plus_one_task_end", weak=False)


@pytest.fixture(autouse=True)
def _units_closed():
    """A request that raised never sent request_finished: close what is left
    open at the end of each test."""
    yield
    from zeal.listeners import _nplusone_context

    stack = getattr(_units, "tokens", None)
    while stack:
        _nplusone_context.reset(stack.pop())
