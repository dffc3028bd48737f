"""The demo territory's part: public (issue 14; seed 002 item 14, seed 001 6.3).

The territory page's text and contacts, the public pages of the college and
of one school (when the schools part made any), separate publication consents
of four college mentors (the demo mentor login among them), a generated photo
of the demo mentor, two published practices of the college. Everything goes
through the services; a second run changes and records nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

TERRITORY_INTRO = (
    "В городе Когалыме действует муниципальная система наставничества: школы и колледж "
    "реализуют целевую модель наставничества (распоряжение Минпросвещения России от "
    "25.12.2019 № Р-145) в формах «ученик – ученик», «учитель – учитель», «учитель – "
    "ученик», «студент – ученик» и «работодатель – студент».\n\n"
    "Здесь собраны доски почёта наставников организаций, итоги муниципальных конкурсов "
    "«Лучший наставник» и «Лучшие практики реализации программ наставничества» и "
    "успешные практики."
)
TERRITORY_CONTACTS = (
    "Управление образования Администрации города Когалыма, отдел по организационно-"
    "педагогической деятельности\n628481, г. Когалым, ул. Дружбы Народов, 7\n"
    "Тел.: 8 (34667) 9-00-00, e-mail: uo@example.ru"
)
COLLEGE_CONTACTS = "Методический кабинет (каб. 214)\nТел.: 8 (34667) 2-00-00, e-mail: nastavnik@example.ru"
SCHOOL_CONTACTS = "Кабинет заместителя директора по УВР\nТел.: 8 (34667) 3-00-00"
PUBLISHED_MENTORS = 4
PRACTICES = (
    (
        "«Первый год в профессии»: сопровождение молодых педагогов",
        "Опытные преподаватели сопровождали молодых специалистов в течение учебного года: "
        "совместное планирование занятий, взаимные посещения, разбор трудных ситуаций.",
        "Все молодые специалисты остались в колледже; двое прошли аттестацию.",
    ),
    (
        "Наставничество «работодатель – студент» на производственной практике",
        "Специалисты предприятий-партнёров вели студентов выпускных курсов от практики до "
        "защиты дипломного проекта по реальному заказу предприятия.",
        "Пять дипломных проектов выполнены по заказу работодателей, трое выпускников приняты "
        "на работу.",
    ),
)


def _photo_upload() -> SimpleUploadedFile:
    """A simple generated portrait-like image (Pillow): a coloured square with a circle."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 480), (214, 228, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 80, 330, 260), fill=(120, 150, 190))
    draw.rectangle((110, 290, 370, 480), fill=(60, 90, 140))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("demo-photo.png", out.getvalue(), content_type="image/png")


def _pages(demo) -> None:
    from reports.services.public import update_public_page, update_territory_page

    update_territory_page(demo.territory, actor=demo.coordinator,
                          public_intro=TERRITORY_INTRO, contacts=TERRITORY_CONTACTS)
    college = demo.college
    update_public_page(college, actor=demo.admin, is_public=True, slug=college.slug or "college",
                       contacts=college.contacts or COLLEGE_CONTACTS, website=college.website)
    schools = list(getattr(demo, "schools", None) or [])
    if schools:
        school = schools[0]
        update_public_page(school, actor=demo.admin, is_public=True,
                           slug=school.slug or "school-%d" % school.pk,
                           contacts=school.contacts or SCHOOL_CONTACTS, website=school.website)


def _consents(demo) -> list:
    """Publication consents of the demo mentor and the first other adult
    college mentors with the programme consent; returns the published mentors."""
    from participants.data.consent_texts import PUBLICATION_VERSION
    from participants.enums import ConsentChannel, ConsentGiver, ConsentStatus
    from participants.models import Mentor
    from participants.selectors import publishable_mentors
    from participants.services.consents import record_consent

    published = list(publishable_mentors(today=demo.today).filter(
        participant__organization=demo.college).order_by("pk"))
    candidates = (
        Mentor.objects.filter(participant__organization=demo.college,
                              participant__consent_status=ConsentStatus.GIVEN,
                              participant__anonymised_at__isnull=True)
        .exclude(pk__in=[m.pk for m in published])
        .select_related("participant__user").order_by("pk")
    )
    # the demo mentor's login first, so that the honour board shows a known account
    candidates = sorted(candidates, key=lambda m: (
        not (m.participant.user_id and m.participant.user.username == "mentor"), m.pk))
    for mentor in candidates:
        if len(published) >= PUBLISHED_MENTORS:
            break
        if mentor.participant.is_minor:
            continue
        record_consent(mentor.participant, given_by=ConsentGiver.SELF, given_on=demo.today,
                       actor=demo.admin, text_version=PUBLICATION_VERSION,
                       received_via=ConsentChannel.PAPER,
                       note="Согласие на размещение на доске почёта")
        published.append(mentor)
    return published


def _photo(demo, mentors) -> None:
    from participants.services.photos import set_mentor_photo

    demo_mentor = next((m for m in mentors if m.participant.user_id and
                        m.participant.user.username == "mentor"), None) or (mentors[0] if mentors else None)
    if demo_mentor is not None and not demo_mentor.photo:
        set_mentor_photo(demo_mentor, upload=_photo_upload(), actor=demo.admin)


def _practices(demo, mentors) -> None:
    from mentoring.models import MentoringForm
    from reports.models import Practice
    from reports.services.practices import create_practice, set_practice_published

    forms = {form.code: form for form in MentoringForm.objects.all()}
    chosen = [forms.get("teacher-teacher"), forms.get("employer-student")]
    for index, (title, summary, results) in enumerate(PRACTICES):
        practice = Practice.objects.filter(organization=demo.college, title=title).first()
        if practice is None:
            practice = create_practice(
                demo.college, actor=demo.admin, title=title, summary=summary, results=results,
                academic_year=demo.year, form=chosen[index],
                mentor=mentors[index] if index < len(mentors) else None,
            )
        set_practice_published(practice, published=True, actor=demo.admin)


def build(demo) -> None:
    """Build this part of the demo territory (``mentoring.demo.territory.TerritoryDemo``)."""
    _pages(demo)
    mentors = _consents(demo)
    _photo(demo, mentors)
    _practices(demo, mentors)
