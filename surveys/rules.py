"""Permissions of the feedback forms (django-rules, autodiscovered).

Filling a particular response needs no permission: the selector answers 404 to
everybody who is not its respondent (``selectors.get_response_for_respondent``).
"""

import rules

from mentoring.rules import is_mentee, is_mentor

rules.add_perm("surveys.fill_forms", is_mentor | is_mentee)
