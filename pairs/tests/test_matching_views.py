"""The curator's matching workspace (pairs/views/matching.py) through the test client."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from mentoring.models import AcademicYear, Programme
from mentoring.tests.factories import ParticipantFactory
from pairs.enums import Attitude, PairStatus, PreferenceSource
from pairs.models import DEFAULT_WEIGHTS, MatchingPreference, MatchingRun, Pair
from pairs.services import matching
from pairs.services.formation import create_pair
from pairs.services.wishes import add_family_tie, add_wish
from participants.enums import MentorStatus
from participants.models import FamilyTie, Mentor


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def approved_mentor(make_mentor):
    """A mentor approved by order: only those enter a matcher run."""

    def make(surname, **kw):
        mentor = make_mentor(surname, **kw)
        Mentor.objects.filter(pk=mentor.pk).update(status=MentorStatus.APPROVED)
        mentor.status = MentorStatus.APPROVED
        return mentor

    return make


@pytest.fixture
def programme(organization, tt_form, traditional):
    year = AcademicYear.current()
    programme = Programme.objects.create(
        organization=organization, title="Программа наставничества 2025–2026",
        first_year=year, last_year=year,
    )
    programme.forms.add(tt_form)
    programme.kinds.add(traditional)
    return programme


@pytest.fixture
def cohort(approved_mentor, make_mentee):
    """Two mentors with one place each and three mentees: one mentee is left over."""
    return {
        "olympiad": approved_mentor("Олимпиадова", interests="олимпиадное движение", capacity=1),
        "ict": approved_mentor("Цифрова", competencies="ИКТ-компетенции", capacity=1),
        "mentees": [
            make_mentee("Первый", requests=["подготовка к олимпиаде"]),
            make_mentee("Второй", requests=["ИКТ-компетенции"]),
            make_mentee("Третий", requests=["ИКТ-компетенции"]),
        ],
    }


def _workspace(tt_form, traditional, **extra):
    params = {"form": tt_form.pk, "kind": traditional.pk, **extra}
    return reverse("pairs:form") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _run(client, tt_form, traditional, **data):
    payload = {"form": tt_form.pk, "kind": traditional.pk, "mode": "best_total", "min_score": 0}
    payload.update(data)
    return client.post(reverse("pairs:matching_run"), payload)


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """POST «Match pairs» and run the queued job as the commit would (eagerly,
    the embedded default)."""

    def post(client, tt_form, traditional, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return _run(client, tt_form, traditional, **data)

    return post


def _draft(organization, curator, tt_form, traditional, mentor, mentee):
    return create_pair(
        organization=organization, form=tt_form, kind=traditional,
        mentor=mentor, mentees=[mentee], actor=curator,
    )


# --- permissions ----------------------------------------------------------------------------

PAGES = [
    "pairs:form", "pairs:matching_add", "pairs:matching_weights",
    "pairs:matching_wishes", "pairs:matching_family",
]
POSTS = [
    "pairs:matching_run", "pairs:submit", "pairs:delete_draft", "pairs:matching_lock",
    "pairs:matching_swap",
]


@pytest.mark.parametrize("who", ["alice", "bob", "director"])
@pytest.mark.parametrize("name", PAGES + POSTS)
def test_workspace_urls_are_forbidden_outside_the_curator(login, request, who, name):
    client = login(request.getfixturevalue(who))

    assert client.get(reverse(name)).status_code in (403, 405)
    assert client.post(reverse(name), {}).status_code == 403


@pytest.mark.parametrize("who", ["alice", "director"])
def test_score_and_delete_pages_are_forbidden_outside_the_curator(
    login, request, who, organization, curator, alice_mentor, bob_mentee, tt_form
):
    tie = add_family_tie(
        organization=organization, parent=alice_mentor.participant,
        child=bob_mentee.participant, actor=curator,
    )
    wish = add_wish(
        organization=organization, participant=bob_mentee.participant,
        other=alice_mentor.participant, attitude=Attitude.PREFER, actor=curator,
    )
    client = login(request.getfixturevalue(who))

    score = client.get(reverse("pairs:matching_score"), {
        "form": tt_form.pk, "mentor": alice_mentor.pk, "mentee": bob_mentee.pk,
    })
    assert score.status_code == 403
    # object URLs answer 404 outside reach, as for a key that does not exist
    for url in (
        reverse("pairs:matching_wish_delete", args=[wish.pk]),
        reverse("pairs:matching_family_delete", args=[tie.pk]),
    ):
        assert (client.get(url).status_code, client.post(url).status_code) == (404, 404)
    assert (MatchingPreference.objects.count(), FamilyTie.objects.count()) == (1, 1)


def test_another_organisations_objects_answer_404(
    login, charlie, organization, curator, draft_pair, alice_mentor, bob_mentee, tt_form,
    make_mentor, make_mentee, traditional,
):
    other = _draft(organization, curator, tt_form, traditional, make_mentor("Вторая"), make_mentee("Другой"))
    tie = add_family_tie(
        organization=organization, parent=alice_mentor.participant,
        child=bob_mentee.participant, actor=curator,
    )
    wish = add_wish(
        organization=organization, participant=bob_mentee.participant,
        other=alice_mentor.participant, attitude=Attitude.AVOID, actor=curator,
    )
    client = login(charlie)

    assert client.get(reverse("pairs:delete_draft"), {"pair": draft_pair.pk}).status_code == 404
    assert client.post(reverse("pairs:delete_draft"), {"pair_id": draft_pair.pk}).status_code == 404
    assert client.post(reverse("pairs:matching_lock"), {"lock": draft_pair.pk}).status_code == 404
    swap = client.post(reverse("pairs:matching_swap"), {"pair": [draft_pair.pk, other.pk]})
    assert swap.status_code == 404
    assert client.get(reverse("pairs:matching_wish_delete", args=[wish.pk])).status_code == 404
    assert client.post(reverse("pairs:matching_wish_delete", args=[wish.pk])).status_code == 404
    assert client.get(reverse("pairs:matching_family_delete", args=[tie.pk])).status_code == 404
    assert client.post(reverse("pairs:matching_family_delete", args=[tie.pk])).status_code == 404
    score = client.get(reverse("pairs:matching_score"), {
        "form": tt_form.pk, "mentor": alice_mentor.pk, "mentee": bob_mentee.pk,
    })
    assert score.status_code == 404
    # charlie's own submit sees no draft of ours: nothing moves
    client.post(reverse("pairs:submit"), {"pair": [draft_pair.pk]})
    draft_pair.refresh_from_db()
    assert (draft_pair.status, draft_pair.locked) == (PairStatus.DRAFT, False)
    assert Pair.objects.filter(pk=draft_pair.pk).exists()
    assert (MatchingPreference.objects.count(), FamilyTie.objects.count()) == (1, 1)


# --- the workspace and a run -------------------------------------------------------------------


def test_workspace_without_a_form_asks_to_choose_one(login, curator, draft_pair):
    page = login(curator).get(reverse("pairs:form"))

    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="run-panel"' not in content
    # the organisation's drafts are listed even before a form is chosen
    assert f'id="draft-{draft_pair.pk}"' in content


def test_run_creates_drafts_and_lists_the_unpaired_with_the_reason(
    run_now, login, curator, organization, tt_form, traditional, cohort
):
    client = login(curator)

    response = run_now(client, tt_form, traditional)

    assert response.status_code == 302
    assert response.url == _workspace(tt_form, traditional)
    run = MatchingRun.objects.get()
    assert (run.mentees_count, run.mentors_count, run.paired_count) == (3, 2, 2)
    drafts = Pair.objects.filter(status=PairStatus.DRAFT)
    assert drafts.count() == 2
    olympiad_pair = drafts.get(mentor=cohort["olympiad"])
    assert list(olympiad_pair.mentees.all()) == [cohort["mentees"][0]]
    assert olympiad_pair.matching_run == run and olympiad_pair.score > 0

    page = client.get(response.url).content.decode()
    assert f'id="draft-{olympiad_pair.pk}"' in page
    (left,) = matching.unpaired_rows(run)
    assert left["reason"] == "capacity"
    assert f'id="unpaired-{left["mentee"].pk}"' in page
    assert 'data-reason="capacity"' in page
    assert f"mentee={left['mentee'].pk}" in page  # «assign by hand»
    assert 'id="run-paired">2' in page


@pytest.mark.django_db(transaction=True)
def test_run_message_quotes_the_figures(login, curator, tt_form, traditional, cohort):
    """A real commit: the queued job runs eagerly inside the request, whose
    message then gives the result."""
    from pairs.views.workspace import _run_message

    client = login(curator)

    page = client.post(
        reverse("pairs:matching_run"),
        {"form": tt_form.pk, "kind": traditional.pk, "mode": "most_paired", "min_score": 0},
        follow=True,
    ).content.decode()

    run = MatchingRun.objects.get()
    assert (run.mode, run.paired_count, run.mentees_count) == ("most_paired", 2, 3)
    assert escape(_run_message(run)) in page


def test_run_refuses_a_bad_minimum_score(login, curator, tt_form, traditional, cohort):
    response = _run(login(curator), tt_form, traditional, min_score=-5)

    assert response.status_code == 302
    assert MatchingRun.objects.count() == 0
    assert Pair.objects.count() == 0


def test_rerun_keeps_locked_drafts_and_replaces_the_others(
    run_now, login, curator, tt_form, traditional, cohort
):
    client = login(curator)
    run_now(client, tt_form, traditional)
    kept, replaced = Pair.objects.order_by("pk")
    client.post(reverse("pairs:matching_lock"), {"lock": kept.pk})

    run_now(client, tt_form, traditional)

    kept.refresh_from_db()
    assert kept.locked and kept.status == PairStatus.DRAFT
    assert not Pair.objects.filter(pk=replaced.pk).exists()
    assert MatchingRun.objects.order_by("-pk").first().locked_count == 1


# --- editing the drafts ---------------------------------------------------------------------------


def test_lock_and_unlock(login, curator, draft_pair):
    client = login(curator)

    client.post(reverse("pairs:matching_lock"), {"lock": draft_pair.pk})
    draft_pair.refresh_from_db()
    assert draft_pair.locked is True

    client.post(reverse("pairs:matching_lock"), {"unlock": draft_pair.pk})
    draft_pair.refresh_from_db()
    assert draft_pair.locked is False


def test_swap_exchanges_the_mentees_of_two_drafts(
    login, curator, organization, tt_form, traditional, approved_mentor, make_mentee
):
    mentor_a, mentor_b = approved_mentor("Первая"), approved_mentor("Вторая")
    mentee_a, mentee_b = make_mentee("Аннин"), make_mentee("Беднов")
    pair_a = _draft(organization, curator, tt_form, traditional, mentor_a, mentee_a)
    pair_b = _draft(organization, curator, tt_form, traditional, mentor_b, mentee_b)
    client = login(curator)

    response = client.post(reverse("pairs:matching_swap"), {"pair": [pair_a.pk, pair_b.pk]}, follow=True)

    assert response.status_code == 200
    assert list(Pair.objects.get(pk=pair_a.pk).mentees.all()) == [mentee_b]
    assert list(Pair.objects.get(pk=pair_b.pk).mentees.all()) == [mentee_a]


def test_swap_needs_exactly_two_drafts(login, curator, draft_pair, bob_mentee):
    login(curator).post(reverse("pairs:matching_swap"), {"pair": [draft_pair.pk]})

    assert list(Pair.objects.get(pk=draft_pair.pk).mentees.all()) == [bob_mentee]


def test_remove_asks_to_confirm_then_deletes(login, curator, draft_pair, tt_form, traditional):
    client = login(curator)
    back = _workspace(tt_form, traditional)

    confirm = client.get(reverse("pairs:delete_draft"), {"pair": draft_pair.pk, "next": back})
    assert confirm.status_code == 200
    assert "Алисова Алиса Петровна" in confirm.content.decode()
    assert Pair.objects.filter(pk=draft_pair.pk).exists()

    response = client.post(reverse("pairs:delete_draft"), {"pair_id": draft_pair.pk, "next": back})

    assert response.status_code == 302 and response.url == back
    assert not Pair.objects.filter(pk=draft_pair.pk).exists()


def test_remove_ignores_a_foreign_next(login, curator, draft_pair):
    response = login(curator).post(
        reverse("pairs:delete_draft"), {"pair_id": draft_pair.pk, "next": "https://evil.example/"}
    )

    assert response.url == reverse("pairs:form")


def test_submit_the_chosen_drafts(login, curator, organization, draft_pair, tt_form, traditional, make_mentor, make_mentee):
    other = _draft(organization, curator, tt_form, traditional, make_mentor("Вторая"), make_mentee("Другой"))

    login(curator).post(reverse("pairs:submit"), {"pair": [draft_pair.pk]})

    draft_pair.refresh_from_db()
    other.refresh_from_db()
    assert (draft_pair.status, other.status) == (PairStatus.PROPOSED, PairStatus.DRAFT)


def test_submit_all_drafts_of_the_form(login, curator, organization, draft_pair, tt_form, traditional, make_mentor, make_mentee):
    other = _draft(organization, curator, tt_form, traditional, make_mentor("Вторая"), make_mentee("Другой"))

    login(curator).post(reverse("pairs:submit"), {"all": "1", "form": tt_form.pk})

    assert set(Pair.objects.values_list("status", flat=True)) == {PairStatus.PROPOSED}
    assert Pair.objects.filter(pk__in=[draft_pair.pk, other.pk]).count() == 2


def test_submit_without_a_choice_changes_nothing(login, curator, draft_pair):
    response = login(curator).post(reverse("pairs:submit"), {})

    assert response.status_code == 302
    draft_pair.refresh_from_db()
    assert draft_pair.status == PairStatus.DRAFT


def test_returned_draft_comes_first_with_the_comment(
    login, curator, director, organization, proposed_pair, tt_form, traditional, make_mentor, make_mentee
):
    from pairs.services.approval import return_pairs

    newer = _draft(organization, curator, tt_form, traditional, make_mentor("Новая"), make_mentee("Новый"))
    return_pairs([proposed_pair], actor=director, comment="Смените наставника")

    page = login(curator).get(_workspace(tt_form, traditional)).content.decode()

    assert "Смените наставника" in page
    assert page.index(f'id="draft-{proposed_pair.pk}"') < page.index(f'id="draft-{newer.pk}"')


def test_workspace_runs_the_same_queries_at_5_and_30_drafts(
    run_now, login, curator, organization, tt_form, traditional, approved_mentor, make_mentee,
):
    client = login(curator)
    make_mentee("Лишний")  # left without a mentor: the unpaired list is shown
    counts = []
    for first, last in ((0, 5), (5, 30)):
        for number in range(first, last):
            mentor = approved_mentor(f"Наставник{number}", capacity=1)
            _draft(organization, curator, tt_form, traditional, mentor, make_mentee(f"Н{number}"))
        run_now(client, tt_form, traditional)  # a run: its summary and the unpaired list
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_workspace(tt_form, traditional))
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count('name="pair"') == min(last, 25)
        assert 'id="unpaired-' in page
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 25


# --- adding by hand, the score -----------------------------------------------------------------------


def test_add_page_suggests_mentors_for_a_preselected_mentee(login, curator, tt_form, traditional, cohort):
    mentee = cohort["mentees"][0]

    page = login(curator).get(reverse("pairs:matching_add"), {
        "form": tt_form.pk, "kind": traditional.pk, "mentee": mentee.pk,
    }).content.decode()

    assert 'id="suggestions"' in page
    assert f"mentor={cohort['olympiad'].pk}" in page
    assert f'<option value="{mentee.pk}" selected>' in page


def test_add_page_shows_the_score_of_the_chosen_pair(login, curator, tt_form, traditional, cohort):
    mentee, mentor = cohort["mentees"][0], cohort["olympiad"]
    expected = matching.explain_pair(mentor=mentor, mentee=mentee, form=tt_form)

    page = login(curator).get(reverse("pairs:matching_add"), {
        "form": tt_form.pk, "kind": traditional.pk, "mentee": mentee.pk, "mentor": mentor.pk,
    }).content.decode()

    assert f'id="score-{mentee.pk}"' in page
    assert f"{expected.total:.1f}".replace(".", ",") in page


def test_add_saves_a_locked_draft(login, curator, tt_form, traditional, cohort):
    mentee, mentor = cohort["mentees"][2], cohort["ict"]
    client = login(curator)

    response = client.post(reverse("pairs:matching_add") + f"?form={tt_form.pk}", {
        "form": tt_form.pk, "kind": traditional.pk, "mentor": mentor.pk, "mentees": [mentee.pk],
    })

    assert response.status_code == 302
    pair = Pair.objects.get()
    assert (pair.mentor, list(pair.mentees.all()), pair.locked, pair.status) == (
        mentor, [mentee], True, PairStatus.DRAFT
    )


def test_unpaired_mentee_assigned_by_hand_is_marked_placed(run_now, login, curator, tt_form, traditional, cohort):
    client = login(curator)
    run_now(client, tt_form, traditional)
    (left,) = matching.unpaired_rows(MatchingRun.objects.get())
    page = client.get(_workspace(tt_form, traditional)).content.decode()
    assert "data-placed" not in page
    Pair.objects.filter(mentor=cohort["ict"]).delete()  # frees a place

    client.post(reverse("pairs:matching_add") + f"?form={tt_form.pk}", {
        "form": tt_form.pk, "kind": traditional.pk, "mentor": cohort["ict"].pk,
        "mentees": [left["mentee"].pk],
    })

    page = client.get(_workspace(tt_form, traditional)).content.decode()
    row = page[page.index(f'id="unpaired-{left["mentee"].pk}"'):]
    assert row.index("data-placed") < row.index("</tr>")


def test_add_refuses_a_parent_for_their_child(login, curator, organization, tt_form, traditional, cohort):
    mentee, mentor = cohort["mentees"][2], cohort["ict"]
    add_family_tie(organization=organization, parent=mentor.participant, child=mentee.participant, actor=curator)

    response = login(curator).post(reverse("pairs:matching_add") + f"?form={tt_form.pk}", {
        "form": tt_form.pk, "kind": traditional.pk, "mentor": mentor.pk, "mentees": [mentee.pk],
    })

    assert response.status_code == 200
    assert Pair.objects.count() == 0
    blocked = matching.explain_pair(mentor=mentor, mentee=mentee, form=tt_form).blocked
    content = response.content.decode()
    assert f'id="score-{mentee.pk}"' in content  # the score panel says why
    assert escape(blocked) in content


def test_score_partial_shows_the_total_and_terms(login, curator, tt_form, cohort):
    mentee, mentor = cohort["mentees"][0], cohort["olympiad"]
    expected = matching.explain_pair(mentor=mentor, mentee=mentee, form=tt_form)

    response = login(curator).get(reverse("pairs:matching_score"), {
        "form": tt_form.pk, "mentor": mentor.pk, "mentee": mentee.pk,
    }, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert f"{expected.total:.1f}".replace(".", ",") in content
    for term in expected.terms:
        assert escape(str(term.label)) in content


def test_score_partial_shows_why_a_pair_is_forbidden(login, curator, organization, tt_form, cohort):
    mentee, mentor = cohort["mentees"][1], cohort["ict"]
    add_wish(
        organization=organization, participant=mentee.participant, other=mentor.participant,
        attitude=Attitude.AVOID, source=PreferenceSource.CURATOR, actor=curator,
    )
    expected = matching.explain_pair(mentor=mentor, mentee=mentee, form=tt_form)
    assert expected.blocked

    content = login(curator).get(reverse("pairs:matching_score"), {
        "form": tt_form.pk, "mentor": mentor.pk, "mentees": [mentee.pk],
    }).content.decode()

    assert escape(expected.blocked) in content
    assert "data-score-total" not in content


def test_score_partial_without_people_is_an_empty_hint(login, curator, tt_form):
    response = login(curator).get(reverse("pairs:matching_score"), {"form": tt_form.pk})

    assert response.status_code == 200
    assert 'id="score-panel"' in response.content.decode()


# --- weights ---------------------------------------------------------------------------------------


def test_weights_saved_and_used_by_the_next_run(run_now, login, curator, programme, tt_form, traditional, cohort):
    client = login(curator)
    new = {"requests": 70, "preferences": 0, "age": 5, "time": 5, "specialty": 20}

    page = client.get(reverse("pairs:matching_weights"), {"programme": programme.pk})
    assert page.status_code == 200
    response = client.post(reverse("pairs:matching_weights"), {"programme": programme.pk, **new})

    assert response.status_code == 302
    assert matching.weights_for(programme) == new
    run_now(client, tt_form, traditional, programme=programme.pk)
    assert MatchingRun.objects.get().weights == new


def test_weights_refuse_values_out_of_range(login, curator, programme):
    before = matching.weights_for(programme)

    response = login(curator).post(reverse("pairs:matching_weights"), {
        "programme": programme.pk, "requests": 101, "preferences": -1, "age": 5, "time": 5, "specialty": 5,
    })

    assert response.status_code == 200
    assert matching.weights_for(programme) == before


def test_weights_of_another_organisations_programme_answer_404(login, charlie, programme):
    client = login(charlie)

    assert client.get(reverse("pairs:matching_weights"), {"programme": programme.pk}).status_code == 404
    assert client.post(reverse("pairs:matching_weights"), {"programme": programme.pk}).status_code == 404


def test_weights_page_without_programmes_shows_the_defaults(login, curator):
    response = login(curator).get(reverse("pairs:matching_weights"))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="weights-form"' not in content
    assert 'id="default-weights"' in content
    assert content.count("data-default>") == len(DEFAULT_WEIGHTS)


# --- wishes and family ties --------------------------------------------------------------------------


def test_wishes_page_records_lists_and_searches(login, curator, alice_mentor, bob_mentee, make_mentee):
    client = login(curator)
    url = reverse("pairs:matching_wishes")

    response = client.post(url, {
        "participant": bob_mentee.participant.pk, "other": alice_mentor.participant.pk,
        "attitude": Attitude.PREFER, "source": PreferenceSource.QUESTIONNAIRE, "note": "",
    })

    assert response.status_code == 302
    wish = MatchingPreference.objects.get()
    assert (wish.participant, wish.other, wish.attitude) == (
        bob_mentee.participant, alice_mentor.participant, Attitude.PREFER
    )
    page = client.get(url).content.decode()
    assert f'id="wish-{wish.pk}"' in page
    assert f'id="wish-{wish.pk}"' in client.get(url, {"q": "Бобров"}).content.decode()
    assert f'id="wish-{wish.pk}"' not in client.get(url, {"q": "Никто"}).content.decode()
    assert f'id="wish-{wish.pk}"' not in client.get(url, {"attitude": "avoid"}).content.decode()


def test_wishes_page_refuses_an_invalid_wish(login, curator, bob_mentee, make_mentee):
    other_mentee = make_mentee("Другой")

    response = login(curator).post(reverse("pairs:matching_wishes"), {
        "participant": bob_mentee.participant.pk, "other": other_mentee.participant.pk,
        "attitude": Attitude.AVOID, "source": PreferenceSource.QUESTIONNAIRE,
    })

    assert response.status_code == 200
    assert 'alert-danger' in response.content.decode()
    assert MatchingPreference.objects.count() == 0


def test_wishes_page_refuses_a_person_of_another_organisation(
    login, curator, bob_mentee, other_organization, make_mentor
):
    stranger = make_mentor("Чужая", organization=other_organization)

    response = login(curator).post(reverse("pairs:matching_wishes"), {
        "participant": bob_mentee.participant.pk, "other": stranger.participant.pk,
        "attitude": Attitude.PREFER, "source": PreferenceSource.QUESTIONNAIRE,
    })

    assert response.status_code == 200
    assert MatchingPreference.objects.count() == 0


def test_wish_delete_confirms_then_deletes(login, curator, organization, alice_mentor, bob_mentee):
    wish = add_wish(
        organization=organization, participant=alice_mentor.participant,
        other=bob_mentee.participant, attitude=Attitude.AVOID, actor=curator,
    )
    client = login(curator)
    url = reverse("pairs:matching_wish_delete", args=[wish.pk])

    assert client.get(url).status_code == 200
    assert MatchingPreference.objects.count() == 1
    response = client.post(url)

    assert response.status_code == 302 and response.url == reverse("pairs:matching_wishes")
    assert MatchingPreference.objects.count() == 0


def test_family_page_records_and_refuses(login, curator, alice_mentor, bob_mentee):
    client = login(curator)
    url = reverse("pairs:matching_family")
    data = {"parent": alice_mentor.participant.pk, "child": bob_mentee.participant.pk}

    assert client.post(url, data).status_code == 302
    tie = FamilyTie.objects.get()
    assert (tie.parent, tie.child) == (alice_mentor.participant, bob_mentee.participant)
    assert f'id="tie-{tie.pk}"' in client.get(url).content.decode()

    again = client.post(url, data)
    assert again.status_code == 200 and "alert-danger" in again.content.decode()
    myself = client.post(url, {"parent": alice_mentor.participant.pk, "child": alice_mentor.participant.pk})
    assert myself.status_code == 200
    assert FamilyTie.objects.count() == 1


def test_family_page_searches(login, curator, organization, alice_mentor, bob_mentee):
    parent = ParticipantFactory(organization=organization, surname="Родителева", category="parent")
    tie = add_family_tie(organization=organization, parent=parent, child=bob_mentee.participant, actor=curator)
    client = login(curator)
    url = reverse("pairs:matching_family")

    assert f'id="tie-{tie.pk}"' in client.get(url, {"q": "Родител"}).content.decode()
    assert f'id="tie-{tie.pk}"' not in client.get(url, {"q": "Алисова"}).content.decode()


def test_family_delete_confirms_then_deletes(login, curator, organization, alice_mentor, bob_mentee):
    tie = add_family_tie(
        organization=organization, parent=alice_mentor.participant,
        child=bob_mentee.participant, actor=curator,
    )
    client = login(curator)
    url = reverse("pairs:matching_family_delete", args=[tie.pk])

    assert client.get(url).status_code == 200
    assert FamilyTie.objects.count() == 1
    assert client.post(url).status_code == 302
    assert FamilyTie.objects.count() == 0


@pytest.mark.parametrize("size", [3, 30])
def test_wishes_and_family_lists_run_bounded_queries(
    login, curator, organization, approved_mentor, make_mentee, django_assert_max_num_queries, size
):
    for number in range(size):
        mentor, mentee = approved_mentor(f"Н{number}"), make_mentee(f"М{number}")
        add_wish(
            organization=organization, participant=mentee.participant, other=mentor.participant,
            attitude=Attitude.PREFER, actor=curator,
        )
        add_family_tie(organization=organization, parent=mentor.participant, child=mentee.participant, actor=curator)
    client = login(curator)

    for name in ("pairs:matching_wishes", "pairs:matching_family"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


# --- the slot on a pair's page --------------------------------------------------------------------------


def test_pair_page_shows_the_score_to_staff_only(login, curator, alice, bob_mentee, draft_pair):
    detail = {str(bob_mentee.pk): {"total": 60.0, "terms": [{
        "code": "requests", "label": "Запросы и компетенции", "weight": 50, "value": 1.0,
        "points": 50.0, "detail": "Запрос «ИКТ» совпадает",
    }]}}
    Pair.objects.filter(pk=draft_pair.pk).update(score=60.0, score_detail=detail)
    url = reverse("pairs:detail", args=[draft_pair.pk])

    staff_page = login(curator).get(url).content.decode()
    assert 'id="pair-score"' in staff_page
    assert "Запрос «ИКТ» совпадает" in staff_page

    mentor_page = login(alice).get(url)
    assert mentor_page.status_code == 200
    assert 'id="pair-score"' not in mentor_page.content.decode()
