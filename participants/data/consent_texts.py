"""Versions of the consent text the portal prints and records (152-ФЗ art. 9
part 4). A consent stores the version it was given under; a version, once used,
is never edited: add a new one and make it ``CURRENT_VERSION``.

The wording is part of a legal document and is kept here as literal Russian
(not as msgids): a catalogue edit must never change a text people have signed.
``participants.services.consents.consent_form_pages`` fills the placeholders and
``templates/participants/documents/consent_form.html`` lays the form out.
"""

from dataclasses import dataclass

from ..enums import ConsentPurpose, PersonalDataCategory


@dataclass(frozen=True)
class ConsentText:
    """One version of the consent form.

    ``purposes`` and ``data_categories`` hold the enum values the version
    offers (a recorded consent may name a non-empty subset of them);
    ``purpose_wording`` / ``data_wording`` are ``(value, Russian wording)`` pairs
    printed on the form. ``self_clause`` opens the form signed by the person,
    ``representative_clause`` the one signed by a legal representative of a
    minor. ``body`` is paragraphs separated by blank lines; a paragraph that is
    exactly ``{purposes}`` or ``{data}`` is printed as the numbered list of the
    chosen purposes or data. Placeholders: ``{declarant}`` (the opening clause),
    ``{operator}``, ``{operator_address}`` in ``body``; ``{subject_name}``,
    ``{birth_date}``, ``{representative_name}``, ``{representative_relation}``,
    ``{representative_document}`` and ``{blank}`` (a line to fill by hand) in
    the clauses.
    """

    version: str
    title: str
    purposes: tuple[str, ...]
    data_categories: tuple[str, ...]
    body: str
    self_clause: str = ""
    representative_clause: str = ""
    purpose_wording: tuple[tuple[str, str], ...] = ()
    data_wording: tuple[tuple[str, str], ...] = ()

    def purpose_text(self, value: str) -> str:
        """The printed wording of purpose ``value`` (KeyError if not offered)."""
        return dict(self.purpose_wording)[value]

    def data_text(self, value: str) -> str:
        """The printed wording of data category ``value`` (KeyError if not offered)."""
        return dict(self.data_wording)[value]

    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.body.split("\n\n") if p.strip()]


CURRENT_VERSION = "2026-1"

_PURPOSES_2026_1 = (
    (
        ConsentPurpose.PROGRAMME,
        "организация участия субъекта персональных данных в программе наставничества "
        "Оператора (целевая модель наставничества, распоряжение Минпросвещения России "
        "от 25.12.2019 № Р-145), ведение базы наставников и базы наставляемых;",
    ),
    (
        ConsentPurpose.MATCHING,
        "подбор наставников и наставляемых, формирование наставнических пар (групп), "
        "составление персонализированных программ наставничества;",
    ),
    (
        ConsentPurpose.DOCUMENTS,
        "подготовка распорядительных документов (приказов), отчётов, мониторинга и "
        "оценки результатов программы наставничества;",
    ),
    (
        ConsentPurpose.CONTACT,
        "связь с субъектом персональных данных (законным представителем) по вопросам "
        "программы наставничества: приглашения на встречи, анкеты обратной связи.",
    ),
)

_DATA_2026_1 = (
    (PersonalDataCategory.NAME, "фамилия, имя, отчество;"),
    (PersonalDataCategory.BIRTH_DATE, "дата рождения;"),
    (PersonalDataCategory.CONTACTS, "номер телефона, адрес электронной почты;"),
    (
        PersonalDataCategory.STUDY,
        "сведения об обучении: учебная группа, курс, специальность (профессия);",
    ),
    (
        PersonalDataCategory.WORK,
        "сведения о работе: должность, место работы, педагогический стаж, "
        "квалификационная категория, образование;",
    ),
    (
        PersonalDataCategory.PROFILE,
        "сведения профиля участника программы: интересы, профессиональные компетенции, "
        "жизненный опыт, запросы на наставничество, портфолио, сведения об обучении "
        "наставников;",
    ),
    (
        PersonalDataCategory.FEEDBACK,
        "сведения об участии в программе: встречи, ответы на анкеты обратной связи и "
        "удовлетворённости.",
    ),
)

CONSENT_TEXTS: dict[str, ConsentText] = {
    "2026-1": ConsentText(
        version="2026-1",
        title="Согласие на обработку персональных данных участника программы наставничества",
        # Publication of names and photos (ConsentPurpose.PUBLICATION) is not
        # offered here: a consent to data made public must be a separate
        # document (152-ФЗ art. 10.1 part 1), and photos are not in the list.
        purposes=tuple(str(value) for value, _text in _PURPOSES_2026_1),
        data_categories=tuple(PersonalDataCategory.values),
        purpose_wording=tuple((str(v), t) for v, t in _PURPOSES_2026_1),
        data_wording=tuple((str(v), t) for v, t in _DATA_2026_1),
        self_clause=(
            "Я, {subject_name}, дата рождения {birth_date}, зарегистрированный(ая) по адресу: "
            "{blank}, основной документ, удостоверяющий личность: {blank} "
            "(серия, номер, дата выдачи, кем выдан), далее — субъект персональных данных,"
        ),
        representative_clause=(
            "Я, {representative_name}, зарегистрированный(ая) по адресу: {blank}, основной "
            "документ, удостоверяющий личность: {blank} (серия, номер, дата выдачи, кем "
            "выдан), являясь законным представителем ({representative_relation}) "
            "несовершеннолетнего(ей) {subject_name}, дата рождения {birth_date}, "
            "зарегистрированного(ой) по адресу: {blank}, документ, удостоверяющий личность "
            "несовершеннолетнего: {blank} (далее — субъект персональных данных), на "
            "основании документа, подтверждающего полномочия законного представителя: "
            "{representative_document} (свидетельство о рождении, решение об установлении "
            "опеки (попечительства)),"
        ),
        body="""
{declarant} в соответствии со статьями 6 и 9 Федерального закона от 27.07.2006
№ 152-ФЗ «О персональных данных» свободно, своей волей и в своём интересе (в
интересе представляемого) даю согласие оператору — {operator}, адрес:
{operator_address} (далее — Оператор), на обработку персональных данных субъекта
персональных данных на следующих условиях.

1. Цели обработки персональных данных:

{purposes}

2. Перечень персональных данных, на обработку которых даётся согласие:

{data}

3. Действия с персональными данными: сбор, запись, систематизация, накопление,
хранение, уточнение (обновление, изменение), извлечение, использование,
предоставление доступа куратору, руководителю и рабочей группе программы
наставничества Оператора, наставнику и наставляемым той же наставнической пары
(группы), передача в случаях, предусмотренных законом, обезличивание,
блокирование, удаление, уничтожение — с использованием средств автоматизации (в том
числе в информационной системе программы наставничества Оператора) и без них.

4. Согласие действует со дня его подписания до окончания участия субъекта
персональных данных в программе наставничества и 1 (один) год после него либо до
его отзыва. После этого персональные данные обезличиваются или уничтожаются, кроме
сведений, хранение которых обязательно по законодательству Российской Федерации.

5. Согласие может быть отозвано в любое время письменным заявлением, поданным
Оператору лично или направленным по его адресу. После получения отзыва Оператор
прекращает обработку и обезличивает или уничтожает персональные данные в срок, не
превышающий 30 дней (часть 5 статьи 21 Федерального закона № 152-ФЗ); участие в
программе наставничества при этом прекращается. Права субъекта персональных данных,
в том числе право на получение сведений об обработке его персональных данных
(статья 14 Федерального закона № 152-ФЗ), мне разъяснены.
""",
    ),
}


# A consent to publication (152-ФЗ art. 10.1: personal data made public are
# consented to in a separate document): the name, the photo, the competencies
# and the awards of a mentor on the public pages of the portal (seed 002 item
# 14, seed 001 6.3 «доска почёта наставников»). Withdrawing it removes the person
# from the public pages at once (reports.selectors_public reads it per request).
PUBLICATION_VERSION = "publication-2026-1"

CONSENT_TEXTS[PUBLICATION_VERSION] = ConsentText(
    version=PUBLICATION_VERSION,
    title="Согласие на обработку персональных данных, разрешённых для распространения",
    purposes=(str(ConsentPurpose.PUBLICATION),),
    data_categories=(str(PersonalDataCategory.NAME), str(PersonalDataCategory.PROFILE)),
    purpose_wording=((
        str(ConsentPurpose.PUBLICATION),
        "размещение на публичных страницах программы наставничества Оператора и "
        "муниципального образования в сети «Интернет» (доска почёта наставников, база "
        "успешных практик, итоги конкурсов) сведений о субъекте персональных данных как "
        "о наставнике, его достижениях и поощрениях.",
    ),),
    data_wording=(
        (str(PersonalDataCategory.NAME), "фамилия, имя, отчество;"),
        (
            str(PersonalDataCategory.PROFILE),
            "фотографическое изображение; профессиональные компетенции (сфера "
            "профессиональной деятельности); сведения о поощрениях и наградах, "
            "полученных в программе наставничества, и о победах в конкурсах.",
        ),
    ),
    self_clause=(
        "Я, {subject_name}, дата рождения {birth_date}, основной документ, удостоверяющий "
        "личность: {blank} (серия, номер, дата выдачи, кем выдан), далее — субъект "
        "персональных данных,"
    ),
    representative_clause=(
        "Я, {representative_name}, основной документ, удостоверяющий личность: {blank}, "
        "являясь законным представителем ({representative_relation}) "
        "несовершеннолетнего(ей) {subject_name}, дата рождения {birth_date} (далее — "
        "субъект персональных данных), на основании документа, подтверждающего полномочия "
        "законного представителя: {representative_document},"
    ),
    body="""
{declarant} в соответствии со статьёй 10.1 Федерального закона от 27.07.2006
№ 152-ФЗ «О персональных данных» даю согласие оператору — {operator}, адрес:
{operator_address} (далее — Оператор), на распространение персональных данных
субъекта персональных данных на следующих условиях.

1. Цель распространения:

{purposes}

2. Персональные данные, разрешённые для распространения:

{data}

3. Персональные данные размещаются только на публичных страницах программы
наставничества в информационной системе Оператора. Контактные данные, дата рождения,
сведения об обучении и о работе субъекта персональных данных не распространяются.
Неограниченному кругу лиц запрещается передача (кроме предоставления доступа)
и иная обработка этих персональных данных, кроме ознакомления.

4. Согласие действует со дня его подписания до окончания участия субъекта
персональных данных в программе наставничества и 1 (один) год после него либо до его
отзыва. Согласие может быть отозвано в любое время письменным заявлением; после его
получения Оператор прекращает распространение персональных данных незамедлительно
(часть 12 статьи 10.1 Федерального закона № 152-ФЗ). Отзыв этого согласия не прекращает участия в программе наставничества.
""",
)


# A consent to the listing in the territory's mentor base (seed 002 items 6, 7,
# 11): the curators of the territory's other organisations and the territory
# curator see the mentor's name, organisation, position, competencies, forms of
# mentoring and free places (never the contacts). A separate document, so that
# withdrawing it removes the listing without ending the programme consent
# (participants.services.territory_base).
TERRITORY_BASE_VERSION = "territory-2026-1"

CONSENT_TEXTS[TERRITORY_BASE_VERSION] = ConsentText(
    version=TERRITORY_BASE_VERSION,
    title="Согласие на включение в муниципальную базу наставников",
    purposes=(str(ConsentPurpose.TERRITORY_BASE),),
    data_categories=(
        str(PersonalDataCategory.NAME), str(PersonalDataCategory.WORK),
        str(PersonalDataCategory.PROFILE),
    ),
    purpose_wording=((
        str(ConsentPurpose.TERRITORY_BASE),
        "включение в муниципальную базу наставников и предоставление доступа к сведениям "
        "о субъекте персональных данных как о наставнике кураторам и руководителям "
        "образовательных организаций муниципального образования и муниципальному куратору "
        "для приглашения к наставничеству обучающихся и педагогов этих организаций.",
    ),),
    data_wording=(
        (str(PersonalDataCategory.NAME), "фамилия, имя, отчество;"),
        (str(PersonalDataCategory.WORK), "место работы (организация), должность;"),
        (
            str(PersonalDataCategory.PROFILE),
            "профессиональные компетенции и интересы, формы наставничества, число "
            "свободных мест, сведения о себе для других организаций.",
        ),
    ),
    self_clause=(
        "Я, {subject_name}, дата рождения {birth_date}, основной документ, удостоверяющий "
        "личность: {blank} (серия, номер, дата выдачи, кем выдан), далее — субъект "
        "персональных данных,"
    ),
    representative_clause=(
        "Я, {representative_name}, основной документ, удостоверяющий личность: {blank}, "
        "являясь законным представителем ({representative_relation}) "
        "несовершеннолетнего(ей) {subject_name}, дата рождения {birth_date} (далее — "
        "субъект персональных данных), на основании документа, подтверждающего полномочия "
        "законного представителя: {representative_document},"
    ),
    body="""
{declarant} в соответствии со статьями 6 и 9 Федерального закона от 27.07.2006
№ 152-ФЗ «О персональных данных» даю согласие оператору — {operator}, адрес:
{operator_address} (далее — Оператор), на обработку персональных данных субъекта
персональных данных на следующих условиях.

1. Цель обработки:

{purposes}

2. Персональные данные:

{data}

3. Контактные данные, дата рождения и сведения об обучении в муниципальную базу
наставников не включаются; связь с наставником ведётся через информационную систему
программы наставничества.

4. Согласие действует до исключения из муниципальной базы наставников и 1 (один) год
после него либо до его отзыва. Согласие может быть отозвано в любое время письменным
заявлением; после его получения сведения исключаются из муниципальной базы
наставников незамедлительно. Отзыв этого согласия не прекращает участия в программе
наставничества своей организации (152-ФЗ, часть 5 статьи 21).
""",
)


def current_text() -> ConsentText:
    return CONSENT_TEXTS[CURRENT_VERSION]


def current_version() -> str:
    """The default of ``Consent.text_version``."""
    return CURRENT_VERSION
