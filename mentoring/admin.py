"""Admin of the shared core, and the audit trail (auditlog's LogEntry), which is
read-only: entries are written by auditlog's signals and by services."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .audit import ACTION_LABELS, EVENT_LABELS, event_label
from .models import (
    AcademicYear,
    Membership,
    MentoringForm,
    MentoringKind,
    Organization,
    Programme,
    Territory,
)
from .trail import field_label, field_of

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


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "territory", "city", "director_name"]
    list_filter = ["kind", "territory"]
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


class EventFilter(admin.SimpleListFilter):
    """Domain events by code (``additional_data["event"]``); «changes» are the
    entries auditlog's signals wrote."""

    title = pgettext_lazy("audit", "event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return [("-", pgettext_lazy("audit", "changes of records"))] + sorted(
            ((code, f"{label} ({code})") for code, label in EVENT_LABELS.items()),
            key=lambda item: item[1],
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "-":
            return queryset.exclude(additional_data__has_key="event")
        return queryset.filter(additional_data__event=value)


class ObjectTypeFilter(admin.SimpleListFilter):
    """The kind of record: the models the trail covers (no scan of the table)."""

    title = pgettext_lazy("audit", "kind of record")
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        models = [*auditlog.get_models()]
        types = ContentType.objects.get_for_models(*models)
        return sorted(
            ((types[m].pk, str(m._meta.verbose_name).capitalize()) for m in models),
            key=lambda item: item[1],
        )

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(content_type_id=self.value())


class ActionFilter(admin.SimpleListFilter):
    title = pgettext_lazy("audit", "action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(str(code), label) for code, label in ACTION_LABELS.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(action=self.value())


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditTrailAdmin(LogEntryAdmin):
    """The whole trail for the administrator: filters by action, event, kind of
    record, actor and date; search by object, actor and changes."""

    list_display = ["when", "record", "what", "changed_fields", "who", "remote_addr"]
    list_filter = [ActionFilter, EventFilter, ObjectTypeFilter,
                   ("actor", admin.RelatedOnlyFieldListFilter), ("timestamp", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "actor__username", "actor__last_name", "remote_addr"]

    @admin.display(description=pgettext_lazy("audit", "Record"))
    def record(self, obj):
        return self.resource_url(obj)

    @admin.display(description=pgettext_lazy("audit", "Who"))
    def who(self, obj):
        return self.user_url(obj)

    @admin.display(description=pgettext_lazy("audit", "When"), ordering="timestamp")
    def when(self, obj):
        return self.created(obj)

    @admin.display(description=pgettext_lazy("audit", "What"))
    def what(self, obj):
        event = (obj.additional_data or {}).get("event")
        return event_label(event) if event else ACTION_LABELS.get(obj.action, obj.action)

    @admin.display(description=pgettext_lazy("audit", "Changed fields"))
    def changed_fields(self, obj):
        model = obj.content_type.model_class()
        return ", ".join(field_label(field_of(model, name), name) for name in obj.changes or {})
