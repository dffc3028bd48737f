"""Admin of reports: orders (files read-only), indicators with targets and
values, head counts and built reports. Writes that matter go through services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import HeadCount, Indicator, IndicatorTarget, IndicatorValue, Order, Report
from .services.annual import request_report
from .services.indicators import set_head_counts, set_indicator_value


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "issued_on", "title", "organization", "academic_year", "kind", "status")
    list_filter = ("kind", "status", "academic_year", "organization")
    search_fields = ("title", "=number")
    date_hierarchy = "issued_on"
    list_select_related = ("organization", "academic_year")
    # The PDF and its checksum are produced by the renderer, never by hand.
    readonly_fields = ("file", "sha256", "signed_by", "signed_at")
    raw_id_fields = ("organization",)


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    fields = ("organization", "academic_year", "value")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("position", "title", "code", "unit", "method")
    list_display_links = ("title",)
    ordering = ("position", "pk")
    search_fields = ("title", "code")
    inlines = [IndicatorTargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "organization", "academic_year", "value")
    list_filter = ("academic_year", "organization")
    list_select_related = ("indicator", "organization", "academic_year")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("indicator", "organization", "academic_year", "value", "entered_by", "entered_at")
    list_filter = ("academic_year", "organization")
    list_select_related = ("indicator", "organization", "academic_year", "entered_by")
    readonly_fields = ("entered_by", "entered_at")

    def save_model(self, request, obj, form, change):
        record = set_indicator_value(
            organization=obj.organization, indicator=obj.indicator, academic_year=obj.academic_year,
            value=obj.value, note=obj.note, actor=request.user,
        )
        obj.pk = record.pk


@admin.register(HeadCount)
class HeadCountAdmin(admin.ModelAdmin):
    list_display = (
        "organization", "academic_year", "teachers", "students", "employer_partners",
        "pupils_career_guidance",
    )
    list_filter = ("academic_year", "organization")
    list_select_related = ("organization", "academic_year")

    def save_model(self, request, obj, form, change):
        record = set_head_counts(
            organization=obj.organization, academic_year=obj.academic_year, actor=request.user,
            teachers=obj.teachers, students=obj.students, employer_partners=obj.employer_partners,
            pupils_career_guidance=obj.pupils_career_guidance,
        )
        obj.pk = record.pk


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization", "status", "progress", "requested_at", "finished_at")
    list_filter = ("kind", "status", "academic_year", "organization")
    list_select_related = ("organization", "academic_year")
    readonly_fields = (
        "status", "progress", "error", "pdf", "xlsx", "requested_by", "requested_at", "finished_at",
    )
    actions = ["build_again"]

    def has_add_permission(self, request) -> bool:
        # Reports are requested from the reports page (a queued job), not typed in.
        return False

    @admin.action(description=_("Build the selected reports again"))
    def build_again(self, request, queryset):
        count = 0
        for report in queryset.select_related("organization", "academic_year"):
            request_report(
                organization=report.organization, academic_year=report.academic_year,
                kind=report.kind, actor=request.user,
            )
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d report queued.", "%(count)d reports queued.", count) % {"count": count},
            messages.SUCCESS,
        )
