"""Roadmap permissions beyond those of mentoring/rules.py."""

import rules

from mentoring.rules import is_coordinator, is_curator, is_org_admin

# Seed 000 §9: the curator (programme leader) sets the roadmap up for the year;
# the territory curator sets up the territory's (the education authority's).
rules.add_perm("roadmap.create_roadmap", is_curator | is_org_admin | is_coordinator)
# Seed 002 item 5: the organisation submits its yearly roadmap, the territory
# curator approves or returns it (roadmap.services.approval).
rules.add_perm("roadmap.submit_roadmap", is_curator | is_org_admin)
rules.add_perm("roadmap.approve_roadmaps", is_coordinator)
