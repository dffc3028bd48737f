"""Roadmap permissions beyond those of mentoring/rules.py."""

import rules

from mentoring.rules import is_curator, is_org_admin

# Seed 000 §9: the curator (programme leader) sets the roadmap up for the year.
rules.add_perm("roadmap.create_roadmap", is_curator | is_org_admin)
