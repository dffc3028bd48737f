"""django-import-export resources of the participant bases, for the admin only;
applicant lists go through ``services.importing`` (CONVENTIONS.md, Imports)."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from mentoring.models import Organization

from .models import Mentee, Mentor, Participant


class ParticipantResource(resources.ModelResource):
    organization = fields.Field(
        attribute="organization", column_name="organization",
        widget=ForeignKeyWidget(Organization, field="short_name"),
    )

    class Meta:
        model = Participant
        fields = (
            "id", "organization", "surname", "name", "patronymic", "birth_date", "category",
            "email", "phone", "study_group", "course", "specialty", "position", "employer",
            "teaching_experience_years", "qualification_category", "education", "consent_status",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = False


class MentorResource(resources.ModelResource):
    participant = fields.Field(
        attribute="participant", column_name="participant",
        widget=ForeignKeyWidget(Participant, field="pk"),
    )
    full_name = fields.Field(attribute="participant__full_name", column_name="full_name", readonly=True)

    class Meta:
        model = Mentor
        fields = ("id", "participant", "full_name", "competencies", "interests",
                  "life_experience", "capacity", "status")
        export_order = fields
        skip_unchanged = True


class MenteeResource(resources.ModelResource):
    participant = fields.Field(
        attribute="participant", column_name="participant",
        widget=ForeignKeyWidget(Participant, field="pk"),
    )
    full_name = fields.Field(attribute="participant__full_name", column_name="full_name", readonly=True)

    class Meta:
        model = Mentee
        fields = ("id", "participant", "full_name", "need_category", "status")
        export_order = fields
        skip_unchanged = True
