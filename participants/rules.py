"""Permissions of the participant bases beyond those in mentoring/rules.py."""

import rules

from mentoring.rules import is_curator, is_mentor, is_org_admin

# Recording a consent (e.g. a legal representative's for a minor, seed 000 §2.2).
rules.add_perm("participants.record_consent", is_curator | is_org_admin)

# The mentor's digital profile, trainings, portfolio and the mentee's requests and
# status (seed 000 §3.2, §4.2); the director only reads them.
rules.add_perm("participants.edit_profiles", is_curator | is_org_admin)
# Recording the order that approves the mentor base (seed 000 §4.1).
rules.add_perm("participants.approve_mentors", is_curator | is_org_admin)
# A mentor fills in their own questionnaire and portfolio (seed 000 §4.2, §4.4).
rules.add_perm("participants.edit_own_mentor_profile", is_mentor)
