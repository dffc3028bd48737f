"""Suggestions and drafts (pairs/services/formation.py; seed 000 stage 5)."""

import pytest

from mentoring.enums import ParticipantCategory, Role
from mentoring.selectors import audit_events
from mentoring.tests.factories import MembershipFactory, PairFactory
from pairs.enums import Attitude, PairStatus
from pairs.errors import PairError
from pairs.matching.scoring import match_keywords
from pairs.models import MatchingPreference, MatchingWeights, Pair
from pairs.services.formation import (
    create_pair,
    delete_draft_pair,
    submit_pairs,
    suggest_mentors,
    suggestion_problem,
)
from participants.enums import ConsentStatus, MenteeStatus, MentorStatus
from participants.models import FamilyTie


# --- suggestions -----------------------------------------------------------------------


def test_match_keywords_counts_exact_and_shared_stem():
    exact, partial = match_keywords(
        {"подготовка к олимпиаде", "спорт", "шахматы"}, {"олимпиадное движение", "спорт"}
    )

    assert exact == [("спорт", "спорт")]
    assert partial == [("подготовка к олимпиаде", "олимпиадное движение")]


def test_suggest_mentors_ranks_by_the_compatibility_score(organization, tt_form, make_mentor, make_mentee):
    mentee = make_mentee("Новиков", requests=["подготовка к олимпиаде", "цифровые технологии"])
    best = make_mentor("Белова", interests="олимпиадное движение", competencies="цифровые технологии")
    partial = make_mentor("Павлова", interests="олимпиадные задачи, туризм")
    none = make_mentor("Аксенова", interests="вокал")

    suggestions = suggest_mentors(mentee, form=tt_form)

    assert [s.mentor for s in suggestions] == [best, partial, none]
    assert suggestions[0].shared == ["олимпиадное движение", "цифровые технологии"]
    # DEFAULT_WEIGHTS: requests 50 × (1 exact + 0.5 partial) / 2 requests; no preferred
    # age: age 10 × 1; hours not recorded: time 10 × 0.5; no wishes, no specialty: 0
    assert suggestions[0].score == 50 * 0.75 + 10 + 5
    assert suggestions[1].score == 50 * 0.25 + 10 + 5
    assert suggestions[2].shared == []
    assert suggestions[2].score == 10 + 5
    assert suggestions[0].free_capacity == 2
    assert [t.code for t in suggestions[0].explanation.terms] == [
        "requests", "preferences", "age", "time", "specialty"
    ]
    assert any(
        "Запрос «цифровые технологии» совпадает с «цифровые технологии»." in reason
        for reason in suggestions[0].reasons
    )


def test_suggest_mentors_uses_the_programmes_weights_and_marks_candidates(
    organization, tt_form, make_mentor, make_mentee
):
    from mentoring.models import AcademicYear, Programme

    year = AcademicYear.current()
    programme = Programme.objects.create(
        organization=organization, title="Программа", first_year=year, last_year=year
    )
    MatchingWeights.objects.create(
        programme=programme, requests=0, preferences=0, age=0, time=100, specialty=0
    )
    mentee = make_mentee("Новиков", requests=["спорт"])
    sporty = make_mentor("Спортивная", interests="спорт")
    busy = make_mentor("Занятая", capacity=4)
    busy.hours_per_month = 16
    busy.status = MentorStatus.CANDIDATE
    busy.save(update_fields=["hours_per_month", "status"])

    suggestions = suggest_mentors(mentee, form=tt_form, programme=programme)

    # time only: 16 h for 4 places = 4 h each → 100; unknown hours → 50
    assert [(s.mentor, s.score) for s in suggestions] == [(busy, 100.0), (sporty, 50.0)]
    assert suggestions[0].reasons[-1] == "Пока кандидат: ещё не утверждён наставником приказом."


def test_suggest_mentors_ties_go_by_name(organization, tt_form, make_mentor, make_mentee):
    mentee = make_mentee("Новиков")
    second = make_mentor("Яковлева")
    first = make_mentor("Борисова")

    assert [s.mentor for s in suggest_mentors(mentee, form=tt_form)] == [first, second]


def test_suggest_mentors_excludes_ineligible(
    organization, other_organization, tt_form, traditional, curator, make_mentor, make_mentee
):
    mentee = make_mentee("Новиков", requests=["спорт"])
    eligible = make_mentor("Годная", interests="спорт")
    make_mentor("Чужая", interests="спорт", organization=other_organization)
    make_mentor("Безсогласия", interests="спорт", consent_status=ConsentStatus.MISSING)
    make_mentor("Студентка", interests="спорт", category=ParticipantCategory.STUDENT)
    full = make_mentor("Занятая", interests="спорт", capacity=1)
    create_pair(
        organization=organization, form=tt_form, kind=traditional, mentor=full,
        mentees=[make_mentee("Занятый")], actor=curator,
    )

    assert [s.mentor for s in suggest_mentors(mentee, form=tt_form)] == [eligible]


def test_suggest_mentors_frees_capacity_of_ended_pairs(organization, tt_form, make_mentor, make_mentee):
    mentee = make_mentee("Новиков")
    mentor = make_mentor("Окончившая", capacity=1)
    PairFactory(
        organization=organization, mentor=mentor, status=PairStatus.COMPLETED,
        mentees=[make_mentee("Выпускник")],
    )

    assert [s.mentor for s in suggest_mentors(mentee, form=tt_form)] == [mentor]


def test_suggest_mentors_never_suggests_the_mentee_themselves(organization, tt_form, make_mentee):
    mentee = make_mentee("Двойной", category=ParticipantCategory.TEACHER)
    from mentoring.tests.factories import MentorFactory

    MentorFactory(participant=mentee.participant)

    assert suggest_mentors(mentee, form=tt_form) == []


def test_suggest_mentors_leaves_out_the_parent_and_not_with(organization, tt_form, make_mentor, make_mentee):
    mentee = make_mentee("Сынов", requests=["спорт"])
    parent = make_mentor("Отцова", interests="спорт")
    avoided = make_mentor("Нежеланная", interests="спорт")
    chosen = make_mentor("Желанная")
    FamilyTie.objects.create(parent=parent.participant, child=mentee.participant)
    MatchingPreference.objects.create(
        organization=organization, participant=avoided.participant, other=mentee.participant,
        attitude=Attitude.AVOID,
    )
    MatchingPreference.objects.create(
        organization=organization, participant=mentee.participant, other=chosen.participant,
        attitude=Attitude.PREFER,
    )

    suggestions = suggest_mentors(mentee, form=tt_form)

    assert [s.mentor for s in suggestions] == [chosen]
    # one-sided wish: preferences 20 × 0.5, plus age 10 and time 5
    assert suggestions[0].score == 10 + 10 + 5


def test_suggest_mentors_refuses_mentee_category_the_form_does_not_admit(
    organization, tt_form, make_mentor, make_mentee
):
    student = make_mentee("Студентов", category=ParticipantCategory.STUDENT)
    make_mentor("Годная")

    assert suggest_mentors(student, form=tt_form) == []
    problem = suggestion_problem(student, form=tt_form)
    assert problem.startswith("Форма «педагог – педагог» не допускает категорию «")
    assert problem.endswith("» в качестве наставляемого; выберите другую форму.")


@pytest.mark.parametrize("mentors", [3, 30])
def test_suggest_mentors_runs_bounded_queries(
    organization, tt_form, traditional, curator, make_mentor, make_mentee,
    django_assert_max_num_queries, mentors,
):
    mentee = make_mentee("Новиков", requests=["спорт, шахматы"])
    for number in range(mentors):
        mentor = make_mentor(f"Наставник{number}", interests="спорт", capacity=3)
        if number % 2:
            PairFactory(organization=organization, mentor=mentor, mentees=[make_mentee(f"Н{number}")])
    mentee = type(mentee).objects.get(pk=mentee.pk)

    with django_assert_max_num_queries(6):
        suggestions = suggest_mentors(mentee, form=tt_form, limit=100)

    assert len(suggestions) == mentors
    assert {s.free_capacity for s in suggestions} == {2, 3}


# --- create_pair -------------------------------------------------------------------------


def test_create_pair_makes_a_draft_and_pairs_the_mentee(
    organization, curator, tt_form, traditional, alice_mentor, bob_mentee
):
    pair = create_pair(
        organization=organization, form=tt_form, kind=traditional,
        mentor=alice_mentor, mentees=[bob_mentee], actor=curator,
    )

    assert pair.status == PairStatus.DRAFT
    assert list(pair.mentees.all()) == [bob_mentee]
    assert pair.created_by == curator
    bob_mentee.refresh_from_db()
    assert bob_mentee.status == MenteeStatus.PAIRED
    entry = audit_events("pairs.pair.created").get()
    assert (entry.actor, entry.object_pk) == (curator, str(pair.pk))


def test_create_pair_refuses_a_form_the_programme_does_not_provide(
    organization, curator, tt_form, traditional, alice_mentor, bob_mentee
):
    from mentoring.models import AcademicYear, Programme

    year = AcademicYear.current()
    programme = Programme.objects.create(
        organization=organization, title="Программа наставничества", first_year=year, last_year=year
    )
    with pytest.raises(PairError, match="не предусматривает форму"):
        create_pair(
            organization=organization, form=tt_form, kind=traditional, mentor=alice_mentor,
            mentees=[bob_mentee], actor=curator, programme=programme,
        )
    programme.forms.add(tt_form)
    pair = create_pair(
        organization=organization, form=tt_form, kind=traditional, mentor=alice_mentor,
        mentees=[bob_mentee], actor=curator, programme=programme,
    )
    assert Pair.objects.get().programme == programme == pair.programme


def _create(organization, curator, tt_form, kind, mentor, mentees):
    return create_pair(
        organization=organization, form=tt_form, kind=kind, mentor=mentor, mentees=mentees, actor=curator
    )


def test_create_pair_refuses_another_organisations_people(
    organization, other_organization, curator, tt_form, traditional, alice_mentor, make_mentee, make_mentor
):
    outsider = make_mentee("Чужой", organization=other_organization)
    with pytest.raises(PairError, match="относится к другой организации"):
        _create(organization, curator, tt_form, traditional, alice_mentor, [outsider])
    foreign_mentor = make_mentor("Чужая", organization=other_organization)
    with pytest.raises(PairError, match="относится к другой организации"):
        _create(organization, curator, tt_form, traditional, foreign_mentor, [make_mentee("Свой")])
    assert Pair.objects.count() == 0


def test_create_pair_refuses_categories_the_form_does_not_admit(
    organization, curator, tt_form, traditional, alice_mentor, make_mentee, make_mentor
):
    student = make_mentee("Студентов", category=ParticipantCategory.STUDENT)
    with pytest.raises(PairError, match="в качестве наставляемого"):
        _create(organization, curator, tt_form, traditional, alice_mentor, [student])
    parent = make_mentor("Родителева", category=ParticipantCategory.PARENT)
    with pytest.raises(PairError, match="в качестве наставника"):
        _create(organization, curator, tt_form, traditional, parent, [make_mentee("Молодой")])


def test_create_pair_refuses_mentor_as_own_mentee(organization, curator, tt_form, traditional, alice_mentor):
    from mentoring.tests.factories import MenteeFactory

    alice_as_mentee = MenteeFactory(participant=alice_mentor.participant)

    with pytest.raises(PairError, match="не может быть наставником самому себе"):
        _create(organization, curator, tt_form, traditional, alice_mentor, [alice_as_mentee])


def test_create_pair_refuses_mentee_already_in_open_pair(
    organization, curator, tt_form, traditional, alice_mentor, bob_mentee, make_mentor
):
    _create(organization, curator, tt_form, traditional, alice_mentor, [bob_mentee])

    with pytest.raises(PairError, match="Уже в открытой паре или группе: Бобров Борис Олегович"):
        _create(organization, curator, tt_form, traditional, make_mentor("Другая"), [bob_mentee])


def test_create_pair_refuses_missing_consent(
    organization, curator, tt_form, traditional, alice_mentor, make_mentee, make_mentor
):
    without = make_mentee("Безсогласия", consent_status=ConsentStatus.WITHDRAWN)
    with pytest.raises(PairError, match="Безсогласия .* не дал"):
        _create(organization, curator, tt_form, traditional, alice_mentor, [without])
    mentor = make_mentor("Неподписавшая", consent_status=ConsentStatus.MISSING)
    with pytest.raises(PairError, match="Неподписавшая"):
        _create(organization, curator, tt_form, traditional, mentor, [make_mentee("Молодой")])


def test_create_pair_refuses_minor_without_representative_consent(
    organization, curator, traditional, make_mentee, make_mentor
):
    import datetime

    from mentoring.models import MentoringForm

    student_form = MentoringForm.objects.create(
        code="student-student", name="студент – студент",
        mentor_categories=["student"], mentee_categories=["student"],
    )
    minor = make_mentee(
        "Юный", category=ParticipantCategory.STUDENT, birth_date=datetime.date.today().replace(year=2012),
        consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED,
    )
    mentor = make_mentor("Старшекурсник", category=ParticipantCategory.STUDENT)

    with pytest.raises(PairError, match="несовершеннолетн.*законного представителя"):
        _create(organization, curator, student_form, traditional, mentor, [minor])


def test_create_pair_refuses_more_mentees_than_the_kind_allows(
    organization, curator, tt_form, traditional, group_kind, make_mentee, make_mentor
):
    mentor = make_mentor("Вместительная", capacity=10)
    two = [make_mentee("Первый"), make_mentee("Второй")]
    with pytest.raises(PairError, match="не более 1 наставляемого"):
        _create(organization, curator, tt_form, traditional, mentor, two)
    four = [*two, make_mentee("Третий"), make_mentee("Четвёртый")]
    with pytest.raises(PairError, match="не более 3 наставляемых"):
        _create(organization, curator, tt_form, group_kind, mentor, four)

    group = _create(organization, curator, tt_form, group_kind, mentor, four[:3])
    assert group.mentees.count() == 3


def test_create_pair_refuses_when_mentor_capacity_is_exceeded(
    organization, curator, tt_form, traditional, group_kind, make_mentee, make_mentor
):
    mentor = make_mentor("Загруженная", capacity=2)
    _create(organization, curator, tt_form, traditional, mentor, [make_mentee("Первый")])

    with pytest.raises(PairError, match="свободных мест: 1 из 2"):
        _create(organization, curator, tt_form, group_kind, mentor, [make_mentee("А"), make_mentee("Б")])


def test_create_pair_refuses_a_parent_for_their_own_child(
    organization, curator, tt_form, traditional, group_kind, make_mentee, make_mentor
):
    parent = make_mentor("Матерева", capacity=3)
    child = make_mentee("Детов")
    FamilyTie.objects.create(parent=parent.participant, child=child.participant)

    with pytest.raises(PairError, match="Матерева .*Детов"):
        _create(organization, curator, tt_form, group_kind, parent, [make_mentee("Чужой"), child])
    assert Pair.objects.count() == 0
    # the tie is one-way: the child may mentor the parent's other mentees, the
    # parent may mentor other children
    assert _create(organization, curator, tt_form, traditional, parent, [make_mentee("Другой")])


@pytest.mark.parametrize("asked_by", ["mentor", "mentee"])
def test_create_pair_refuses_not_with_from_either_side(
    organization, curator, tt_form, traditional, make_mentee, make_mentor, asked_by
):
    mentor, mentee = make_mentor("Строгая"), make_mentee("Упрямый")
    who, other = (mentor, mentee) if asked_by == "mentor" else (mentee, mentor)
    MatchingPreference.objects.create(
        organization=organization, participant=who.participant, other=other.participant,
        attitude=Attitude.AVOID,
    )

    with pytest.raises(PairError, match=f"{who.participant.surname} .*{other.participant.surname}"):
        _create(organization, curator, tt_form, traditional, mentor, [mentee])
    assert Pair.objects.count() == 0


def test_create_pair_allows_a_preferred_pair(
    organization, curator, tt_form, traditional, make_mentee, make_mentor
):
    mentor, mentee = make_mentor("Желанная"), make_mentee("Желающий")
    MatchingPreference.objects.create(
        organization=organization, participant=mentee.participant, other=mentor.participant,
        attitude=Attitude.PREFER,
    )

    assert _create(organization, curator, tt_form, traditional, mentor, [mentee]).status == "draft"


def test_create_pair_refuses_non_curator(organization, director, tt_form, traditional, alice_mentor, bob_mentee):
    with pytest.raises(PairError, match="куратор"):
        _create(organization, director, tt_form, traditional, alice_mentor, [bob_mentee])


def test_create_pair_refuses_empty_mentees(organization, curator, tt_form, traditional, alice_mentor):
    with pytest.raises(PairError, match="хотя бы одного наставляемого"):
        _create(organization, curator, tt_form, traditional, alice_mentor, [])


# --- submit, delete ----------------------------------------------------------------------


def test_submit_pairs_proposes_and_clears_return_comment(draft_pair, curator):
    draft_pair.return_comment = "Заменить наставника"
    draft_pair.save(update_fields=["return_comment"])

    submit_pairs([draft_pair], actor=curator)

    draft_pair.refresh_from_db()
    assert draft_pair.status == PairStatus.PROPOSED
    assert draft_pair.return_comment == ""
    change = draft_pair.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == ("draft", "proposed", curator)


def test_submit_pairs_refuses_non_drafts_and_writes_nothing(draft_pair, curator, proposed_pair):
    with pytest.raises(PairError, match="не черновик"):
        submit_pairs([draft_pair], actor=curator)


def test_submit_pairs_refuses_withdrawn_consent(draft_pair, curator, bob_mentee):
    bob_mentee.participant.consent_status = ConsentStatus.WITHDRAWN
    bob_mentee.participant.save(update_fields=["consent_status"])

    with pytest.raises(PairError, match="Бобров"):
        submit_pairs([draft_pair], actor=curator)
    draft_pair.refresh_from_db()
    assert draft_pair.status == PairStatus.DRAFT


def test_submit_pairs_refuses_another_organisations_curator(draft_pair, other_organization):
    charlie_like = MembershipFactory(organization=other_organization, role=Role.CURATOR).user

    with pytest.raises(PairError, match="куратор"):
        submit_pairs([draft_pair], actor=charlie_like)


def test_delete_draft_pair_returns_mentees_to_the_base(draft_pair, curator, bob_mentee):
    delete_draft_pair(draft_pair, actor=curator)

    assert Pair.objects.count() == 0
    bob_mentee.refresh_from_db()
    assert bob_mentee.status == MenteeStatus.IN_BASE
    assert audit_events("pairs.pair.deleted").count() == 1


def test_delete_draft_pair_refuses_proposed(proposed_pair, curator):
    with pytest.raises(PairError, match="Удалить можно только черновик"):
        delete_draft_pair(proposed_pair, actor=curator)
    assert Pair.objects.filter(pk=proposed_pair.pk).exists()


def test_suggest_mentors_refuses_a_mentee_already_paired(draft_pair, bob_mentee, tt_form, make_mentor):
    make_mentor("Свободная")

    assert suggest_mentors(bob_mentee, form=tt_form) == []
    assert "уже в открытой паре или группе" in suggestion_problem(bob_mentee, form=tt_form)
