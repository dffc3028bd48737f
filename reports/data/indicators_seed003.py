"""The indicators of seed 003 («Программа внедрения целевой модели
наставничества», 2020–2024): the 13 «Показатели, характеризующие
результативность мероприятий Программы» (type основной / аналитический) and the
6 «Показатели эффективности внедрения целевой модели наставничества», each with
its base value of 2020 and its targets for 2021–2024.

Titles are seed data and stay in Russian, as the seed spells them. The seed
gives calendar years; a target of year Y is stored for the academic year that
starts in it, «Y/Y+1» (2021 → «2021/2022»), because the portal keeps targets
per academic year (``calendar_targets``). The base year stays «2020» as the
seed gives it.
"""

from reports.enums import IndicatorGroup, IndicatorMethod, IndicatorType, IndicatorUnit

SOURCE = "Программа (003)"
CALENDAR_YEARS = ["2021", "2022", "2023", "2024"]
BASE_YEAR = "2020"


def academic_title(calendar_year: str | int) -> str:
    """Seed 003 calendar year Y → the academic-year title «Y/Y+1»."""
    first = int(calendar_year)
    return f"{first}/{first + 1}"


YEARS = [academic_title(y) for y in CALENDAR_YEARS]


def calendar_targets(*values) -> dict[str, int]:
    """The seed's targets for 2021–2024 keyed by academic-year title."""
    return dict(zip(YEARS, values, strict=True))


MAIN, ANALYTICAL = IndicatorType.MAIN, IndicatorType.ANALYTICAL
PCT, PEOPLE, ITEMS = IndicatorUnit.PERCENT, IndicatorUnit.PEOPLE, IndicatorUnit.ITEMS
M = IndicatorMethod

# (№, title, type, unit, method, base 2020, targets 2021–2024)
_PERFORMANCE = [
    (1, "Доля сформированных пар «наставник-наставляемый» от общего числа нуждающихся в этом "
        "молодых (начинающих) специалистов Техникума, %",
     MAIN, PCT, M.YOUNG_SPECIALISTS_PAIRED, 100, (100, 100, 100, 100)),
    (2, "Доля преподавателей, успешно прошедших аттестацию в целях установления "
        "квалификационной категории, %",
     MAIN, PCT, M.MANUAL, 100, (100, 100, 100, 100)),
    (3, "Текучесть кадров среди преподавателей Техникума со стажем 0-3 года, %",
     ANALYTICAL, PCT, M.MANUAL, 20, (10, 0, 0, 0)),
    (4, "Доля сформированных пар «наставник-наставляемый» от общего числа нуждающихся в этом "
        "обучающихся.",
     MAIN, PCT, M.STUDENTS_PAIRED, 40, (60, 100, 100, 100)),
    (5, "Доля штатных педагогических работников, прошедших повышение квалификации, в том числе "
        "в направлении информационных и производственных технологий, необходимых в условиях "
        "цифровой экономики, инклюзивных технологий обучения, в т.ч. для выполнения функций "
        "наставника, %",
     ANALYTICAL, PCT, M.MANUAL, 25, (30, 40, 30, 33)),
    (6, "Количество договоров о дуальном обучении по ОПОП, реализуемых в Техникуме, ед.",
     MAIN, ITEMS, M.MANUAL, 2, (3, 5, 7, 9)),
    (7, "Количество компетенций Ворлдскиллс, в которых принимают участие студенты Техникума, ед.",
     MAIN, ITEMS, M.MANUAL, 10, (12, 14, 14, 16)),
    (8, "Количество студентов, участвующих в соревнованиях Ворлдскиллс Россия (регионального "
        "уровня) по специальностям СПО, чел.",
     MAIN, PEOPLE, M.MANUAL, 14, (17, 20, 20, 21)),
    (9, "Количество студентов, участвующих в региональных олимпиадах и конкурсах "
        "профессионального мастерства, чел.",
     MAIN, PEOPLE, M.MANUAL, 9, (11, 12, 13, 13)),
    (10, "Количество специальностей, по которым внедрена ГИА в форме демонстрационного "
         "экзамена, ед.",
     MAIN, ITEMS, M.MANUAL, 0, (1, 2, 4, 4)),
    (11, "Численность выпускников очной формы обучения сдавших демонстрационный экзамен в "
         "рамках ГИА, чел.",
     MAIN, PEOPLE, M.MANUAL, 0, (24, 64, 125, 125)),
    (12, "Доля выпускников, трудоустроенных по полученной специальности, %",
     ANALYTICAL, PCT, M.MANUAL, 85, (90, 90, 90, 90)),
    (13, "Доля выпускников из числа лиц с ОВЗ и инвалидов, трудоустроенных по полученной "
         "специальности, %",
     ANALYTICAL, PCT, M.MANUAL, 0, (100, 100, 100, 100)),
]

# (№, title, unit, method, base 2020, targets 2021–2024); the seed gives no type.
_EFFICIENCY = [
    (1, "Доля детей в возрасте от 10 до 19 лет, вошедших в программы наставничества в роли "
        "наставляемого, %",
     PCT, M.CHILDREN_AS_MENTEES, 10, (30, 40, 50, 70)),
    (2, "Доля детей и подростков в возрасте от 15 до 19 лет, вошедших в программы "
        "наставничества в роли наставника, %",
     PCT, M.CHILDREN_AS_MENTORS, 2, (4, 6, 8, 10)),
    (3, "Доля учителей-молодых специалистов (с опытом работы от 0 до 3 лет), вошедших в "
        "программы наставничества в роли наставляемого, %",
     PCT, M.YOUNG_SPECIALISTS_AS_MENTEES, 45, (50, 60, 65, 70)),
    (4, "Доля предприятий (организаций) от общего количества предприятий, осуществляющих "
        "деятельность в Кеморовской области, вошедших в программу наставничества, "
        "предоставив своих наставников, %",
     PCT, M.MANUAL, 2, (10, 16, 24, 30)),
    (5, "Уровень удовлетворенности наставляемых участием в программах наставничества, %",
     PCT, M.MENTEE_SATISFACTION, 50, (55, 65, 75, 85)),
    (6, "Уровень удовлетворенности наставников участием в программах наставничества, %",
     PCT, M.MENTOR_SATISFACTION, 50, (55, 65, 75, 85)),
]

# Indicators where a lower actual value is better (staff turnover): met when
# actual <= target.
LOWER_IS_BETTER = {"seed003-performance-03"}

INDICATORS = [
    {
        "code": "seed003-performance-%02d" % number,
        "title": title,
        "group": IndicatorGroup.PERFORMANCE,
        "indicator_type": kind,
        "unit": unit,
        "method": method,
        "position": 100 + number,
        "base_value": base,
        "base_year": BASE_YEAR,
        "targets": calendar_targets(*targets),
        "source": f"{SOURCE}, результативность, №{number}",
    }
    for number, title, kind, unit, method, base, targets in _PERFORMANCE
] + [
    {
        "code": "seed003-efficiency-%02d" % number,
        "title": title,
        "group": IndicatorGroup.EFFICIENCY,
        "indicator_type": "",
        "unit": unit,
        "method": method,
        "position": 200 + number,
        "base_value": base,
        "base_year": BASE_YEAR,
        "targets": calendar_targets(*targets),
        "source": f"{SOURCE}, эффективность внедрения ЦМН, №{number}",
    }
    for number, title, unit, method, base, targets in _EFFICIENCY
]
