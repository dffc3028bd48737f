"""The pair lifecycle (pairs/services/lifecycle.py; DESIGN.md "Pair lifecycle")."""

import pytest

from pairs.enums import PairStatus
from pairs.errors import PairError
from pairs.services.lifecycle import set_pair_status
from participants.enums import MenteeStatus


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (PairStatus.DRAFT, PairStatus.APPROVED),
        (PairStatus.DRAFT, PairStatus.ACTIVE),
        (PairStatus.PROPOSED, PairStatus.ACTIVE),
        (PairStatus.APPROVED, PairStatus.DRAFT),
        (PairStatus.ACTIVE, PairStatus.PROPOSED),
        (PairStatus.COMPLETED, PairStatus.ACTIVE),
        (PairStatus.TERMINATED, PairStatus.DRAFT),
    ],
)
def test_set_pair_status_refuses_illegal_moves(draft_pair, curator, start, target):
    draft_pair.status = start
    draft_pair.save(update_fields=["status"])

    with pytest.raises(PairError, match="не может перейти"):
        set_pair_status(draft_pair, target, actor=curator)

    draft_pair.refresh_from_db()
    assert draft_pair.status == start
    assert draft_pair.status_changes.count() == 0


def test_set_pair_status_records_history_and_ignores_no_change(draft_pair, curator, bob_mentee):
    set_pair_status(draft_pair, PairStatus.DRAFT, actor=curator)
    assert draft_pair.status_changes.count() == 0

    set_pair_status(draft_pair, PairStatus.TERMINATED, actor=curator, comment="Отказ")

    change = draft_pair.status_changes.get()
    assert (change.from_status, change.to_status, change.comment) == ("draft", "terminated", "Отказ")
    bob_mentee.refresh_from_db()
    assert bob_mentee.status == MenteeStatus.IN_BASE
