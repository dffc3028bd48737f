"""django-import-export resources of the participant bases.

``ParticipantResource``, ``MentorResource`` and ``MenteeResource`` serve the
admin's import/export; applicant lists go through ``services.importing``
(CONVENTIONS.md, Imports). ``MentorExportResource`` and ``MenteeExportResource``
build the bases' XLSX/CSV export (``services.exporting``): Russian column
headers, display values, native dates and numbers, and the personal data of a
minor without the representative's consent replaced by «скрыто»."""

from django.utils.translation import gettext, gettext_lazy as _
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from mentoring.enums import ParticipantCategory
from mentoring.models import Organization

from .enums import ConsentStatus, MenteeStatus, MentorStatus, NeedCategory
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


# Rows fetched from the database at a time by the export resources.
EXPORT_CHUNK_SIZE = 2000


def _labels(choices) -> dict[str, str]:
    """{value: label} of a TextChoices class in the active language."""
    return {value: str(label) for value, label in choices.choices}


class _BaseExportResource(resources.Resource):
    """The participant's columns shared by both bases. Each row is a ``Mentor``
    or ``Mentee`` with ``participant`` joined; values are native (``str``,
    ``int``, ``datetime.date`` or ``None``) and formatted by the writer."""

    full_name = fields.Field(attribute="participant__full_name", column_name=_("Full name"))
    category = fields.Field(column_name=_("Category"))
    study_group = fields.Field(attribute="participant__study_group", column_name=_("Study group"))
    course = fields.Field(attribute="participant__course", column_name=_("Course"))
    specialty = fields.Field(attribute="participant__specialty", column_name=_("Specialty"))
    position = fields.Field(attribute="participant__position", column_name=_("Position"))
    employer = fields.Field(attribute="participant__employer", column_name=_("Organisation"))
    phone = fields.Field(column_name=_("Phone"))
    email = fields.Field(column_name=_("E-mail"))
    birth_date = fields.Field(column_name=_("Birth date"))
    consent = fields.Field(column_name=_("Consent"))
    minor = fields.Field(column_name=_("Minor"))
    status = fields.Field(column_name=_("Status"))

    class Meta:
        chunk_size = EXPORT_CHUNK_SIZE

    # TextChoices of the row's ``status``
    status_choices: type = MentorStatus

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # labels and words in the active language, once per export rather than
        # once per cell (get_FOO_display hashes the lazy choices on every call)
        self.categories = _labels(ParticipantCategory)
        self.consents = _labels(ConsentStatus)
        self.statuses = _labels(self.status_choices)
        self.hidden = gettext("hidden")
        self.yes = gettext("yes")

    def _personal(self, participant: Participant, value):
        """``value``, or «скрыто» when the participant's personal data are hidden
        (a minor without the legal representative's consent,
        ``Participant.personal_data_hidden``; DESIGN.md "People")."""
        # the consent test first: it spares the age computation for most rows
        if participant.consent_status != ConsentStatus.GIVEN and participant.personal_data_hidden:
            return self.hidden
        return value

    def dehydrate_category(self, obj) -> str:
        return self.categories.get(obj.participant.category, obj.participant.category)

    def dehydrate_phone(self, obj) -> str:
        return self._personal(obj.participant, obj.participant.phone)

    def dehydrate_email(self, obj) -> str:
        return self._personal(obj.participant, obj.participant.email)

    def dehydrate_birth_date(self, obj):
        return self._personal(obj.participant, obj.participant.birth_date)

    def dehydrate_consent(self, obj) -> str:
        status = obj.participant.consent_status
        return self.consents.get(status, status)

    def dehydrate_minor(self, obj) -> str:
        return self.yes if obj.participant.is_minor else ""

    def dehydrate_status(self, obj) -> str:
        return self.statuses.get(obj.status, obj.status)


class MentorExportResource(_BaseExportResource):
    """The mentor base as exported: participant columns, then competencies,
    interests, capacity and open pairs. Expects ``selectors.mentors_visible_to``
    rows (``open_pairs`` annotated); counts the pairs per row otherwise."""

    competencies = fields.Field(attribute="competencies", column_name=_("Competencies"))
    interests = fields.Field(attribute="interests", column_name=_("Interests"))
    capacity = fields.Field(attribute="capacity", column_name=_("Capacity, mentees"))
    open_pairs = fields.Field(column_name=_("Open pairs"))

    class Meta:
        chunk_size = EXPORT_CHUNK_SIZE

    status_choices = MentorStatus

    def dehydrate_open_pairs(self, mentor: Mentor) -> int:
        open_pairs = getattr(mentor, "open_pairs", None)
        if open_pairs is None:
            from pairs.enums import OPEN_STATUSES

            open_pairs = mentor.pairs.filter(status__in=OPEN_STATUSES).count()
        return open_pairs


class MenteeExportResource(_BaseExportResource):
    """The mentee base as exported: participant columns, then the category of
    need and the requests joined by «; ». Expects the requests prefetched
    (``selectors.mentees_visible_to``)."""

    need_category = fields.Field(column_name=_("Category of need"))
    requests = fields.Field(column_name=_("Requests"))

    class Meta:
        chunk_size = EXPORT_CHUNK_SIZE

    status_choices = MenteeStatus

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.needs = _labels(NeedCategory)

    def dehydrate_need_category(self, mentee: Mentee) -> str:
        return self.needs.get(mentee.need_category, mentee.need_category)

    def dehydrate_requests(self, mentee: Mentee) -> str:
        return "; ".join(request.text for request in mentee.requests.all())
