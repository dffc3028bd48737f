"""Choices shared by every app: roles, participant categories, forms and kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's role in one organisation (DESIGN.md, "People")."""

    CURATOR = "curator", _("Curator")
    DIRECTOR = "director", _("Director")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    WORKING_GROUP = "working_group", _("Working group member")
    ADMIN = "admin", _("Administrator")
    # the territory level (seed 002): a member of the education authority's
    # organisation who runs the model across the territory's organisations, and a
    # member of a contest's jury
    COORDINATOR = "coordinator", _("Territory curator")
    JUROR = "juror", _("Jury member")


# Roles that run the programme and see their organisation's bases, pairs,
# roadmap, indicators, reports and orders; mentors and mentees see only their own.
PROGRAMME_STAFF_ROLES = frozenset({Role.CURATOR, Role.DIRECTOR, Role.WORKING_GROUP, Role.ADMIN})


class OrganizationKind(models.TextChoices):
    """What an organisation is; decides its defaults (roadmap template, forms of
    mentoring, indicator set). ``authority`` is the territory's education
    authority (seed 002, «Муниципальный уровень»)."""

    SCHOOL = "school", _("School")
    COLLEGE = "college", _("College or technical school")
    UNIVERSITY = "university", _("University")
    ENTERPRISE = "enterprise", _("Enterprise or partner organisation")
    AUTHORITY = "authority", _("Education authority")


# Organisations that run a mentoring programme of their own (bases, pairs, roadmap).
EDUCATIONAL_KINDS = frozenset({OrganizationKind.SCHOOL, OrganizationKind.COLLEGE})


class ParticipantCategory(models.TextChoices):
    """Who a participant is (DESIGN.md glossary, «участник»)."""

    STUDENT = "student", _("Student")
    PUPIL = "pupil", _("Pupil")
    TEACHER = "teacher", _("Teacher")
    YOUNG_SPECIALIST = "young_specialist", _("Young specialist")
    EMPLOYER_REP = "employer_rep", _("Employer representative")
    ALUMNUS = "alumnus", _("Alumnus")
    PARENT = "parent", _("Parent")


class KindCode(models.TextChoices):
    """Kinds of mentoring of seed 004 §4."""

    TRADITIONAL = "traditional", _("Traditional (one-to-one)")
    GROUP = "group", _("Group")
    VIRTUAL = "virtual", _("Virtual")
    SHORT_TERM = "short_term", _("Short-term / goal-setting")
    REVERSE = "reverse", _("Reverse")
    SITUATIONAL = "situational", _("Situational")
    SPEED = "speed", _("Speed")
