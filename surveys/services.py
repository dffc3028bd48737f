"""Write actions on surveys and responses."""


def request_meeting_feedback(meeting, *, actor) -> list:
    """Create the pending feedback responses after a meeting (to be built)."""
    return []
