"""A small known world for the monitoring tests (issue 14, part «monitoring»):
the ``territory_world`` college and school with pairs of several forms, one of
them across organisations, meetings and satisfaction answers."""

import datetime

from django.utils import timezone

from mentoring.enums import ParticipantCategory as Cat
from mentoring.models import AcademicYear, MentoringForm
from mentoring.services import ensure_reference_data
from pairs.enums import PairStatus
from pairs.models import Meeting
from surveys.enums import RespondentRole

from .conftest import answer, make_pair, mentee_of, mentor_of

# surnames that must never appear on the territory curator's pages
SURNAMES = ("Школьникова", "Наставникова", "Ученикова", "Работодателев", "Колледжева")


def school_form(code: str, mentors: list[str], mentees: list[str], name: str) -> MentoringForm:
    form, _ = MentoringForm.objects.get_or_create(
        code=code, defaults={"name": name, "mentor_categories": mentors, "mentee_categories": mentees},
    )
    return form


def build(world) -> dict:
    """School: teacher → two pupils (active, 2 meetings this period), pupil →
    pupil (approved), an employer of the college → pupil (active, across
    organisations), a draft (not counted); two mentee answers 5 and 4. College:
    one teacher → young specialist pair (college form «педагог – педагог»)."""
    ensure_reference_data()
    year = AcademicYear.current()
    school, college = world.school, world.college
    teacher_pupil = school_form("teacher-pupil", [Cat.TEACHER], [Cat.PUPIL], "учитель – ученик")
    pupil_pupil = school_form("pupil-pupil", [Cat.PUPIL], [Cat.PUPIL], "ученик – ученик")
    employer_pupil = school_form("employer-pupil", [Cat.EMPLOYER_REP], [Cat.PUPIL],
                                 "работодатель – ученик")
    a = make_pair(school, year, mentor=mentor_of(school, Cat.TEACHER, surname=SURNAMES[1]),
                  mentees=[mentee_of(school, Cat.PUPIL, surname=SURNAMES[0]),
                           mentee_of(school, Cat.PUPIL, surname=SURNAMES[2])])
    a.form = teacher_pupil
    b = make_pair(school, year, mentor=mentor_of(school, Cat.PUPIL), mentees=[mentee_of(school, Cat.PUPIL)],
                  status=PairStatus.APPROVED)
    b.form = pupil_pupil
    cross = make_pair(school, year, mentor=mentor_of(college, Cat.EMPLOYER_REP, surname=SURNAMES[3]),
                      mentees=[mentee_of(school, Cat.PUPIL)])
    cross.form = employer_pupil
    draft = make_pair(school, year, mentor=mentor_of(school, Cat.TEACHER),
                      mentees=[mentee_of(school, Cat.PUPIL)], status=PairStatus.DRAFT)
    for pair in (a, b, cross, draft):
        pair.save(update_fields=["form"])
    college_pair = make_pair(college, year, mentor=mentor_of(college, Cat.TEACHER, surname=SURNAMES[4]),
                             mentees=[mentee_of(college, Cat.YOUNG_SPECIALIST)])
    today = timezone.localdate()
    for days in (1, 2):
        Meeting.objects.create(pair=a, meeting_type="regular", held_on=today - datetime.timedelta(days=days),
                               topic="Встреча")
    Meeting.objects.create(pair=a, meeting_type="regular", held_on=year.starts_on - datetime.timedelta(days=5),
                           topic="До периода")
    answer(school, role=RespondentRole.MENTEE, value=5)
    answer(school, role=RespondentRole.MENTEE, value=4)
    return {"year": year, "pairs": {"a": a, "b": b, "cross": cross, "draft": draft,
                                     "college": college_pair}}
