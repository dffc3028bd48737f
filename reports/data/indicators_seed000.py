"""The eight efficiency indicators of the target mentoring model with their
yearly targets, as in seed 000 §7 («Показатели эффективности внедрения целевой
модели наставничества»). Titles are seed data and stay in Russian; targets are
percentages keyed by academic-year title. The seed gives no base value."""

from reports.enums import IndicatorGroup, IndicatorMethod, IndicatorUnit

SOURCE = "Дорожная карта (000), §7"

YEARS = ["2021/2022", "2022/2023", "2023/2024", "2024/2025", "2025/2026"]


def _targets(*values: int) -> dict[str, int]:
    return dict(zip(YEARS, values, strict=True))


INDICATORS = [
    {
        "code": "teachers-as-mentees",
        "title": "Доля преподавателей от общего числа педагогов, вошедших в программу "
        "наставничества в роли наставляемого, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.TEACHERS_AS_MENTEES,
        "position": 1,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №1",
        "targets": _targets(12, 11, 10, 8, 8),
    },
    {
        "code": "teachers-as-mentors",
        "title": "Доля преподавателей от общего числа педагогов, вошедших в программу "
        "наставничества в роли наставника, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.TEACHERS_AS_MENTORS,
        "position": 2,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №2",
        "targets": _targets(12, 11, 10, 8, 8),
    },
    {
        "code": "students-as-mentees",
        "title": "Доля обучающихся от общего количества обучающихся колледжа, вошедших в "
        "программу наставничества в роли наставляемого, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.STUDENTS_AS_MENTEES,
        "position": 3,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №3",
        "targets": _targets(10, 12, 15, 20, 25),
    },
    {
        "code": "students-as-mentors",
        "title": "Доля обучающихся от общего количества обучающихся колледжа, вошедших в "
        "программу наставничества в роли наставника, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.STUDENTS_AS_MENTORS,
        "position": 4,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №4",
        "targets": _targets(10, 12, 15, 20, 25),
    },
    {
        "code": "employers-as-mentors",
        "title": "Доля представителей работодателей, от общего числа партнеров "
        "(работодателей) колледжа, вошедших в программы наставничества колледжа в роли "
        "наставника, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.EMPLOYERS_AS_MENTORS,
        "position": 5,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №5",
        "targets": _targets(2, 4, 6, 8, 10),
    },
    {
        "code": "pupils-as-mentees",
        "title": "Доля школьников, от общего числа привлеченных к профориентации, вошедших в "
        "программы наставничества колледжа в роли наставляемых, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.PUPILS_AS_MENTEES,
        "position": 6,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №6",
        "targets": _targets(10, 15, 20, 25, 30),
    },
    {
        "code": "mentee-satisfaction",
        "title": "Уровень удовлетворенности наставляемых участием в программе "
        "наставничества, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.MENTEE_SATISFACTION,
        "position": 7,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №7",
        "targets": _targets(40, 50, 60, 70, 80),
    },
    {
        "code": "mentor-satisfaction",
        "title": "Уровень удовлетворенности наставников участием в программе "
        "наставничества, в %",
        "unit": IndicatorUnit.PERCENT,
        "method": IndicatorMethod.MENTOR_SATISFACTION,
        "position": 8,
        "group": IndicatorGroup.MODEL_EFFICIENCY,
        "source": f"{SOURCE}, №8",
        "targets": _targets(40, 50, 60, 70, 80),
    },
]
