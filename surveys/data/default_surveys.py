"""The default questionnaires every organisation starts with.

Russian titles and questions are seed data stored in the database (curators may
edit them in the admin), not interface strings. Sources:

- feedback after a meeting: seed 000 §9, 6.4 «комплекс последовательных регулярных
  встреч наставника и наставляемого с обязательным заполнением форм обратной связи»
  and 6.6 (collecting the forms for monitoring);
- compatibility after the trial meeting: seed 000 §9, 5.3 «анкеты „обратной связи“ о
  психологической совместимости сформированных пар (анкеты от наставников и от
  наставляемых)» and the planned results of the trial meeting, 6.2;
- the final satisfaction survey in May: seed 000 §9, 7.1 «анализ личной
  удовлетворенности участием в программе наставничества», with the criteria of a
  successful programme of seed 004 §8.3 and the decision about a new cycle of
  seed 001, 7.1.

``DEFAULT_SURVEYS`` is a list of ``{"kind", "respondent_role", "title",
"questions": [{"text", "question_type", "required", "measures_satisfaction"}]}``.
"""

from ..enums import QuestionType, RespondentRole, SurveyKind

SCALE = QuestionType.SCALE
TEXT = QuestionType.TEXT
YES_NO = QuestionType.YES_NO
MENTOR = RespondentRole.MENTOR
MENTEE = RespondentRole.MENTEE


def _q(text: str, question_type: str, *, required: bool = True, satisfaction: bool = False) -> dict:
    return {
        "text": text,
        "question_type": question_type,
        "required": required,
        "measures_satisfaction": satisfaction,
    }


# The other side of the pair, as the respondent names it.
_PARTNER = {
    MENTOR: "наставляемым (наставляемыми)",
    MENTEE: "наставником",
}
_PARTNER_GENITIVE = {
    MENTOR: "наставляемого (наставляемых)",
    MENTEE: "наставника",
}


def _meeting_feedback(role: str) -> dict:
    partner = _PARTNER[role]
    return {
        "kind": SurveyKind.MEETING_FEEDBACK,
        "respondent_role": role,
        "title": "Форма обратной связи после встречи",
        "questions": [
            _q("Насколько полезной была встреча?", SCALE, satisfaction=True),
            _q(f"Насколько комфортно было общение с {partner}?", SCALE, satisfaction=True),
            _q("Что удалось сделать?", TEXT),
            _q("Какие трудности возникли?", TEXT, required=False),
            _q("Нужна ли помощь куратора?", YES_NO),
        ],
    }


def _compatibility(role: str) -> dict:
    partner, partner_genitive = _PARTNER[role], _PARTNER_GENITIVE[role]
    return {
        "kind": SurveyKind.COMPATIBILITY,
        "respondent_role": role,
        "title": "Анкета обратной связи о психологической совместимости после пробной встречи",
        "questions": [
            _q("Насколько полезной была встреча?", SCALE, satisfaction=True),
            _q(f"Насколько комфортно было общение с {partner}?", SCALE, satisfaction=True),
            _q(
                f"Подходят ли вам стиль общения и темперамент {partner_genitive}?",
                YES_NO,
            ),
            _q("Понимаете ли вы, чем можете быть полезны друг другу?", YES_NO),
            _q(
                "Готовы ли вы продолжить работу в этой паре (группе) и составить план "
                "реализации программы наставничества?",
                YES_NO,
            ),
            _q("Что могло бы помешать вашей совместной работе?", TEXT, required=False),
        ],
    }


def _final_satisfaction(role: str) -> dict:
    partner = _PARTNER[role]
    if role == MENTOR:
        growth = _q(
            "Насколько участие в программе улучшило ваши собственные профессиональные результаты?",
            SCALE,
        )
        future = _q("Готовы ли вы продолжить наставническую деятельность в новом учебном году?", YES_NO)
    else:
        growth = _q(
            "Насколько выросла ваша мотивация к саморазвитию и профессиональному самообразованию?",
            SCALE,
        )
        future = _q("Хотели бы вы в будущем сами стать наставником?", YES_NO)
    return {
        "kind": SurveyKind.FINAL_SATISFACTION,
        "respondent_role": role,
        "title": "Итоговая анкета удовлетворённости участием в программе наставничества",
        "questions": [
            _q("Оцените удовлетворённость участием в программе наставничества", SCALE, satisfaction=True),
            _q("Насколько достигнуты цели персонализированной программы наставничества?", SCALE),
            growth,
            _q(
                f"Насколько регулярными и результативными были встречи с {partner}?",
                SCALE,
            ),
            future,
            _q("Что было самым ценным в программе наставничества?", TEXT, required=False),
            _q("Ваши предложения по улучшению программы наставничества", TEXT, required=False),
        ],
    }


DEFAULT_SURVEYS: list[dict] = [
    build(role)
    for build in (_meeting_feedback, _compatibility, _final_satisfaction)
    for role in (MENTOR, MENTEE)
]
