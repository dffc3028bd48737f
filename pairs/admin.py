"""Admin of pairs, meetings and personalised plans. Statuses change only through
the services (the lifecycle), so they are read-only here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import (
    MatchingPreference,
    MatchingRun,
    MatchingWeights,
    Meeting,
    MentorInvitation,
    Pair,
    PairStatusChange,
    PersonalPlan,
    PlanItem,
)


class PairStatusChangeInline(admin.TabularInline):
    model = PairStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["held_on", "meeting_type", "topic", "meeting_format", "duration_minutes"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["pk", "mentor", "mentee_names", "form", "kind", "status", "organization", "order"]
    list_filter = ["status", "form", "kind", "organization"]
    search_fields = [
        "mentor__participant__surname",
        "mentor__participant__name",
        "mentees__participant__surname",
    ]
    list_select_related = ["mentor__participant", "form", "kind", "organization", "order"]
    raw_id_fields = ["mentor", "mentees", "programme"]
    readonly_fields = [
        "status", "created_by", "created_at", "approved_by", "approved_at", "order",
        "ended_on", "end_initiative", "end_reason", "return_comment",
    ]
    inlines = [PairStatusChangeInline, MeetingInline]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mentees__participant")

    @admin.display(description=pgettext_lazy("pair", "mentees"))
    def mentee_names(self, obj: Pair) -> str:
        return ", ".join(m.participant.short_name for m in obj.mentees.all())


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "pair", "meeting_type", "topic", "meeting_format", "duration_minutes"]
    list_filter = ["meeting_type", "meeting_format"]
    search_fields = ["topic", "pair__mentor__participant__surname"]
    list_select_related = ["pair__mentor__participant"]
    raw_id_fields = ["pair", "logged_by"]
    date_hierarchy = "held_on"


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 1


@admin.register(PersonalPlan)
class PersonalPlanAdmin(admin.ModelAdmin):
    list_display = ["pair", "starts_on", "ends_on"]
    list_select_related = ["pair__mentor__participant"]
    raw_id_fields = ["pair"]
    inlines = [PlanItemInline]


@admin.register(MatchingWeights)
class MatchingWeightsAdmin(admin.ModelAdmin):
    list_display = ["programme", "requests", "preferences", "age", "time", "specialty"]
    raw_id_fields = ["updated_by"]


@admin.register(MatchingPreference)
class MatchingPreferenceAdmin(admin.ModelAdmin):
    list_display = ["participant", "other", "attitude", "source", "created_at"]
    list_filter = ["attitude", "source"]
    search_fields = ["participant__surname", "other__surname"]
    list_select_related = ["participant", "other"]
    raw_id_fields = ["participant", "other", "recorded_by"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    """Runs are a record of what the matcher did: read-only."""

    list_display = ["created_at", "organization", "form", "kind", "status", "mode",
                    "paired_count", "mentees_count", "total_score", "duration_ms"]
    list_filter = ["status", "mode", "form"]
    readonly_fields = [f.name for f in MatchingRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MentorInvitation)
class MentorInvitationAdmin(admin.ModelAdmin):
    list_display = ["mentor", "organization", "mentee", "status", "invited_at", "answered_at"]
    list_filter = ["status", "organization"]
    list_select_related = ["mentor__participant", "organization", "mentee__participant"]
    raw_id_fields = ["mentor", "mentee", "pair"]
