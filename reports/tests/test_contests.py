"""The contest services (seed 002 items 10, 13): criteria, stages, jury,
nominations with the consent rule, conflicts of interest, scores, closing."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from mentoring.accounts.links import password_link
from mentoring.enums import Role
from mentoring.models import Membership
from mentoring.selectors import audit_events
from participants.enums import ConsentPurpose
from reports.enums import ContestKind, ContestStage, NominationStatus
from reports.models import Nomination, Score
from reports.services import contest_jury, contests
from reports.services.contests import ContestError, CriterionData

from .contest_world import CRITERIA, build_contest_world, consenting_mentor, nominate_both, score_all

pytestmark = pytest.mark.django_db


def _create(world, criteria, **terms):
    return contests.create_contest(territory=world.territory, actor=world.coordinator,
                                   kind=ContestKind.BEST_MENTOR, title="Конкурс", criteria=criteria, **terms)


@pytest.mark.parametrize("criteria, message", [
    ([], "Укажите хотя бы один критерий"),
    ([CriterionData("Результаты", Decimal("0"), 10)], "вес должен быть больше 0"),
    ([CriterionData("Результаты", Decimal("-1"), 10)], "вес должен быть больше 0"),
    ([CriterionData("Результаты", Decimal("1"), 0)], "максимальный балл — от 1 до 100"),
    ([CriterionData("  ", Decimal("1"), 10)], "Критерий 1: укажите его название"),
])
def test_contest_criteria_validation_refuses_with_russian_messages(territory_world, criteria, message):
    with pytest.raises(ContestError) as error:
        _create(territory_world, criteria)
    assert message in error.value.message
    assert not contests.Contest.objects.exists()


def test_contest_created_with_criteria_in_order_and_audited(territory_world):
    contest = _create(territory_world, CRITERIA, winners_count=3)
    assert [(c.title, c.weight, c.max_score, c.position) for c in contest.criteria.all()] == [
        ("Результаты наставляемых", Decimal("3.00"), 10, 1),
        ("Методические материалы", Decimal("2.00"), 10, 2),
        ("Отзывы наставляемых", Decimal("1.00"), 10, 3),
    ]
    assert contest.stage == ContestStage.ANNOUNCED
    assert audit_events("reports.contest.created", obj=contest).count() == 1


def test_contest_stage_moves_and_illegal_moves(contest_world):
    cw = contest_world
    with pytest.raises(ContestError) as error:
        contests.set_stage(cw.contest, ContestStage.JUDGING, actor=cw.world.coordinator)
    assert "Пока нет ни одной номинации" in error.value.message
    for illegal in (ContestStage.CLOSED, ContestStage.RESULTS, ContestStage.ANNOUNCED):
        with pytest.raises(ContestError) as error:
            contests.set_stage(cw.contest, illegal, actor=cw.world.coordinator)
        assert "не может перейти" in error.value.message
    nominate_both(cw)
    cw.contest.refresh_from_db()
    assert cw.contest.stage == ContestStage.JUDGING


def test_contest_criteria_frozen_once_judging_starts(contest_world):
    cw = contest_world
    contests.update_contest(cw.contest, actor=cw.world.coordinator, title="Новое название",
                            criteria=[CriterionData("Один", Decimal("1"), 5)])
    assert list(cw.contest.criteria.values_list("title", flat=True)) == ["Один"]
    nominate_both(cw)
    with pytest.raises(ContestError) as error:
        contests.update_contest(cw.contest, actor=cw.world.coordinator, title="X",
                                criteria=[CriterionData("Два", Decimal("2"), 5)])
    assert "критерии и веса зафиксированы" in error.value.message
    assert list(cw.contest.criteria.values_list("title", flat=True)) == ["Один"]


def test_judging_refused_when_only_a_conflicted_juror_could_score(territory_world):
    cw = build_contest_world(territory_world)
    contest_jury.remove_juror(cw.juror_a, actor=territory_world.coordinator)
    contests.nominate(cw.contest, organization=territory_world.school, actor=territory_world.school_curator,
                      mentor=cw.school_mentor)
    with pytest.raises(ContestError) as error:
        contests.set_stage(cw.contest, ContestStage.JUDGING, actor=territory_world.coordinator)
    assert "конфликт интересов" in error.value.message


def test_nomination_needs_a_consent_for_documents_or_publication(contest_world):
    cw = contest_world
    mentor = consenting_mentor(cw.world.college, "Безсогласная", cw.world.college_curator,
                               purposes=[ConsentPurpose.PROGRAMME])
    with pytest.raises(ContestError) as error:
        contests.nominate(cw.contest, organization=cw.world.college, actor=cw.world.college_curator,
                          mentor=mentor)
    assert "Безсогласная Анна Петровна не может быть выдвинута" in error.value.message
    assert "согласие" in error.value.message
    consent = cw.college_mentor.participant.consents.get()
    consent.withdrawn_on = consent.given_on
    consent.save(update_fields=["withdrawn_on"])
    with pytest.raises(ContestError):
        contests.nominate(cw.contest, organization=cw.world.college, actor=cw.world.college_curator,
                          mentor=cw.college_mentor)
    assert not Nomination.objects.exists()


def test_nomination_only_own_mentor_and_practice_and_withdrawal_before_judging(contest_world):
    cw = contest_world
    with pytest.raises(ContestError) as error:
        contests.nominate(cw.contest, organization=cw.world.college, actor=cw.world.college_curator,
                          mentor=cw.school_mentor)
    assert "только наставника своей организации" in error.value.message
    with pytest.raises(ContestError):
        contests.nominate(cw.contest, organization=cw.world.college, actor=cw.world.college_curator,
                          mentor=cw.college_mentor, practice=cw.practice)
    nomination = contests.nominate(cw.contest, organization=cw.world.college,
                                   actor=cw.world.college_curator, mentor=cw.college_mentor)
    with pytest.raises(ContestError) as error:
        contests.nominate(cw.contest, organization=cw.world.college, actor=cw.world.college_curator,
                          mentor=cw.college_mentor)
    assert "уже выдвинут" in error.value.message
    contests.withdraw_nomination(nomination, actor=cw.world.college_curator)
    assert nomination.status == NominationStatus.WITHDRAWN
    college, _school = nominate_both(cw)
    with pytest.raises(ContestError) as error:
        contests.withdraw_nomination(college, actor=cw.world.college_curator)
    assert "больше нельзя отозвать" in error.value.message


def test_conflict_of_interest_score_refused_by_the_server(contest_world):
    cw = contest_world
    _college, school = nominate_both(cw)
    criterion = cw.contest.criteria.first()
    with pytest.raises(ContestError) as error:
        contests.save_scores(school, juror=cw.juror_b, actor=cw.juror_b.user,
                             values={criterion.pk: (7, "")})
    assert "конфликт интересов" in error.value.message
    assert not Score.objects.exists()


def test_scores_validated_changeable_while_judging_and_frozen_after(contest_world):
    cw = contest_world
    college, school = nominate_both(cw)
    criteria = list(cw.contest.criteria.all())
    with pytest.raises(ContestError) as error:
        contests.save_scores(college, juror=cw.juror_a, actor=cw.juror_a.user,
                             values={criteria[0].pk: (11, "")})
    assert "балл от 0 до 10" in error.value.message
    score_all(cw, cw.juror_a, college, [5, 5, 5])
    score_all(cw, cw.juror_a, college, [9, 5, 5])
    assert Score.objects.get(juror=cw.juror_a, criterion=criteria[0]).value == 9
    score_all(cw, cw.juror_b, college, [7, 7, 7])
    score_all(cw, cw.juror_a, school, [6, 6, 6])
    contests.close_contest(cw.contest, actor=cw.world.coordinator)
    with pytest.raises(ContestError) as error:
        score_all(cw, cw.juror_a, college, [1, 1, 1])
    assert "только пока идёт оценивание" in error.value.message


def test_closing_refused_with_missing_scores_unless_a_reason_is_given(contest_world):
    cw = contest_world
    college, school = nominate_both(cw)
    score_all(cw, cw.juror_a, college, [8, 6, 4])
    score_all(cw, cw.juror_a, school, [6, 6, 6])
    # juror_b (the school's director) owes the college's 3 scores; the school's is a conflict
    assert contests.missing_scores(cw.contest) == 3
    with pytest.raises(ContestError) as error:
        contests.close_contest(cw.contest, actor=cw.world.coordinator)
    assert "ещё не выставили 3" in error.value.message
    contests.close_contest(cw.contest, actor=cw.world.coordinator, override_reason="Истёк срок")
    college.refresh_from_db()
    school.refresh_from_db()
    # college: 8×3 + 6×2 + 4×1 = 40; school: 6×3 + 6×2 + 6×1 = 36
    assert (college.rank, college.total, school.rank, school.total) == (1, Decimal("40.00"), 2, Decimal("36.00"))
    assert college.tie_note.startswith("Закрыто при неполных оценках жюри (учтено оценок: 3).")
    event = audit_events("reports.contest.closed", obj=cw.contest).get()
    assert (event.additional_data["reason"], event.additional_data["missing"]) == ("Истёк срок", 3)


def test_closing_ranks_by_the_means_of_the_jurors(contest_world):
    cw = contest_world
    college, school = nominate_both(cw)
    score_all(cw, cw.juror_a, college, [8, 6, 4])
    score_all(cw, cw.juror_b, college, [6, 8, 4])
    score_all(cw, cw.juror_a, school, [9, 5, 2])
    contests.close_contest(cw.contest, actor=cw.world.coordinator)
    college.refresh_from_db()
    school.refresh_from_db()
    # college: 7×3 + 7×2 + 4×1 = 39; school (juror_a only: conflict): 27 + 10 + 2 = 39
    # equal totals: A (weight 3) 27 > 21 → the school first
    assert (school.rank, school.total, college.rank, college.total) == (1, Decimal("39.00"), 2, Decimal("39.00"))
    assert "Ниже «Школьная Анна Петровна (Школа № 3)» по критерию «Результаты наставляемых» (вес 3,00): 21,00 против 27,00." in college.tie_note
    cw.contest.refresh_from_db()
    assert cw.contest.stage == ContestStage.CLOSED and cw.contest.closed_at is not None


def test_juror_account_created_with_one_time_link_and_role(territory_world, client):
    cw = build_contest_world(territory_world)
    user = cw.juror_a.user
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organization=territory_world.authority, role=Role.JUROR).exists()
    assert cw.juror_a.organization == territory_world.authority
    assert cw.juror_b.organization == territory_world.school
    path = password_link(user, actor=territory_world.coordinator)
    page = client.get(path, follow=True)  # Django moves the token into the session
    response = client.post(page.redirect_chain[-1][0] if page.redirect_chain else path,
                           {"new_password1": "Жюри-пароль-2026", "new_password2": "Жюри-пароль-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Жюри-пароль-2026")
    assert "invalid-link" in client.get(path, follow=True).content.decode()  # spent
    with pytest.raises(ContestError) as error:
        contest_jury.create_juror_account(cw.contest, actor=territory_world.coordinator, username="expert",
                                          first_name="И", last_name="Э")
    assert "занят" in error.value.message
    assert get_user_model().objects.filter(username="expert").count() == 1


def test_juror_pick_limited_to_staff_of_the_territory(contest_world):
    cw = contest_world
    from mentoring.tests.factories import MembershipFactory, UserFactory

    mentor_user = UserFactory(username="mentor_only")
    MembershipFactory(user=mentor_user, organization=cw.world.college, role=Role.MENTOR)
    with pytest.raises(ContestError):
        contest_jury.add_juror(cw.contest, user=mentor_user, actor=cw.world.coordinator)
    juror = contest_jury.add_juror(cw.contest, user=cw.world.college_curator, actor=cw.world.coordinator)
    assert Membership.objects.filter(user=cw.world.college_curator, role=Role.JUROR,
                                     organization=cw.world.college).exists()
    contest_jury.remove_juror(juror, actor=cw.world.coordinator)
    assert not Membership.objects.filter(user=cw.world.college_curator, role=Role.JUROR).exists()
