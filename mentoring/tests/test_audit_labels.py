"""Every domain event the code writes has a Russian label in the trail."""

import re
from pathlib import Path

from django.utils import translation

from mentoring.audit import EVENT_LABELS, event_label

ROOT = Path(__file__).resolve().parents[2]
APPS = ("mentoring", "participants", "pairs", "roadmap", "surveys", "reports")
# log_action("app.object.action", ...) and the apps' _log("action", ...) helpers,
# whose prefix is the helper's module
LITERAL = re.compile(r'log_action\(\s*"([a-z_]+\.[a-z_]+\.[a-z_]+)"')
HELPERS = {
    "reports/services/contests.py": "reports.contest.",
    "reports/services/contest_jury.py": "reports.contest.",
    "roadmap/services/approval.py": "roadmap.roadmap.",
}
HELPER_CALL = re.compile(r'_log\(\s*"([a-z_]+)"')


def _written_events() -> set[str]:
    events = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            events |= set(LITERAL.findall(text))
            prefix = HELPERS.get(str(path.relative_to(ROOT)))
            if prefix:
                events |= {prefix + action for action in HELPER_CALL.findall(text)}
    return events


def test_every_event_written_by_the_code_has_a_label():
    events = _written_events()
    assert len(events) > 60
    assert sorted(events - set(EVENT_LABELS)) == []


def test_the_territory_level_events_read_in_russian():
    with translation.override("ru"):
        assert event_label("roadmap.roadmap.returned") == "дорожная карта возвращена на доработку"
        assert event_label("reports.contest.scored") == "выставлены оценки"
        assert event_label("pairs.invitation.accepted") == "приглашение принято"
