"""Recording and withdrawing consents; the consent status they give."""

import datetime

import pytest
from django.utils import timezone

from mentoring.models import AuditEntry
from mentoring.tests.factories import ParticipantFactory
from participants.enums import ConsentGiver, ConsentStatus
from participants.errors import ConsentError
from participants.services.consents import record_consent, withdraw_consent

pytestmark = pytest.mark.django_db



def _person(organization, years: int, status=ConsentStatus.MISSING):
    today = timezone.localdate()
    return ParticipantFactory(
        organization=organization, birth_date=today - datetime.timedelta(days=years * 365 + 10),
        consent_status=status,
    )


def test_record_consent_of_an_adult_gives_consent_and_is_audited(organization, curator):
    person = _person(organization, 30)
    consent = record_consent(person, given_by=ConsentGiver.SELF, given_on=timezone.localdate(),
                             actor=curator, note="заявление")
    person.refresh_from_db()
    assert person.consent_status == ConsentStatus.GIVEN
    entry = AuditEntry.objects.get(action="participants.consent.recorded")
    assert (entry.actor, entry.object_id, entry.data) == (
        curator, str(consent.pk),
        {"participant": person.pk, "given_by": "self", "consent_status": "given"},
    )


def test_minor_own_consent_does_not_count(organization, curator):
    minor = _person(organization, 15)
    record_consent(minor, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=curator)
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.REPRESENTATIVE_REQUIRED
    record_consent(minor, given_by=ConsentGiver.REPRESENTATIVE, given_on=timezone.localdate(),
                   actor=curator, representative_name="  Петрова  Анна ", representative_relation="мать")
    minor.refresh_from_db()
    assert minor.consent_status == ConsentStatus.GIVEN
    assert minor.consents.get(given_by="representative").representative_name == "Петрова Анна"


def test_withdrawn_consent_does_not_count(organization, curator):
    person = _person(organization, 30)
    consent = record_consent(person, given_by=ConsentGiver.SELF,
                             given_on=timezone.localdate() - datetime.timedelta(days=10), actor=curator)
    withdraw_consent(consent, withdrawn_on=timezone.localdate(), actor=curator)
    person.refresh_from_db()
    assert person.consent_status == ConsentStatus.WITHDRAWN
    assert AuditEntry.objects.filter(action="participants.consent.withdrawn").count() == 1
    with pytest.raises(ConsentError, match="уже отозвано"):
        withdraw_consent(consent, withdrawn_on=timezone.localdate(), actor=curator)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"given_by": "representative"}, "Укажите ФИО законного представителя."),
        ({"given_by": "self", "given_on": "future"}, "Согласие не может быть датировано будущим днём."),
    ],
)
def test_record_consent_refuses_incomplete_data(organization, curator, kwargs, message):
    person = _person(organization, 15)
    given_on = timezone.localdate() + datetime.timedelta(days=1) if kwargs.get("given_on") else timezone.localdate()
    with pytest.raises(ConsentError) as info:
        record_consent(person, given_by=kwargs["given_by"], given_on=given_on, actor=curator)
    assert info.value.message == message
    assert person.consents.count() == 0
