"""Permissions of the participant bases beyond those in mentoring/rules.py."""

import rules

from mentoring.rules import is_curator, is_org_admin

# Recording a consent (e.g. a legal representative's for a minor, seed 000 §2.2).
rules.add_perm("participants.record_consent", is_curator | is_org_admin)
