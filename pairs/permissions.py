"""Permissions of the pairs app beyond the shared ones in mentoring/rules.py.

Loaded by ``PairsConfig.ready()``; not named ``rules.py`` because a module of
that name shadows the django-rules package when commands run from this folder
(``makemessages``)."""

import rules

from mentoring.rules import is_programme_staff

# Lists of all the organisation's pairs: programme staff only (mentors and mentees
# use «My pairs»).
rules.add_perm("pairs.view_all_pairs", is_programme_staff)
