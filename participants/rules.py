"""Permissions of the participant bases beyond those in mentoring/rules.py."""

import rules

from mentoring.rules import is_coordinator, is_curator, is_mentor, is_org_admin

# Recording a consent (e.g. a legal representative's for a minor, seed 000 §2.2).
rules.add_perm("participants.record_consent", is_curator | is_org_admin)

# The mentor's digital profile, trainings, portfolio and the mentee's requests and
# status (seed 000 §3.2, §4.2); the director only reads them.
rules.add_perm("participants.edit_profiles", is_curator | is_org_admin)
# Recording the order that approves the mentor base (seed 000 §4.1).
rules.add_perm("participants.approve_mentors", is_curator | is_org_admin)
# A mentor fills in their own questionnaire and portfolio (seed 000 §4.2, §4.4).
rules.add_perm("participants.edit_own_mentor_profile", is_mentor)


# The territory's mentor base (seed 002 items 6, 7, 11): searched by the curators,
# directors and admins of the territory's organisations and by the territory
# curator; specialists are registered and the yearly update run by the latter.
@rules.predicate
def searches_territory_base(user) -> bool:
    from .selectors_territory import base_territory_of

    return base_territory_of(user) is not None


rules.add_perm("participants.search_territory_base", searches_territory_base)
rules.add_perm("participants.manage_territory_base", is_coordinator)
