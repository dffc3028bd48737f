"""The demo territory's part «mentor_base» (issue 14, seed 002 items 6, 11): an
enterprise of Kogalym with a specialist registered by the territory curator and
listed, two of the college's mentors listed with their territory base consent,
an invitation from a school accepted (a cross-organisation pair of the
enterprise's specialist with a school pupil, waiting for the school director's
approval) and one invitation still waiting. Built through the services;
idempotent: a second run adds nothing."""

from mentoring.enums import OrganizationKind, ParticipantCategory, Role
from mentoring.models import Membership, MentoringForm, MentoringKind, Organization

ENTERPRISE = "ООО «ЛУКОЙЛ-Западная Сибирь»"
SPECIALIST = {"surname": "Гарипов", "name": "Ринат", "patronymic": "Ильдарович",
              "position": "Главный инженер", "capacity": 3,
              "competencies": "Нефтедобыча, охрана труда, инженерное дело, профориентация"}
PUPILS = [("Ковалёв", "Артём", "Сергеевич"), ("Белова", "Дарья", "Андреевна")]


def build(demo) -> None:
    """Build this part of the demo territory (``mentoring.demo.territory.TerritoryDemo``)."""
    from pairs.enums import InvitationStatus
    from pairs.services.invitations import accept_invitation, send_invitation

    listing = _specialist(demo)
    _college_listings(demo)
    school = demo.schools[0] if demo.schools else demo.college
    curator = _user_with(school, Role.CURATOR)
    # a school's pupil; the college's student when no school was built
    code = "employer-pupil" if school.kind == OrganizationKind.SCHOOL else "employer-student"
    form = MentoringForm.objects.filter(code=code).first()
    kind = MentoringKind.objects.filter(code="traditional").first()
    if curator is None or form is None or kind is None:
        return
    if listing.mentor.invitations.exists():
        return
    first, second = (_pupil(school, curator, *names, demo=demo) for names in PUPILS)
    if first.pairs.exists():
        return
    accepted = send_invitation(
        listing=listing, mentee=first, form=form, kind=kind, actor=curator,
        message="Ученику 9 класса нужна помощь с выбором инженерного профиля.",
    )
    accept_invitation(accepted, actor=demo.coordinator, comment="Согласен, встречи по средам.")
    waiting = send_invitation(
        listing=listing, mentee=second, form=form, kind=kind, actor=curator,
        message="Интересуется профессиями нефтегазовой отрасли.",
    )
    assert waiting.status == InvitationStatus.SENT


def _user_with(organization, role):
    membership = Membership.objects.filter(organization=organization, role=role).select_related(
        "user").order_by("pk").first()
    return membership.user if membership else None


def _specialist(demo):
    from participants.models import MentorListing
    from participants.services.territory_base import register_specialist

    listing = MentorListing.objects.filter(
        mentor__participant__organization__name=ENTERPRISE,
        mentor__participant__surname=SPECIALIST["surname"],
    ).select_related("mentor__participant").first()
    if listing is not None:
        return listing
    enterprise = Organization.objects.filter(name=ENTERPRISE, territory=demo.territory).first()
    forms = MentoringForm.objects.filter(code__in=["employer-pupil", "employer-student"])
    return register_specialist(
        territory=demo.territory, actor=demo.coordinator, organization=enterprise,
        new_organization_name=ENTERPRISE, new_organization_kind=OrganizationKind.ENTERPRISE,
        forms=forms, about="20 лет на месторождениях Западной Сибири; провожу экскурсии на "
                           "производство.", consent_given_on=demo.today, **SPECIALIST,
    )


def _college_listings(demo) -> None:
    """Two of the college's mentors with consent, listed with their forms."""
    from participants.enums import ConsentStatus, ListingStatus
    from participants.models import Mentor
    from participants.services.territory_base import has_territory_consent, publish_listing

    curator = _user_with(demo.college, Role.CURATOR)
    mentors = list(
        Mentor.objects.filter(participant__organization=demo.college,
                              participant__consent_status=ConsentStatus.GIVEN,
                              participant__anonymised_at__isnull=True)
        .select_related("participant__organization").order_by("pk")[:2]
    )
    for mentor in mentors:
        listing = getattr(mentor, "listing", None)
        if listing is not None and listing.status == ListingStatus.LISTED:
            continue
        if not has_territory_consent(mentor.participant):
            _territory_consent(mentor.participant, curator, demo.today)
        category = mentor.participant.category
        forms = [f for f in MentoringForm.objects.all() if category in f.mentor_categories][:3]
        if forms:
            publish_listing(mentor, forms=forms, actor=curator,
                            about="Готов(а) работать с наставляемыми других организаций города.")


def _territory_consent(participant, curator, day) -> None:
    from participants.data.consent_texts import TERRITORY_BASE_VERSION
    from participants.services.consents import record_consent

    record_consent(participant, given_by="self", given_on=day, actor=curator,
                   received_via="electronic", text_version=TERRITORY_BASE_VERSION,
                   purposes=["territory_base"])


def _pupil(school, curator, surname, name, patronymic, *, demo):
    """A pupil of the school with the legal representative's consent, in the mentee base."""
    import datetime

    from participants.models import Mentee, Participant
    from participants.services.consents import record_consent

    participant = Participant.objects.filter(organization=school, surname=surname, name=name).first()
    if participant is None:
        participant = Participant.objects.create(
            organization=school, surname=surname, name=name, patronymic=patronymic,
            category=(ParticipantCategory.PUPIL if school.kind == OrganizationKind.SCHOOL
                      else ParticipantCategory.STUDENT), birth_date=datetime.date(demo.today.year - 15, 3, 1),
            study_group="9 «А»",
        )
        record_consent(participant, given_by="representative", given_on=demo.today, actor=curator,
                       representative_name="Законный представитель", representative_relation="мать",
                       representative_document="свидетельство о рождении")
    mentee, _created = Mentee.objects.get_or_create(participant=participant)
    mentee.refresh_from_db()
    return mentee
