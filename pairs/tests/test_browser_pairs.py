"""Issue 4 in Debian's Chromium (Playwright): the curator matches a cohort of the
form «педагог – педагог», edits the draft (removes one pair, locks one, adds one
by hand with the score shown first) and sends it to the director; the director
approves it by order; the mentor drafts the personalised programme, adds a plan
item and marks it done, logs the first meeting; the mentee sees the mentor and
the plan and answers the feedback form; the programme's PDF has the seed 004
appendix's sections.

The cohort is built so that the optimum is unique: each of four mentees has one
request that only one mentor covers, the mentors' four places are all there is,
and a fifth mentee, whose request nobody covers, is left out for capacity.
"""

import datetime
import re
import shutil

import pytest
from django.utils import timezone

from mentoring.enums import ParticipantCategory, Role
from mentoring.services import grant_membership
from mentoring.tests.browser import CHROMIUM, PASSWORD, download, login, pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]

MENTORS = {
    # key: (surname, name, patronymic, competencies, interests, capacity)
    "alisova": ("Алисова", "Алиса", "Петровна", "цифровая дидактика", "шахматы", 1),
    "gromova": ("Громова", "Вера", "Ивановна", "классное руководство", "театральная студия", 2),
    "dronov": ("Дронов", "Сергей", "Павлович", "проектная деятельность", "туризм", 1),
}
MENTEES = {
    # key: (surname, name, patronymic, category, request, mentor the matcher gives)
    "bobrov": ("Бобров", "Борис", "Олегович", ParticipantCategory.YOUNG_SPECIALIST,
               "цифровая дидактика", "alisova"),
    "ershova": ("Ершова", "Дарья", "Андреевна", ParticipantCategory.TEACHER,
                "классное руководство", "gromova"),
    "zhukov": ("Жуков", "Илья", "Романович", ParticipantCategory.YOUNG_SPECIALIST,
               "проектная деятельность", "dronov"),
    "zaitseva": ("Зайцева", "Ксения", "Львовна", ParticipantCategory.YOUNG_SPECIALIST,
                 "театральная студия", "gromova"),
    "ivanova": ("Иванова", "Мария", "Сергеевна", ParticipantCategory.TEACHER,
                "хоровое пение", None),
}
ACTIVITY = "Открытый урок с интерактивной доской"


@pytest.fixture
def college(transactional_db):
    """A college with a curator, a director, three teacher mentors approved by
    order and five teacher / young-specialist mentees with requests and consent;
    mentor Алисова and mentee Бобров have accounts («mentor», «mentee»)."""
    from mentoring.models import Organization
    from mentoring.services import ensure_reference_data
    from mentoring.tests.factories import MenteeFactory, MentorFactory, ParticipantFactory
    from participants.models import MenteeRequest
    from participants.services.statuses import approve_mentors

    ensure_reference_data()
    organization = Organization.objects.create(
        name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
        city="Анжеро-Судженск", director_name="Д. Ф. Ахмерова",
    )
    grant_membership(organization=organization, username="curator", role=Role.CURATOR,
                     password=PASSWORD)
    director = grant_membership(organization=organization, username="director",
                                role=Role.DIRECTOR, password=PASSWORD)
    mentors = {}
    for key, (surname, name, patronymic, competencies, interests, capacity) in MENTORS.items():
        participant = ParticipantFactory(
            organization=organization, surname=surname, name=name, patronymic=patronymic,
            category=ParticipantCategory.TEACHER, position="преподаватель",
        )
        mentors[key] = MentorFactory(
            participant=participant, competencies=competencies, interests=interests,
            capacity=capacity,
        )
    approve_mentors(mentors.values(), order_number="45-н", order_date=timezone.localdate(),
                    actor=director)
    mentees = {}
    for key, (surname, name, patronymic, category, request, _mentor) in MENTEES.items():
        participant = ParticipantFactory(
            organization=organization, surname=surname, name=name, patronymic=patronymic,
            category=category, position="преподаватель",
        )
        mentees[key] = MenteeFactory(participant=participant)
        MenteeRequest.objects.create(mentee=mentees[key], text=request)
    grant_membership(organization=organization, username="mentor", role=Role.MENTOR,
                     password=PASSWORD, participant=mentors["alisova"].participant)
    grant_membership(organization=organization, username="mentee", role=Role.MENTEE,
                     password=PASSWORD, participant=mentees["bobrov"].participant)
    return {"organization": organization, "mentors": mentors, "mentees": mentees}


def _mentee_pks(pair) -> set[int]:
    return set(pair.mentees.values_list("pk", flat=True))


def test_browser_pairs_matching_approval_programme_meeting_feedback(
    browser, live_server, college, shots
):
    from mentoring.models import MentoringForm
    from pairs.models import MatchingRun, Meeting, Pair, PersonalPlan, PlanItem
    from pairs.services.plans import SEED_CONTENT, add_months
    from surveys.models import Response

    organization, mentors, mentees = college["organization"], college["mentors"], college["mentees"]
    form = MentoringForm.objects.get(code="teacher-teacher")
    today = timezone.localdate()

    # 1. The curator runs the whole-cohort matcher for «педагог – педагог».
    curator = login(browser, live_server, "curator")
    shots.append(curator)
    curator.get_by_role("link", name="Сформировать пары").first.click()
    curator.locator("#id_filter_form").select_option(label=form.name)
    curator.get_by_role("button", name="Показать").click()
    curator.wait_for_url(re.compile(r"form=%d" % form.pk))
    with curator.expect_navigation():
        curator.locator("#run-button").click()
    run = MatchingRun.objects.get(organization=organization, form=form)
    drafts = {
        next(iter(_mentee_pks(p))): p
        for p in Pair.objects.filter(organization=organization, status="draft").prefetch_related("mentees")
    }
    # the unique optimum: each mentee with the only mentor covering the request
    expected = {mentees[k].pk: mentors[v[5]].pk for k, v in MENTEES.items() if v[5]}
    assert {pk: pair.mentor_id for pk, pair in drafts.items()} == expected
    for mentee_pk, pair in drafts.items():
        terms = {t["code"]: t for t in pair.score_detail[str(mentee_pk)]["terms"]}
        assert terms["requests"]["value"] == 1.0 and pair.score and pair.matching_run_id == run.pk
    assert (run.mentees_count, run.mentors_count, run.paired_count) == (5, 3, 4)
    assert abs(run.total_score - sum(p.score for p in drafts.values())) < 0.01
    assert curator.locator("#run-mentees").inner_text().strip() == "5"
    assert curator.locator("#run-paired").inner_text().startswith("4 (80")
    assert curator.locator("#run-total").inner_text().strip() == f"{run.total_score:.1f}".replace(".", ",")
    reason = curator.locator(f"#unpaired-{mentees['ivanova'].pk} [data-reason]")
    assert reason.get_attribute("data-reason") == "capacity"  # every place is taken
    assert curator.locator("[id^=unpaired-]").count() == 1

    # The score of Бобров's draft, explained term by term.
    bobrov_draft = drafts[mentees["bobrov"].pk]
    row = curator.locator(f"#draft-{bobrov_draft.pk}")
    row.locator("summary").click()
    explanation = row.locator("details table")
    explanation.wait_for()
    assert "«цифровая дидактика»" in explanation.inner_text()
    assert f"{bobrov_draft.score:.1f}".replace(".", ",") in row.locator("summary").inner_text()

    # Remove Зайцева's draft through its confirmation page.
    removed = drafts[mentees["zaitseva"].pk]
    curator.locator(f"#draft-{removed.pk}").get_by_role("link", name="Удалить").click()
    assert "Зайцева Ксения Львовна" in curator.locator("main").inner_text()
    with curator.expect_navigation():
        curator.get_by_role("button", name="Удалить").click()
    assert not Pair.objects.filter(pk=removed.pk).exists()
    assert curator.locator(f"#draft-{removed.pk}").count() == 0

    # Lock Бобров's draft: a rerun would keep it.
    with curator.expect_navigation():
        curator.locator(f"#draft-{bobrov_draft.pk}").get_by_role("button", name="Закрепить").click()
    bobrov_draft.refresh_from_db()
    assert bobrov_draft.locked
    curator.locator(f"#draft-{bobrov_draft.pk}").get_by_role("button", name="Открепить").wait_for()

    # Add Иванова to Громова's freed place by hand: the score shows before saving.
    curator.locator(f"#unpaired-{mentees['ivanova'].pk}").get_by_role("link").click()
    curator.wait_for_url(re.compile(r"/pairs/form/add/"))
    assert curator.locator("#id_mentees").evaluate("s => [...s.selectedOptions].map(o => o.value)") == [
        str(mentees["ivanova"].pk)
    ]
    curator.locator("#id_mentor").select_option(value=str(mentors["gromova"].pk))
    shown = curator.locator(f"#score-{mentees['ivanova'].pk} [data-score-total]")
    shown.wait_for()  # the htmx partial arrived
    shown_score = shown.inner_text().strip()
    assert "Громова В. И." in curator.locator("#score-panel").inner_text()
    with curator.expect_navigation():
        curator.get_by_role("button", name="Сохранить закреплённый черновик").click()
    by_hand = Pair.objects.get(organization=organization, mentees=mentees["ivanova"])
    assert (by_hand.mentor_id, by_hand.status, by_hand.locked, by_hand.matching_run_id) == (
        mentors["gromova"].pk, "draft", True, None
    )
    assert f"{by_hand.score:.1f}".replace(".", ",") == shown_score

    # Send every draft of the page to the director.
    draft_pks = set(Pair.objects.filter(organization=organization, status="draft").values_list("pk", flat=True))
    assert len(draft_pks) == 4 and by_hand.pk in draft_pks and removed.pk not in draft_pks
    for pk in draft_pks:
        curator.locator(f"#draft-{pk} input[name=pair]").check()
    with curator.expect_navigation():
        curator.get_by_role("button", name="Отправить выбранные директору").click()
    assert set(Pair.objects.filter(organization=organization, status="proposed").values_list("pk", flat=True)) == draft_pks

    # 2. The director approves them; the order fixes them.
    director = login(browser, live_server, "director")
    shots.append(director)
    director.get_by_role("link", name="Утверждение пар").first.click()
    for pk in draft_pks:
        director.locator(f"input[name=pairs][value='{pk}']").check()
    with director.expect_navigation():
        director.get_by_role("button", name="Утвердить").click()
    approved = Pair.objects.filter(pk__in=draft_pks)
    assert {p.status for p in approved} == {"approved"}
    orders = {p.order_id for p in approved}
    assert len(orders) == 1 and None not in orders
    pair = Pair.objects.get(pk=bobrov_draft.pk)
    assert pair.approved_by.username == "director"
    assert f"№ {pair.order.number}" in director.locator("main").inner_text()

    # 3. The mentor drafts the personalised programme, prefilled from the seed.
    mentor = login(browser, live_server, "mentor")
    shots.append(mentor)
    mentor.get_by_role("link", name="Мои пары").first.click()
    card = mentor.locator(f"#my-pair-{pair.pk}")
    assert "Бобров Борис Олегович" in card.inner_text()
    card.get_by_role("link", name="Составить программу").click()
    mentor.wait_for_url(re.compile(r"/plan/edit/"))
    assert mentor.locator("#id_content").input_value() == SEED_CONTENT
    assert mentor.locator("#id_starts_on").input_value() == today.isoformat()
    ends_on = add_months(today, 6)
    mentor.locator("#id_deficits").fill("Затруднения в применении цифровых образовательных ресурсов.")
    mentor.locator("#id_goal").fill("Освоить цифровые инструменты на уроке.")
    mentor.locator("#id_tasks").fill("1. Изучить платформы.\n2. Провести открытый урок.")
    mentor.locator("#id_ends_on").fill(ends_on.isoformat())
    with mentor.expect_navigation():
        mentor.get_by_role("button", name="Сохранить").click()
    plan = PersonalPlan.objects.get(pair=pair)
    assert (plan.starts_on, plan.ends_on) == (today, ends_on)
    assert plan.content == SEED_CONTENT  # the textarea's «\r\n» stored as «\n»
    assert plan.goal == "Освоить цифровые инструменты на уроке."

    # A plan item; then it is marked done with the evidence.
    mentor.get_by_role("link", name="Добавить мероприятие").first.click()
    mentor.locator("#id_direction").select_option("ict")
    mentor.locator("#id_activity").fill(ACTIVITY)
    mentor.locator("#id_deadline").fill((today + datetime.timedelta(days=30)).isoformat())
    mentor.locator("#id_methods").fill("Взаимопосещение, анализ урока")
    mentor.locator("#id_expected_result").fill("Урок проведён, самоанализ написан")
    with mentor.expect_navigation():
        mentor.get_by_role("button", name="Сохранить", exact=True).click()
    item = PlanItem.objects.get(plan=plan)
    assert (item.direction, item.activity, item.done) == ("ict", ACTIVITY, False)
    mentor.locator(f"#plan-item-{item.pk}").get_by_role("link", name="Изменить").click()
    mentor.locator("#id_done").check()
    mentor.locator("#id_done_on").fill(today.isoformat())
    mentor.locator("#id_evidence").fill("https://example.ru/konspekt-uroka.pdf")
    with mentor.expect_navigation():
        mentor.get_by_role("button", name="Сохранить", exact=True).click()
    item.refresh_from_db()
    assert (item.done, item.done_on, item.evidence) == (True, today, "https://example.ru/konspekt-uroka.pdf")
    assert "konspekt-uroka.pdf" in mentor.locator(f"#plan-item-{item.pk}").inner_text()

    # The first meeting makes the pair active.
    mentor.get_by_role("link", name="Мои пары").first.click()
    mentor.locator(f"#my-pair-{pair.pk}").get_by_role("link", name="Записать встречу").click()
    mentor.locator("select[name=meeting_type]").select_option("introductory")
    mentor.locator("input[name=held_on]").fill(today.isoformat())
    mentor.locator("input[name=topic]").fill("Знакомство, цели и ожидания")
    mentor.locator("input[name=duration_minutes]").fill("45")
    with mentor.expect_navigation():
        mentor.get_by_role("button", name="Сохранить встречу").click()
    meeting = Meeting.objects.get(pair=pair)
    assert (meeting.topic, meeting.held_on, meeting.duration_minutes) == ("Знакомство, цели и ожидания", today, 45)
    pair.refresh_from_db()
    assert pair.status == "active"

    # 4. The mentee sees the mentor and the plan, and answers the feedback form.
    mentee = login(browser, live_server, "mentee")
    shots.append(mentee)
    mentee.get_by_role("link", name="Мой наставник").first.click()
    article = mentee.locator(f"#my-mentor-pair-{pair.pk}")
    text = article.inner_text()
    assert "Алисова Алиса Петровна" in text and ACTIVITY in text and "Знакомство, цели и ожидания" in text
    response = Response.objects.get(meeting=meeting, respondent=mentees["bobrov"].participant)
    mentee.locator(f"#my-mentor-forms a[href$='/{response.pk}/']").click()
    for radio in mentee.locator("input[type=radio][value='5']").all():
        radio.check()
    for radio in mentee.locator("input[type=radio][value='yes']").all():
        radio.check()
    for area in mentee.locator("textarea").all():
        area.fill("Договорились о плане, всё понятно.")
    with mentee.expect_navigation():
        mentee.get_by_role("button", name="Отправить ответы").click()
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert response.answers.filter(value_int=5).exists()
    assert response.answers.filter(value_text="Договорились о плане, всё понятно.").exists()
    mentee.get_by_role("link", name="Мой наставник").first.click()
    assert mentee.locator(f"#my-mentor-pair-{pair.pk}").count() == 1
    assert mentee.locator("#my-mentor-forms").count() == 0  # nothing left to fill

    # 5. The programme's PDF, as the mentor downloads it, in the seed's layout.
    mentor.goto(f"/pairs/{pair.pk}/plan/")
    pdf = " ".join(pdf_text(download(mentor, mentor.locator("#plan-pdf-link"))).split())
    for heading in ("ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА", "Общие сведения",
                    "Пояснительная записка", "Мероприятия"):
        assert heading in pdf, heading
    for name in ("Алисова Алиса Петровна", "Бобров Борис Олегович", ACTIVITY):
        assert name in pdf, name
