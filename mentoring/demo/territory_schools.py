"""The demo territory's part «schools» (issue 14): a small programme in each
of the two demo schools, built through the services the browser uses.

- the school's applicant lists — its teachers (the staff workbook's columns)
  and its pupils (the students workbook's columns, «Группа» holding the
  class) — written as .xlsx and imported by the school's curator
  (``participants.services.importing.import_files``: a school's list of
  learners makes pupils); the parents of all minors but one sign the consent
  (``builder._consents``), so one pupil shows the missing-consent flag;
- the mentors approved into the school's mentor base by the director's order
  (``approve_mentors``), and a director login per school;
- pairs in the school forms (seed 002: «учитель – учитель», «учитель –
  ученик», «ученик – ученик»; codes of ``mentoring/data/reference.py``)
  formed and submitted by the curator, approved by the director (one pairs
  order per school, ``pairs.services.approval.approve_pairs``); the pairs
  marked «active» hold their meetings with feedback (``builder._meetings``;
  the second school's third one stopped meeting and is flagged); one pair
  of the second school still waits for the director.

Runs right after the «orgs» part and before «monitoring», so that the
December campaign's figures include the schools. Idempotent: a second run
re-imports the lists unchanged and writes nothing else.
"""

import datetime
import tempfile
from pathlib import Path

from mentoring.enums import Role

STAFF_HEADER = ("ФИО", "Должность", "Педагогический стаж, лет", "Квалификационная категория",
                "Образование", "E-mail", "Телефон", "Роль",
                "Компетенции / профессиональные затруднения")
PUPIL_HEADER = ("№", "Фамилия", "Имя", "Отчество", "Дата рождения", "Группа", "Телефон", "E-mail",
                "Роль в программе", "Запрос / интересы", "Согласие на обработку ПДн")
MENTOR, MENTEE = "наставник", "наставляемый"
HIGHER = "высшее педагогическое"

# meetings of the active pairs: days before today, MeetingType value, topic
SCHOOL_MEETINGS = [
    (40, "introductory", "Встреча-знакомство: цели и ожидания"),
    (30, "trial", "Пробная рабочая встреча"),
    (20, "planning", "Встреча-планирование: индивидуальный план развития"),
    (9, "regular", "Разбор трудностей и успехов за две недели"),
    (2, "regular", "Подготовка к следующему этапу плана"),
]

# by the school's slug (territory_orgs.SCHOOLS). staff: full name, position,
# years of teaching, category, education, role, competencies or difficulties;
# pupils: surname, name, patronymic, (age, month, day of birth), class, role,
# request; pairs: form code, kind code, mentor surname, mentee surnames, state.
PROGRAMMES = {
    "usovo-school": {
        "mail": "usovo.example.ru", "director": ("usovo_director", "Елена", "Страхова"),
        "order": "9-о",
        "staff": [
            ("Никитина Галина Петровна", "учитель начальных классов", 28, "высшая", HIGHER, MENTOR,
             "адаптация первоклассников, работа с родителями"),
            ("Бурцев Алексей Николаевич", "учитель физики и информатики", 17, "первая", HIGHER, MENTOR,
             "олимпиадная подготовка, проектная деятельность, робототехника"),
            ("Мухаметова Гульнара Рашитовна", "учитель русского языка и литературы", 22, "высшая",
             HIGHER, MENTOR, "методика урока, подготовка к аттестации, классное руководство"),
            ("Исаева Людмила Викторовна", "учитель математики", 19, "первая", HIGHER, MENTOR,
             "подготовка к ОГЭ, математическая грамотность"),
            ("Фомина Анастасия Игоревна", "учитель английского языка", 1, "без категории", HIGHER, MENTEE,
             "дисциплина на уроке, работа с родителями, рабочие программы"),
        ],
        "pupils": [
            ("Широкова", "Полина", "Андреевна", (15, 4, 12), "9 «А»", MENTOR, "помощь младшим в чтении"),
            ("Гареев", "Рустам", "Ильдарович", (15, 10, 3), "9 «А»", MENTOR, "математика, шахматы"),
            ("Сафин", "Тимур", "Ренатович", (14, 2, 20), "8 «А»", MENTEE, "олимпиада по физике, робототехника"),
            ("Антонов", "Кирилл", "Сергеевич", (13, 6, 7), "7 «А»", MENTEE, "математика, подготовка к ОГЭ"),
            ("Лебедева", "Ксения", "Олеговна", (13, 11, 25), "7 «А»", MENTEE, "математика"),
            ("Юсупова", "Алина", "Маратовна", (11, 1, 30), "5 «А»", MENTEE, "чтение, адаптация в основной школе"),
            ("Ермаков", "Денис", "Павлович", (12, 8, 14), "6 «А»", MENTEE, "английский язык"),
            ("Яковлев", "Матвей", "Игоревич", (10, 5, 9), "4 «А»", MENTEE, "шахматы"),  # no parents' consent yet
        ],
        "pairs": [
            ("schoolteacher-teacher", "traditional", "Мухаметова", ["Фомина"], "active"),
            ("teacher-pupil", "traditional", "Бурцев", ["Сафин"], "active"),
            ("pupil-pupil", "traditional", "Широкова", ["Юсупова"], "approved"),
            ("teacher-pupil", "group", "Исаева", ["Антонов", "Лебедева"], "approved"),
        ],
    },
    "school-3": {
        "mail": "school3.example.ru", "director": ("school3_director", "Ирина", "Муштаева"),
        "order": "41-о",
        "staff": [
            ("Андреева Марина Викторовна", "учитель начальных классов", 24, "высшая", HIGHER, MENTOR,
             "методика урока, подготовка к аттестации, работа с родителями"),
            ("Хабибуллин Ильдар Рафаилович", "учитель истории и обществознания", 15, "высшая", HIGHER,
             MENTOR, "классное руководство, воспитательная работа, проектная деятельность"),
            ("Сорокина Ирина Валерьевна", "учитель химии и биологии", 18, "первая", HIGHER, MENTOR,
             "олимпиадная подготовка, исследовательские проекты"),
            ("Лаптев Олег Николаевич", "учитель математики", 21, "высшая", HIGHER, MENTOR,
             "подготовка к ЕГЭ, математическая грамотность"),
            ("Тимофеева Ольга Сергеевна", "учитель географии", 9, "первая", HIGHER, MENTEE,
             "сменила место работы: рабочие программы школы, электронный журнал"),
            ("Пестова Ксения Александровна", "учитель начальных классов", 1, "без категории", HIGHER,
             MENTEE, "дисциплина на уроке, работа с родителями"),
            ("Олейник Денис Витальевич", "учитель физической культуры", 2, "без категории",
             "среднее профессиональное", MENTEE, "классное руководство, документация"),
        ],
        "pupils": [
            ("Кузнецов", "Глеб", "Андреевич", (18, 3, 14), "11 «Б»", MENTOR, "математика, программирование"),
            ("Носова", "Вера", "Евгеньевна", (16, 9, 28), "10 «А»", MENTOR, "помощь младшим, английский язык"),
            ("Гайнуллина", "Амина", "Рустемовна", (16, 5, 17), "10 «А»", MENTEE, "олимпиада по химии, медицина"),
            ("Мельников", "Артём", "Дмитриевич", (13, 2, 2), "7 «В»", MENTEE, "математика, программирование"),
            ("Рябова", "София", "Максимовна", (12, 7, 21), "6 «Б»", MENTEE, "английский язык"),
            ("Захаров", "Иван", "Олегович", (14, 12, 5), "8 «А»", MENTEE, "выбор профиля, химия"),
            ("Давлетова", "Эльвира", "Ринатовна", (15, 6, 30), "9 «Б»", MENTEE, "подготовка к ОГЭ"),
            ("Петренко", "Никита", "Сергеевич", (11, 4, 16), "5 «Б»", MENTEE, "адаптация в основной школе"),
            ("Яшина", "Дарина", "Ильинична", (9, 10, 11), "3 «А»", MENTEE, "чтение"),  # no parents' consent yet
        ],
        "pairs": [
            ("schoolteacher-teacher", "traditional", "Андреева", ["Пестова"], "active"),
            ("teacher-pupil", "traditional", "Сорокина", ["Гайнуллина"], "active"),
            ("pupil-pupil", "traditional", "Кузнецов", ["Мельников"], "active"),
            ("schoolteacher-teacher", "traditional", "Хабибуллин", ["Олейник"], "approved"),
            ("pupil-pupil", "traditional", "Носова", ["Рябова"], "proposed"),
        ],
    },
}


def build(demo) -> None:
    """Build this part of the demo territory (``mentoring.demo.territory.TerritoryDemo``)."""
    from .builder import DEMO_PASSWORD, _consents

    for school in demo.schools:
        spec = PROGRAMMES.get(school.slug)
        if spec is None:
            continue
        curator = _curator(school)
        director = _director(demo, school, spec, DEMO_PASSWORD)
        _import_lists(demo, school, spec, curator)
        _consents(school, curator, demo.today, left_without=1)
        _approve_mentors(demo, school, spec, curator)
        _pairs(demo, school, spec, curator, director)


def _curator(school):
    from mentoring.models import Membership

    return Membership.objects.filter(organization=school, role=Role.CURATOR).select_related(
        "user").order_by("pk").first().user


def _director(demo, school, spec: dict, password: str):
    """The school's director login (approves the pairs, signs the orders)."""
    from mentoring.services import grant_membership

    username, first, last = spec["director"]
    user = grant_membership(organization=school, username=username, role=Role.DIRECTOR,
                            actor=demo.coordinator, password=password, first_name=first, last_name=last)
    label = "{} ({})".format(Role.DIRECTOR.label, school.short_name)
    demo.logins.append((username, label, "{} {}".format(first, last)))
    return user


def _import_lists(demo, school, spec: dict, curator) -> None:
    """The two applicant lists written as workbooks and imported by the curator,
    as the import page does (a second run finds every row unchanged)."""
    from participants.services.importing import import_files

    with tempfile.TemporaryDirectory() as folder:
        staff = _workbook(Path(folder) / f"{school.slug}-staff.xlsx", STAFF_HEADER, _staff_rows(spec))
        pupils = _workbook(Path(folder) / f"{school.slug}-pupils.xlsx", PUPIL_HEADER,
                           _pupil_rows(spec, demo.year.starts_on.year))
        import_files(organization=school, paths=[staff, pupils], actor=curator)


def _workbook(path: Path, header: tuple, rows: list) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                 ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o",
                  "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                  "iu", "ia"], strict=True))


def _translit(word: str) -> str:
    return "".join(LATIN.get(letter, letter) for letter in word.lower())


def _staff_rows(spec: dict) -> list:
    rows = []
    for number, (full_name, position, years, category, education, role, text) in enumerate(spec["staff"], 1):
        surname = full_name.split()[0]
        rows.append((full_name, position, years, category, education,
                     "{}@{}".format(_translit(surname), spec["mail"]),
                     "+7 (34667) 4-{:02d}-{:02d}".format(number, 10 + number), role, text))
    return rows


def _pupil_rows(spec: dict, first_year: int) -> list:
    """Birth dates relative to the academic year, so that the pupils keep their
    ages (all minors but an 11th-former of 18) whatever the year of the demo."""
    rows = []
    for number, (surname, name, patronymic, born, grade, role, request) in enumerate(spec["pupils"], 1):
        age, month, day = born
        rows.append((number, surname, name, patronymic, datetime.date(first_year - age, month, day), grade,
                     "", "", role, request, "да"))
    return rows


def _approve_mentors(demo, school, spec: dict, curator) -> None:
    """The school's mentors with consent enter the mentor base by the
    director's order (seed 000 §4.1); done once (only candidates are taken)."""
    from participants.enums import ConsentStatus, MentorStatus
    from participants.models import Mentor
    from participants.services.statuses import approve_mentors

    surnames = ([row[0].split()[0] for row in spec["staff"] if row[5] == MENTOR]
                + [row[0] for row in spec["pupils"] if row[5] == MENTOR])
    candidates = list(Mentor.objects.filter(
        participant__organization=school, participant__surname__in=surnames,
        participant__consent_status=ConsentStatus.GIVEN, status=MentorStatus.CANDIDATE,
    ).select_related("participant").order_by("pk"))
    if candidates:
        approve_mentors(candidates, order_number=spec["order"],
                        order_date=demo.today - datetime.timedelta(days=75), actor=curator)



def _pairs(demo, school, spec: dict, curator, director) -> None:
    """The school's pairs (``spec["pairs"]``) formed and submitted by the
    curator; all but the «proposed» ones approved by the director's pairs
    order, dated 45 days back so that the first ones have held their
    meetings. Done once: nothing when the school has a pair of its own mentor
    (a pair with a mentor of the territory base does not count)."""
    from django.db import transaction
    from django.utils import timezone

    from mentoring.models import MentoringForm, MentoringKind, Programme
    from pairs.models import Pair
    from pairs.services.approval import approve_pairs
    from pairs.services.formation import create_pair, submit_pairs
    from participants.models import Mentee, Mentor

    from .builder import _meetings

    if Pair.objects.filter(organization=school, mentor__participant__organization=school).exists():
        return
    forms = {form.code: form for form in MentoringForm.objects.all()}
    kinds = {kind.code: kind for kind in MentoringKind.objects.all()}
    programme = Programme.objects.filter(organization=school).order_by("pk").first()
    mentors = {m.participant.surname: m for m in Mentor.objects.filter(
        participant__organization=school).select_related("participant")}
    mentees = {m.participant.surname: m for m in Mentee.objects.filter(
        participant__organization=school).select_related("participant")}
    made = {"active": [], "approved": [], "proposed": []}
    with transaction.atomic():
        for form, kind, mentor, group, state in spec["pairs"]:
            made[state].append(create_pair(
                organization=school, form=forms[form], kind=kinds[kind], mentor=mentors[mentor],
                mentees=[mentees[surname] for surname in group], actor=curator, programme=programme,
            ))
        submit_pairs([pair for pairs in made.values() for pair in pairs], actor=curator)
        approved = made["active"] + made["approved"]
        approve_pairs(approved, actor=director)
        Pair.objects.filter(pk__in=[p.pk for p in approved]).update(
            approved_at=timezone.now() - datetime.timedelta(days=45))
    _meetings(made["active"], [], demo.today, curator, curator, plan=SCHOOL_MEETINGS)
