"""Invitations of the territory's mentor base and the cross-organisation pair
(seed 002 items 6, 11)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.tests.factories import MenteeFactory, ParticipantFactory, PairFactory
from pairs.enums import InvitationStatus, PairStatus
from pairs.errors import PairError
from pairs.matching.cohort import load_cohort
from pairs.models import Pair
from pairs.services.approval import approve_pairs
from pairs.services.formation import create_pair
from pairs.services.invitations import (
    accept_invitation,
    decline_invitation,
    send_invitation,
    withdraw_invitation,
)
from participants.enums import MenteeStatus, MentorStatus
from participants.services.territory_base import register_specialist, remove_listing

pytestmark = pytest.mark.django_db


def _invite(b, mentee=None, actor=None, **kwargs):
    return send_invitation(listing=b.listing, mentee=mentee or b.mentee, form=b.form, kind=b.kind,
                           message="Нужна помощь с КТП", actor=actor or b.world.school_curator,
                           **kwargs)


def test_invitation_mails_the_mentor_and_accepting_forms_a_proposed_pair_of_the_inviting_school(
    base_world, django_capture_on_commit_callbacks
):
    b = base_world
    b.mentor_user.email = "anna@example.ru"
    b.mentor_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(b)
    assert invitation.status == InvitationStatus.SENT
    assert [m.to for m in mail.outbox] == [["anna@example.ru"]]
    assert reverse("pairs:invitation_detail", args=[invitation.pk]) in mail.outbox[0].body

    accept_invitation(invitation, actor=b.mentor_user, comment="Согласна")
    invitation.refresh_from_db()
    pair = invitation.pair
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.answered_by == b.mentor_user
    assert pair.organization == b.world.school and pair.mentor == b.mentor
    assert pair.status == PairStatus.PROPOSED
    assert list(pair.mentees.all()) == [b.mentee]
    assert pair.created_by == b.world.school_curator
    b.mentee.refresh_from_db()
    assert b.mentee.status == MenteeStatus.PAIRED


def test_the_inviting_director_approves_the_cross_organisation_pair(base_world, settings):
    b = base_world
    invitation = _invite(b)
    accept_invitation(invitation, actor=b.world.college_curator)
    pair = Pair.objects.get(pk=invitation.pair_id)
    with pytest.raises(PairError):
        approve_pairs([pair], actor=b.world.college_director)  # not the pair's organisation
    order = approve_pairs([pair], actor=b.world.school_director)
    pair.refresh_from_db()
    assert pair.status == PairStatus.APPROVED and order.organization == b.world.school


def test_decline_needs_a_comment_and_withdraw_is_the_inviters(base_world):
    b = base_world
    invitation = _invite(b)
    with pytest.raises(PairError):
        decline_invitation(invitation, actor=b.mentor_user, comment=" ")
    with pytest.raises(PairError):  # the mentor's side does not withdraw
        withdraw_invitation(invitation, actor=b.world.college_curator)
    with pytest.raises(PairError):  # a third school does not answer
        decline_invitation(invitation, actor=b.third_curator, comment="нет")
    decline_invitation(invitation, actor=b.mentor_user, comment="Нет времени в этом году")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED and invitation.pair is None
    with pytest.raises(PairError):
        accept_invitation(invitation, actor=b.mentor_user)

    second = _invite(b)
    withdraw_invitation(second, actor=b.world.school_curator)
    second.refresh_from_db()
    assert second.status == InvitationStatus.WITHDRAWN
    assert Pair.objects.count() == 0


def test_sending_is_refused_for_own_mentor_foreign_mentee_and_a_waiting_duplicate(base_world):
    b = base_world
    own = MenteeFactory(participant=ParticipantFactory(organization=b.world.college,
                                                       category="young_specialist"))
    with pytest.raises(PairError):  # the mentor's own organisation forms pairs as usual
        send_invitation(listing=b.listing, mentee=own, form=b.form, kind=b.kind,
                        actor=b.world.college_curator)
    with pytest.raises(PairError):  # a mentee of another organisation
        _invite(b, actor=b.third_curator)
    with pytest.raises(PairError):  # a director does not invite
        _invite(b, actor=b.world.school_director)
    _invite(b)
    with pytest.raises(PairError):
        _invite(b)


def test_capacity_counts_the_pairs_of_every_organisation(base_world):
    """The mentor (capacity 1) mentors a school's mentee: the college's own
    formation and matcher see no free place, and a second invitation's
    acceptance is refused with nothing written."""
    b = base_world
    first = _invite(b)
    other = MenteeFactory(participant=ParticipantFactory(organization=b.third,
                                                         category="young_specialist"))
    second = send_invitation(listing=b.listing, mentee=other, form=b.form, kind=b.kind,
                             actor=b.third_curator)
    accept_invitation(first, actor=b.mentor_user)
    with pytest.raises(PairError):
        accept_invitation(second, actor=b.mentor_user)
    second.refresh_from_db()
    assert second.status == InvitationStatus.SENT and Pair.objects.count() == 1

    college_mentee = MenteeFactory(participant=ParticipantFactory(organization=b.world.college,
                                                                  category="young_specialist"))
    with pytest.raises(PairError):
        create_pair(organization=b.world.college, form=b.form, kind=b.kind, mentor=b.mentor,
                    mentees=[college_mentee], actor=b.world.college_curator)
    b.mentor.status = MentorStatus.APPROVED
    b.mentor.save()
    cohort = load_cohort(b.world.college, b.form)
    assert cohort.mentors == () and cohort.full_mentors == 1
    with pytest.raises(PairError):  # no free place: the invitation cannot even be sent
        send_invitation(listing=b.listing, mentee=college_mentee, form=b.form, kind=b.kind,
                        actor=b.world.college_curator)


def test_accept_refused_when_the_mentee_got_a_pair_or_the_mentor_left_the_base(base_world):
    b = base_world
    invitation = _invite(b)
    school_mentor = PairFactory(organization=b.world.school, status=PairStatus.DRAFT,
                                mentees=[b.mentee]).mentor
    assert school_mentor.participant.organization == b.world.school
    with pytest.raises(PairError):
        accept_invitation(invitation, actor=b.mentor_user)
    Pair.objects.all().delete()
    remove_listing(b.listing, actor=b.mentor_user)
    with pytest.raises(PairError):
        accept_invitation(invitation, actor=b.mentor_user)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT and invitation.pair is None


def test_both_organisations_see_the_pair_the_mentor_in_my_pairs(base_world, client):
    b = base_world
    invitation = _invite(b)
    accept_invitation(invitation, actor=b.mentor_user)
    pair = Pair.objects.get()
    url = reverse("pairs:detail", args=[pair.pk])
    mentee = b.mentee.participant

    client.force_login(b.world.college_curator)  # the mentor's organisation: read-only
    listing = client.get(reverse("pairs:list"))
    assert url in listing.content.decode() and "partner-pair" in listing.content.decode()
    page = client.get(url).content.decode()
    assert "partner-pair-note" in page and mentee.short_name in page
    assert mentee.email not in page
    assert reverse("pairs:plan", args=[pair.pk]) not in page
    assert client.get(reverse("pairs:plan", args=[pair.pk])).status_code == 404
    assert client.get(reverse("pairs:end", args=[pair.pk])).status_code == 404

    client.force_login(b.world.school_curator)  # the pair's organisation: as usual
    page = client.get(url).content.decode()
    assert "partner-pair-note" not in page and mentee.email in page

    client.force_login(b.mentor_user)  # the mentor: «Мои пары» and the pair's page
    assert url in client.get(reverse("pairs:my_pairs")).content.decode()
    assert client.get(url).status_code == 200

    client.force_login(b.third_curator)  # a third school: nothing
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("pairs:list")).content.decode()


def test_invite_page_and_the_coordinator_answers_for_a_specialist_without_account(base_world, client):
    b = base_world
    client.force_login(b.world.school_curator)
    response = client.post(reverse("pairs:invite", args=[b.listing.pk]), {
        "mentee": b.mentee.pk, "form": b.form.pk, "kind": b.kind.pk, "message": "Здравствуйте",
    })
    invitation = b.mentor.invitations.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pairs:invitation_detail", args=[invitation.pk])
    # a college mentor: the territory curator does not answer for them
    client.force_login(b.world.coordinator)
    assert client.get(reverse("pairs:invitation_detail", args=[invitation.pk])).status_code == 404

    listing = register_specialist(
        territory=b.world.territory, actor=b.world.coordinator, surname="Нефтяник", name="Олег",
        position="Инженер", competencies="Бурение", capacity=2, forms=[employer_form()],
        new_organization_name="ООО «Нефть»", consent_given_on=timezone.localdate(),
    )
    pupil = MenteeFactory(participant=ParticipantFactory(
        organization=b.world.school, category="pupil", birth_date=datetime.date(2000, 1, 1)))
    client.force_login(b.world.school_curator)
    client.post(reverse("pairs:invite", args=[listing.pk]), {
        "mentee": pupil.pk, "form": employer_form().pk, "kind": b.kind.pk})
    invitation = listing.mentor.invitations.get()
    client.force_login(b.world.coordinator)
    page = client.get(reverse("pairs:invitation_detail", args=[invitation.pk])).content.decode()
    assert pupil.participant.surname not in page  # aggregate only: no mentee's name
    client.post(reverse("pairs:invitation_detail", args=[invitation.pk]), {"action": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.answered_by == b.world.coordinator
    assert invitation.pair.organization == b.world.school


def employer_form():
    from mentoring.models import MentoringForm

    form, _created = MentoringForm.objects.get_or_create(code="employer-pupil", defaults={
        "name": "работодатель – ученик", "mentor_categories": ["employer_rep"],
        "mentee_categories": ["pupil"]})
    return form
