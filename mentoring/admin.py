"""Admin of the shared core. The audit log is read-only: entries are written by
services only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    AcademicYear,
    AuditEntry,
    Membership,
    MentoringForm,
    MentoringKind,
    Organization,
    Programme,
)

class ReadOnlyAdminMixin:
    """For records written only by services (audit log, import batches): the
    admin shows them and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Mentoring portal: administration")
admin.site.site_title = _("Mentoring portal")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "city", "director_name"]
    search_fields = ["name", "short_name", "city"]
    inlines = [MembershipInline]


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on"]


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "mentor_categories", "mentee_categories"]
    search_fields = ["name", "code"]


@admin.register(MentoringKind)
class MentoringKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "max_group_size"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "first_year", "last_year"]
    list_filter = ["organization"]
    filter_horizontal = ["forms", "kinds"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "organization", "object_type", "object_id"]
    list_filter = ["action", "organization"]
    search_fields = ["action", "object_id", "actor__username"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
