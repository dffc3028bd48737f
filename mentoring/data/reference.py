"""Reference data: the mentoring forms of a college (seed 000 §6) and of a school
(seed 002, «Формы наставничества» and municipal item 9), and the kinds of
mentoring (seed 004 §4). Category codes are ParticipantCategory values;
``organization_kinds`` lists the OrganizationKind values whose new programmes
offer the form by default (``mentoring.services.create_organization``)."""

SCHOOL, COLLEGE, UNIVERSITY, ENTERPRISE = "school", "college", "university", "enterprise"

FORMS = [
    {
        "code": "student-student",
        "name": "студент – студент",
        "mentor_categories": ["student"],
        "mentee_categories": ["student"],
        "description": "Аналогично форме «ученик – ученик» (seed 000 §6).",
        "organization_kinds": [COLLEGE, UNIVERSITY],
    },
    {
        "code": "teacher-teacher",
        "name": "педагог – педагог",
        "mentor_categories": ["teacher"],
        "mentee_categories": ["teacher", "young_specialist"],
        "description": "Аналогично форме «учитель – учитель» (seed 000 §6).",
        "organization_kinds": [COLLEGE, UNIVERSITY],
    },
    {
        "code": "teacher-student",
        "name": "педагог – студент (группа студентов)",
        "mentor_categories": ["teacher"],
        "mentee_categories": ["student"],
        "description": "",
        "organization_kinds": [COLLEGE, UNIVERSITY],
    },
    {
        "code": "employer-student",
        "name": "работодатель – студент",
        "mentor_categories": ["employer_rep", "alumnus"],
        "mentee_categories": ["student"],
        "description": "",
        "organization_kinds": [COLLEGE, UNIVERSITY, ENTERPRISE],
    },
    {
        "code": "student-pupil",
        "name": "студент – ученик",
        "mentor_categories": ["student"],
        "mentee_categories": ["pupil"],
        "description": "",
        "organization_kinds": [COLLEGE, SCHOOL, UNIVERSITY],
    },
    # the school forms (seed 002: «Формы наставничества», municipal item 9;
    # seed 001 is a school's roadmap); «студент – ученик» above serves both
    {
        "code": "pupil-pupil",
        "name": "ученик – ученик",
        "mentor_categories": ["pupil"],
        "mentee_categories": ["pupil"],
        "description": "Взаимодействие обучающихся школы: успевающий или более опытный "
        "ученик помогает сверстнику или младшему (seed 002).",
        "organization_kinds": [SCHOOL],
    },
    {
        "code": "teacher-pupil",
        "name": "учитель – ученик",
        "mentor_categories": ["teacher"],
        "mentee_categories": ["pupil"],
        "description": "Педагог сопровождает ученика (seed 002, п. 9 муниципального уровня).",
        "organization_kinds": [SCHOOL],
    },
    {
        "code": "schoolteacher-teacher",
        "name": "учитель – учитель",
        "mentor_categories": ["teacher"],
        "mentee_categories": ["teacher", "young_specialist"],
        "description": "Опытный учитель и молодой специалист или педагог, сменивший место "
        "работы (seed 002).",
        "organization_kinds": [SCHOOL],
    },
    {
        "code": "employer-pupil",
        "name": "работодатель – ученик",
        "mentor_categories": ["employer_rep", "alumnus"],
        "mentee_categories": ["pupil"],
        "description": "Специалист предприятия сопровождает ученика, в том числе в "
        "профориентации (seed 002).",
        "organization_kinds": [SCHOOL, ENTERPRISE],
    },
]

# code, Russian name, largest number of mentees in one pair or group
KINDS = [
    ("traditional", "традиционное наставничество («один на один»)", 1),
    ("group", "наставничество в группе", 10),
    ("virtual", "виртуальное (дистанционное) наставничество", 1),
    ("short_term", "краткосрочное (целеполагающее) наставничество", 1),
    ("reverse", "реверсивное наставничество", 1),
    ("situational", "ситуационное наставничество", 1),
    ("speed", "скоростное консультационное наставничество", 5),
]
