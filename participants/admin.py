"""Admin of the participant bases; Participant, Mentor and Mentee have
django-import-export import/export through ``resources``."""

from django.contrib import admin

from mentoring.admin import ReadOnlyAdminMixin
from import_export.admin import ImportExportModelAdmin

from .models import (
    ApplicantImport,
    ColumnMapping,
    Consent,
    ConsentFormsBatch,
    DataErasure,
    FamilyTie,
    Mentee,
    MenteeRequest,
    Mentor,
    MentorListing,
    MentorTraining,
    Participant,
    PortfolioItem,
)
from .resources import MenteeResource, MentorResource, ParticipantResource


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ("given_by", "representative_name", "representative_relation", "given_on",
              "received_via", "text_version", "withdrawn_on")


@admin.register(Participant)
class ParticipantAdmin(ImportExportModelAdmin):
    resource_classes = [ParticipantResource]
    list_display = ("full_name", "organization", "category", "study_group", "email",
                    "consent_status")
    list_filter = ("organization", "category", "consent_status")
    search_fields = ("surname", "name", "patronymic", "email", "study_group")
    list_select_related = ("organization",)
    raw_id_fields = ("user",)
    inlines = [ConsentInline]


class MenteeRequestInline(admin.TabularInline):
    model = MenteeRequest
    extra = 0


class MentorTrainingInline(admin.TabularInline):
    model = MentorTraining
    extra = 0


class PortfolioItemInline(admin.StackedInline):
    model = PortfolioItem
    extra = 0


@admin.register(Mentor)
class MentorAdmin(ImportExportModelAdmin):
    resource_classes = [MentorResource]
    list_display = ("participant", "status", "capacity")
    list_filter = ("status", "participant__organization", "participant__category")
    search_fields = ("participant__surname", "participant__name", "competencies", "interests")
    list_select_related = ("participant",)
    raw_id_fields = ("participant",)
    inlines = [MentorTrainingInline, PortfolioItemInline]


@admin.register(Mentee)
class MenteeAdmin(ImportExportModelAdmin):
    resource_classes = [MenteeResource]
    list_display = ("participant", "status", "need_category")
    list_filter = ("status", "need_category", "participant__organization")
    search_fields = ("participant__surname", "participant__name", "participant__study_group")
    list_select_related = ("participant",)
    raw_id_fields = ("participant",)
    inlines = [MenteeRequestInline]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("participant", "given_by", "given_on", "withdrawn_on", "received_via",
                    "text_version")
    list_filter = ("given_by", "received_via", "text_version")
    search_fields = ("participant__surname", "participant__name", "representative_name")
    list_select_related = ("participant",)
    raw_id_fields = ("participant",)


@admin.register(ApplicantImport)
class ApplicantImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: imports are made and applied on the portal's import page."""

    list_display = ("original_name", "organization", "status", "uploaded_by", "created_at",
                    "applied_at")
    list_filter = ("status", "organization")
    readonly_fields = [f.name for f in ApplicantImport._meta.fields]


@admin.register(DataErasure)
class DataErasureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log of anonymisations after withdrawn consents."""

    list_display = ("subject", "organization", "erased_at", "actor", "reason")
    list_filter = ("organization",)
    readonly_fields = [f.name for f in DataErasure._meta.fields]


@admin.register(ConsentFormsBatch)
class ConsentFormsBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: made by the worker on the consent forms page, deleted after a day.
    The PDF (minors' data) is downloaded on the portal's batch page, not here."""

    list_display = ("study_group", "organization", "status", "people", "requested_by",
                    "created_at", "finished_at")
    list_filter = ("status", "organization")
    readonly_fields = [f.name for f in ConsentFormsBatch._meta.fields if f.name != "file"]
    exclude = ("file",)


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "created_by", "created_at")
    list_filter = ("organization",)
    readonly_fields = ("signature", "columns", "created_by", "created_at")


@admin.register(FamilyTie)
class FamilyTieAdmin(admin.ModelAdmin):
    list_display = ["parent", "child", "created_at"]
    search_fields = ["parent__surname", "child__surname"]
    list_select_related = ["parent", "child"]
    raw_id_fields = ["parent", "child", "recorded_by"]


@admin.register(MentorListing)
class MentorListingAdmin(admin.ModelAdmin):
    list_display = ["mentor", "territory", "status", "confirmed_year", "listed_at"]
    list_filter = ["status", "territory"]
    list_select_related = ["mentor__participant", "territory", "confirmed_year"]
    search_fields = ["mentor__participant__surname", "mentor__participant__name"]
    raw_id_fields = ["mentor"]
