"""The admin of the participant bases renders, with import-export on
Participant, Mentor and Mentee and a read-only ApplicantImport."""

import pytest
from django.urls import reverse

from mentoring.tests.factories import MenteeFactory, MentorFactory, UserFactory
from participants.models import ApplicantImport

from .helpers import sample_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["participant", "mentor", "mentee", "consent", "applicantimport"])
def test_admin_changelists_render(admin_client, model):
    MentorFactory()
    MenteeFactory()
    assert admin_client.get(reverse(f"admin:participants_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["participant", "mentor", "mentee"])
def test_admin_has_import_and_export(admin_client, model):
    assert admin_client.get(reverse(f"admin:participants_{model}_import")).status_code == 200
    assert admin_client.get(reverse(f"admin:participants_{model}_export")).status_code == 200


def test_admin_applicant_import_is_read_only(admin_client, organization, curator, samples):
    from participants.services.importing import preview_import

    item = preview_import(organization=organization, actor=curator,
                          uploaded_file=sample_upload(samples / "applicants_employers.xlsx"))
    page = admin_client.get(reverse("admin:participants_applicantimport_change", args=[item.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:participants_applicantimport_add")).status_code == 403
    assert ApplicantImport.objects.count() == 1
