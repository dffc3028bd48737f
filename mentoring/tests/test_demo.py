"""The demo college: idempotent, built through the same services as the browser."""

import hashlib

import pytest
from django.conf import settings
from django.core.management import call_command

from mentoring.demo.builder import SAMPLES
from mentoring.models import Membership, Territory
from mentoring.selectors import audit_events
from pairs.enums import PairStatus
from pairs.models import Meeting, Pair
from participants.models import Participant
from reports.models import Order
from surveys.models import Response


def test_demo_samples_are_the_colleges_workbooks():
    """The shipped copies equal ../shared/samples (when that folder is beside us)."""
    shared = settings.BASE_DIR.parent / "shared" / "samples"
    if not shared.exists():
        pytest.skip("../shared/samples is not beside this clone")
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert {p.name: digest(p) for p in SAMPLES} == {
        p.name: digest(p) for p in sorted(shared.glob("applicants_*.xlsx"))
    }


@pytest.mark.django_db
def test_load_demo_builds_every_state_and_is_idempotent(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for login in ("curator", "director", "mentor", "mentee", "workgroup", "admin"):
        assert f"  {login} " in out
    counts = (
        Participant.objects.count(), Pair.objects.count(), Meeting.objects.count(),
        Response.objects.count(), Order.objects.count(), Membership.objects.count(),
    )
    # + the territory mentor base: the enterprise's specialist and two school pupils
    # + a teacher mentor of each school (contests) + the schools' lists (staff + pupils)
    assert counts[0] == 320 + 60 + 25 + 3 + 2 + (5 + 8) + (7 + 9)
    assert set(Pair.objects.values_list("status", flat=True)) == set(PairStatus.values)
    assert Response.objects.filter(submitted_at__isnull=False).exists()
    assert Response.objects.filter(submitted_at__isnull=True).exists()
    entries = audit_events().count()

    call_command("load_demo")
    assert (
        Participant.objects.count(), Pair.objects.count(), Meeting.objects.count(),
        Response.objects.count(), Order.objects.count(), Membership.objects.count(),
    ) == counts
    # the second run only records the (unchanged) import batches
    assert set(
        audit_events().order_by("pk")[entries:].values_list("event", flat=True)
    ) <= {"participants.import.applied"}
    _mentor_base_demo()
    _contests_demo()
    _schools_demo()


def _schools_demo():
    """Each demo school: pupils imported as pupils (all but one with their
    parents' consent), pairs of its own mentors in the school forms approved
    by its director's pairs order (some active with meetings), and non-zero
    figures in the December monitoring campaign."""
    from participants.enums import ConsentStatus
    from reports.enums import MonitoringPeriod, OrderKind
    from reports.models import MonitoringReport

    school_forms = {"teacher-pupil", "pupil-pupil", "schoolteacher-teacher"}
    for slug in ("usovo-school", "school-3"):
        pupils = Participant.objects.filter(organization__slug=slug, category="pupil")
        assert pupils.count() >= 8
        assert pupils.filter(consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED).count() == 1
        own = Pair.objects.filter(organization__slug=slug, mentor__participant__organization__slug=slug)
        approved = own.filter(status__in=[PairStatus.APPROVED, PairStatus.ACTIVE])
        assert {p.form.code for p in approved} == school_forms
        assert approved.filter(status=PairStatus.ACTIVE, meetings__isnull=False).exists()
        assert {p.order.kind for p in approved} == {OrderKind.PAIRS_APPROVAL}
        report = MonitoringReport.objects.get(
            organization__slug=slug, campaign__period=MonitoringPeriod.DECEMBER,
            campaign__closed_at__isnull=True)
        data = report.data
        assert data["pairs"]["formed"] == approved.count()
        assert data["participants"]["mentors"] > 0 and data["participants"]["mentees"] > 0
        assert data["meetings"]["held"] > 0
        assert all(data["forms"][key]["pairs"] > 0
                   for key in ("teacher_pupil", "pupil_pupil", "teacher_teacher"))


def _mentor_base_demo():
    """The territory mentor base: the enterprise's specialist listed with a
    cross-organisation pair of a school (proposed to its director) and a
    waiting invitation; two college mentors listed."""
    from pairs.enums import InvitationStatus
    from pairs.models import MentorInvitation
    from participants.models import MentorListing

    specialist = MentorListing.objects.get(mentor__participant__surname="Гарипов")
    assert specialist.mentor.participant.organization.kind == "enterprise"
    invitations = MentorInvitation.objects.filter(mentor=specialist.mentor)
    assert sorted(invitations.values_list("status", flat=True)) == [
        InvitationStatus.ACCEPTED, InvitationStatus.SENT]
    pair = invitations.get(status=InvitationStatus.ACCEPTED).pair
    assert pair.organization.kind == "school" and pair.status == PairStatus.PROPOSED
    assert MentorListing.objects.filter(
        mentor__participant__organization__kind="college", status="listed").count() == 2


def _contests_demo():
    """The contests: this year's «Лучший наставник» being judged (juror1 done,
    juror2 half-way), last year's with its signed results order and awards."""
    from reports.enums import AwardKind, ContestStage, OrderStatus
    from reports.models import Award, Contest
    from reports.selectors_contests import contest_results, jury_progress

    judging = Contest.objects.get(stage=ContestStage.JUDGING)
    progress = {p.juror.user.username: (p.given, p.expected) for p in jury_progress(judging)}
    assert progress == {"juror1": (15, 15), "juror2": (7, 15)}
    closed = Contest.objects.get(stage=ContestStage.RESULTS)
    assert closed.order.status == OrderStatus.ISSUED
    assert [row["place"] for row in contest_results(closed)] == [1, 2, 3]
    assert sorted(Award.objects.filter(contest=closed).values_list("place", "kind")) == [
        (1, AwardKind.CONTEST_WINNER), (2, AwardKind.CONTEST_PRIZE), (3, AwardKind.CONTEST_PRIZE)]


@pytest.mark.django_db
def test_demo_public_territory_page_shows_last_year_s_contest_winners(client):
    """The demo's contest of last year has signed results: its consented winners
    are on the territory's public page."""
    from mentoring.demo.builder import build_demo
    from reports.models import Award
    from reports.selectors_public import contest_results

    build_demo()
    page = client.get("/public/kogalym/").content.decode()
    contests = contest_results(Territory.objects.get(slug="kogalym"))
    assert contests and contests[0].winners
    for award in contests[0].winners:
        assert award.mentor.participant.surname in page
    assert Award.objects.filter(contest=contests[0]).count() >= len(contests[0].winners)
