"""Reference data: the mentoring forms of a college (seed 000 §6) and the kinds of
mentoring (seed 004 §4). Category codes are ParticipantCategory values."""

FORMS = [
    {
        "code": "student-student",
        "name": "студент – студент",
        "mentor_categories": ["student"],
        "mentee_categories": ["student"],
        "description": "Аналогично форме «ученик – ученик» (seed 000 §6).",
    },
    {
        "code": "teacher-teacher",
        "name": "педагог – педагог",
        "mentor_categories": ["teacher"],
        "mentee_categories": ["teacher", "young_specialist"],
        "description": "Аналогично форме «учитель – учитель» (seed 000 §6).",
    },
    {
        "code": "teacher-student",
        "name": "педагог – студент (группа студентов)",
        "mentor_categories": ["teacher"],
        "mentee_categories": ["student"],
        "description": "",
    },
    {
        "code": "employer-student",
        "name": "работодатель – студент",
        "mentor_categories": ["employer_rep", "alumnus"],
        "mentee_categories": ["student"],
        "description": "",
    },
    {
        "code": "student-pupil",
        "name": "студент – ученик",
        "mentor_categories": ["student"],
        "mentee_categories": ["pupil"],
        "description": "",
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
