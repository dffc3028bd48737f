"""The territory's mentor base (seed 002 items 6, 7, 11): the consent it needs,
withdrawal, the search with free places across organisations, no contacts,
specialists registered by the territory, the yearly update."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import OrganizationKind
from mentoring.models import AcademicYear, Organization
from mentoring.tests.factories import (
    MentorFactory,
    OrganizationFactory,
    PairFactory,
    ParticipantFactory,
)
from pairs.enums import PairStatus
from pairs.tests.mentor_base_world import programme_consent, territory_consent
from participants.enums import ListingStatus
from participants.models import Consent, MentorListing
from participants.services.consents import withdraw_consent
from participants.services.territory_base import (
    ListingError,
    publish_listing,
    register_specialist,
    remove_listing,
)
from participants.services.territory_update import (
    confirm_listing,
    expire_unconfirmed,
    start_update,
)

pytestmark = pytest.mark.django_db


def _college_mentor(b, **kwargs):
    mentor = MentorFactory(participant=ParticipantFactory(organization=b.world.college, **kwargs),
                           capacity=2)
    programme_consent(mentor.participant)
    return mentor


def test_listing_needs_the_territory_base_consent_and_a_territory(base_world):
    b = base_world
    mentor = _college_mentor(b)
    with pytest.raises(ListingError) as info:
        publish_listing(mentor, forms=[b.form], actor=b.world.college_curator)
    assert "согласия на включение" in info.value.message.lower() or "consent" in info.value.message
    assert not MentorListing.objects.filter(mentor=mentor).exists()
    territory_consent(mentor.participant)
    with pytest.raises(ListingError):  # a curator of another organisation
        publish_listing(mentor, forms=[b.form], actor=b.world.school_curator)
    listing = publish_listing(mentor, forms=[b.form], about="О себе", actor=b.world.college_curator)
    assert listing.status == ListingStatus.LISTED and listing.territory == b.world.territory
    assert listing.confirmed_year == AcademicYear.current()

    lonely = OrganizationFactory(territory=None)
    outside = MentorFactory(participant=ParticipantFactory(organization=lonely))
    territory_consent(outside.participant)
    with pytest.raises(ListingError):
        publish_listing(outside, forms=[b.form], actor=None)


def test_withdrawing_the_territory_consent_removes_the_listing_at_once(base_world):
    b = base_world
    consent = Consent.objects.get(participant=b.mentor.participant, purposes=["territory_base"])
    withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление", actor=None)
    b.listing.refresh_from_db()
    assert b.listing.status == ListingStatus.LEFT
    b.mentor.participant.refresh_from_db()
    assert b.mentor.participant.anonymised_at is None  # the programme consent stands


def test_withdrawing_the_programme_consent_anonymises_and_removes_the_listing(base_world):
    b = base_world
    consent = Consent.objects.exclude(purposes=["territory_base"]).get(
        participant=b.mentor.participant)
    withdraw_consent(consent, withdrawn_on=timezone.localdate(), reason="заявление", actor=None)
    b.listing.refresh_from_db()
    assert b.listing.status == ListingStatus.LEFT


def test_mentor_publishes_with_own_consent_and_removes_the_entry(base_world, client):
    b = base_world
    remove_listing(b.listing, actor=b.mentor_user)
    Consent.objects.filter(purposes=["territory_base"]).delete()
    client.force_login(b.mentor_user)
    url = reverse("participants:my_listing")
    page = client.post(url, {"action": "publish", "offered_forms": [b.form.pk]})
    assert page.status_code == 200 and "consent" in page.context["form"].errors
    b.listing.refresh_from_db()
    assert b.listing.status == ListingStatus.LEFT  # refused without the tick
    response = client.post(url, {"action": "publish", "offered_forms": [b.form.pk],
                                 "about": "Опыт 20 лет", "consent": "on"})
    assert response.status_code == 302
    b.listing.refresh_from_db()
    assert b.listing.status == ListingStatus.LISTED and b.listing.about == "Опыт 20 лет"
    assert Consent.objects.filter(participant=b.mentor.participant, purposes=["territory_base"],
                                  received_via="electronic").count() == 1
    client.post(url, {"action": "remove"})
    b.listing.refresh_from_db()
    assert b.listing.status == ListingStatus.LEFT


def test_search_filters_and_free_places_across_organisations(base_world, client):
    b = base_world
    other = _college_mentor(b, surname="Кузнецов")
    other.competencies = "Робототехника"
    other.save()
    territory_consent(other.participant)
    publish_listing(other, forms=[b.form], actor=b.world.college_curator)
    # the first mentor (capacity 1) leads a pair of the school: no free place
    PairFactory(organization=b.world.school, mentor=b.mentor, status=PairStatus.ACTIVE,
                mentees=[b.mentee])
    client.force_login(b.third_curator)
    url = reverse("participants:territory_base")

    def names(**query):
        page = client.get(url, query).context["page_obj"]
        return [(row.mentor.participant.surname, row.free_places) for row in page]

    assert names() == [("Кузнецов", 2), ("Петрова", 0)]
    assert names(free="true") == [("Кузнецов", 2)]
    assert names(competency="робототехника") == [("Кузнецов", 2)]
    assert names(competency="ИКТ") == [("Петрова", 0)]
    assert names(form=b.form.pk) == [("Кузнецов", 2), ("Петрова", 0)]


def test_search_page_shows_no_contacts_and_runs_bounded_queries(base_world, client,
                                                                django_assert_max_num_queries):
    b = base_world
    for n in range(6):
        mentor = _college_mentor(b, surname=f"Учитель{n}")
        territory_consent(mentor.participant)
        publish_listing(mentor, forms=[b.form], actor=b.world.college_curator)
    client.force_login(b.world.school_director)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("participants:territory_base")).content.decode()
    participant = b.mentor.participant
    assert "Муниципальная база наставников" in page and "Свободные места" in page  # Russian
    assert participant.full_name in page and "Наставничество молодых педагогов" in page
    for secret in (participant.email, participant.phone, participant.birth_date.strftime("%d.%m.%Y")):
        assert secret not in page
    assert "Инвайт" not in page and reverse("pairs:invite", args=[b.listing.pk]) not in page  # director


def test_who_searches_the_base(base_world, client):
    b = base_world
    url = reverse("participants:territory_base")
    for user in (b.world.coordinator, b.world.college_curator, b.world.school_director,
                 b.third_curator):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(b.mentor_user)
    assert client.get(url).status_code == 403
    client.force_login(b.far_curator)  # another territory: its own (empty) base
    assert b.mentor.participant.surname not in client.get(url).content.decode()


def test_the_territory_registers_a_specialist_of_a_new_enterprise(base_world, client):
    b = base_world
    from pairs.tests.test_invitations import employer_form

    form = employer_form()
    client.force_login(b.world.coordinator)
    response = client.post(reverse("participants:specialist_register"), {
        "new_organization_name": "ООО «ЛУКОЙЛ-Западная Сибирь»", "new_organization_kind": "enterprise",
        "surname": "Гарипов", "name": "Ринат", "position": "Главный инженер",
        "competencies": "Нефтедобыча, охрана труда", "capacity": 3, "offered_forms": [form.pk],
        "consent_given_on": timezone.localdate().isoformat(), "consent_received_via": "paper",
    })
    assert response.status_code == 302
    enterprise = Organization.objects.get(short_name="ООО «ЛУКОЙЛ-Западная Сибирь»")
    assert enterprise.kind == OrganizationKind.ENTERPRISE and enterprise.territory == b.world.territory
    listing = MentorListing.objects.get(mentor__participant__surname="Гарипов")
    participant = listing.mentor.participant
    assert participant.category == "employer_rep" and participant.consent_status == "given"
    assert listing.status == ListingStatus.LISTED and list(listing.forms.all()) == [form]
    assert participant.consents.count() == 2
    # a second specialist of the same enterprise, picked from the list
    register_specialist(territory=b.world.territory, actor=b.world.coordinator, surname="Иванова",
                        name="Ольга", organization=enterprise, forms=[form],
                        consent_given_on=timezone.localdate())
    assert Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).count() == 1
    with pytest.raises(ListingError):  # not the territory curator
        register_specialist(territory=b.world.territory, actor=b.world.college_curator,
                            surname="X", name="Y", organization=enterprise, forms=[form],
                            consent_given_on=timezone.localdate())
    client.force_login(b.world.college_curator)
    assert client.get(reverse("participants:specialist_register")).status_code == 403


def test_yearly_update_asks_confirms_and_expires(base_world, django_capture_on_commit_callbacks):
    b = base_world
    b.mentor_user.email = "anna@example.ru"
    b.mentor_user.save()
    other = _college_mentor(b, surname="Кузнецов")
    territory_consent(other.participant)
    quiet = publish_listing(other, forms=[b.form], actor=b.world.college_curator)
    last_year = AcademicYear.current(datetime.date(2025, 10, 1))
    MentorListing.objects.update(confirmed_year=last_year)
    september = datetime.date(2026, 9, 15)

    with pytest.raises(ListingError):  # outside September–October
        start_update(b.world.territory, actor=b.world.coordinator, today=datetime.date(2026, 12, 6))
    with pytest.raises(ListingError):  # not the territory curator
        start_update(b.world.territory, actor=b.world.college_curator, today=september)
    with django_capture_on_commit_callbacks(execute=True):
        asked = start_update(b.world.territory, actor=b.world.coordinator, today=september)
    assert asked == 2 and [m.to for m in mail.outbox] == [["anna@example.ru"]]
    assert reverse("participants:my_listing") in mail.outbox[0].body

    confirm_listing(b.listing, actor=b.mentor_user)
    assert expire_unconfirmed(today=datetime.date(2026, 10, 31)) == 0  # still in the window
    assert expire_unconfirmed(today=datetime.date(2026, 11, 1)) == 1
    assert expire_unconfirmed(today=datetime.date(2026, 11, 2)) == 0
    b.listing.refresh_from_db()
    quiet.refresh_from_db()
    assert b.listing.status == ListingStatus.LISTED and quiet.status == ListingStatus.LEFT


def test_update_page_lists_who_has_not_answered(base_world, client):
    b = base_world
    MentorListing.objects.update(confirmed_year=AcademicYear.current(datetime.date(2025, 10, 1)))
    client.force_login(b.world.coordinator)
    page = client.get(reverse("participants:listing_update")).content.decode()
    assert b.mentor.participant.full_name in page and 'id="not-answered"' in page
    response = client.post(reverse("participants:listing_update"), {"action": "expire"})
    assert response.status_code == 302
    b.listing.refresh_from_db()
    assert b.listing.status == ListingStatus.LEFT  # today (December) is after 31 October
    client.force_login(b.world.school_curator)
    assert client.get(reverse("participants:listing_update")).status_code == 403


def test_expire_task_is_registered_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "participants.expire_territory_listings" in tasks
