"""Admin of reports: orders (files read-only), indicators with targets and
values, head counts and built reports. Writes that matter go through services."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .enums import IndicatorMethod, OrderStatus
from .models import (
    Award,
    Contest,
    ContestCriterion,
    ContestJuror,
    HeadCount,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MonitoringCampaign,
    MonitoringReport,
    Nomination,
    Order,
    OrganizationIndicator,
    Practice,
    Report,
    Score,
)
from .services.annual import request_report
from .services.indicators import (
    IndicatorError,
    check_evidence,
    set_head_counts,
    set_indicator_value,
    validate_indicator_value,
)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "issued_on", "title", "organization", "academic_year", "kind", "status",
                    "file_status")
    list_filter = ("kind", "status", "file_status", "academic_year", "organization")
    search_fields = ("title", "=number")
    date_hierarchy = "issued_on"
    list_select_related = ("organization", "academic_year")
    # The PDF, its checksum, the number and the lifecycle are the services' work
    # (reports.services.orders), never typed by hand.
    readonly_fields = (
        "file", "sha256", "signed_by", "signed_at", "content", "number", "issued_on", "status",
        "submitted_at", "issued_by", "issued_at", "content_hash", "docx", "docx_sha256",
        "file_status", "render_attempts", "render_error",
    )
    raw_id_fields = ("organization",)
    filter_horizontal = ("mentors",)

    def get_readonly_fields(self, request, obj=None):
        # a signed order refuses edits
        if obj is not None and obj.is_frozen:
            return [f.name for f in self.model._meta.fields] + ["mentors"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != OrderStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset.filter(status=OrderStatus.DRAFT))


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Awards are proposed on the portal's pages (reports.services.awards); the
    admin lists them and keeps those in a signed order read-only."""

    list_display = ("mentor", "kind", "academic_year", "organization", "order")
    list_filter = ("kind", "academic_year", "organization")
    search_fields = ("mentor__participant__surname", "reason")
    list_select_related = ("mentor__participant", "academic_year", "organization", "order")
    raw_id_fields = ("mentor", "order", "organization")
    readonly_fields = ("order", "proposed_by", "created_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.order is not None and obj.order.is_frozen:
            return [f.name for f in self.model._meta.fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.order is not None and obj.order.is_frozen:
            return False
        return super().has_delete_permission(request, obj)


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    fields = ("organization", "academic_year", "value")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("position", "title", "group", "indicator_type", "unit", "method", "base_value", "source")
    list_display_links = ("title",)
    list_filter = ("group", "indicator_type", "method")
    ordering = ("position", "pk")
    search_fields = ("title", "code")
    inlines = [IndicatorTargetInline]


@admin.register(OrganizationIndicator)
class OrganizationIndicatorAdmin(admin.ModelAdmin):
    list_display = ("indicator", "organization", "base_value", "position", "added_at")
    list_filter = ("organization", "indicator__group")
    list_select_related = ("indicator", "organization")


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "organization", "academic_year", "value")
    list_filter = ("academic_year", "organization")
    list_select_related = ("indicator", "organization", "academic_year")


class IndicatorValueAdminForm(forms.ModelForm):
    """Hand-entered values of manual indicators only, checked as on the site."""

    class Meta:
        model = IndicatorValue
        fields = ("organization", "indicator", "academic_year", "value", "note", "evidence")

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        try:
            if indicator is not None:
                if indicator.method != IndicatorMethod.MANUAL:
                    raise IndicatorError(_("This indicator is computed from the portal's data; its value cannot be entered by hand."))
                if cleaned.get("value") is not None:
                    cleaned["value"] = validate_indicator_value(indicator, cleaned["value"])
            upload = self.files.get("evidence")
            if upload is not None:
                check_evidence(upload)
        except IndicatorError as error:
            raise forms.ValidationError(error.message) from None
        return cleaned


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    form = IndicatorValueAdminForm
    list_display = ("indicator", "organization", "academic_year", "value", "recorded", "entered_by", "entered_at")
    list_filter = ("recorded", "academic_year", "organization")
    list_select_related = ("indicator", "organization", "academic_year", "entered_by")
    readonly_fields = ("recorded", "entered_by", "entered_at")

    def save_model(self, request, obj, form, change):
        record = set_indicator_value(
            organization=obj.organization, indicator=obj.indicator, academic_year=obj.academic_year,
            value=obj.value, note=obj.note, actor=request.user,
            evidence=form.files.get("evidence"),
        )
        obj.pk = record.pk


@admin.register(HeadCount)
class HeadCountAdmin(admin.ModelAdmin):
    list_display = (
        "organization", "academic_year", "teachers", "young_specialists", "students",
        "employer_partners", "pupils_career_guidance",
    )
    list_filter = ("academic_year", "organization")
    list_select_related = ("organization", "academic_year")

    def save_model(self, request, obj, form, change):
        record = set_head_counts(
            organization=obj.organization, academic_year=obj.academic_year, actor=request.user,
            teachers=obj.teachers, students=obj.students, employer_partners=obj.employer_partners,
            pupils_career_guidance=obj.pupils_career_guidance,
            young_specialists=obj.young_specialists,
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


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "academic_year", "published"]
    list_filter = ["published", "academic_year", "organization"]
    search_fields = ["title"]
    raw_id_fields = ["mentor"]


class MonitoringReportInline(admin.TabularInline):
    model = MonitoringReport
    extra = 0
    fields = ["organization", "status", "submitted_at", "reviewed_at"]
    readonly_fields = fields


@admin.register(MonitoringCampaign)
class MonitoringCampaignAdmin(admin.ModelAdmin):
    list_display = ["__str__", "territory", "deadline", "status"]
    list_filter = ["status", "territory"]
    inlines = [MonitoringReportInline]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
    list_display = ["organization", "campaign", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "campaign"]
    list_select_related = ["organization", "campaign__academic_year"]
    readonly_fields = ["data", "computed_at"]


class ContestCriterionInline(admin.TabularInline):
    model = ContestCriterion
    extra = 0


class ContestJurorInline(admin.TabularInline):
    model = ContestJuror
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["title", "territory", "kind", "stage", "academic_year"]
    list_filter = ["kind", "stage", "territory"]
    inlines = [ContestCriterionInline, ContestJurorInline]


@admin.register(ContestCriterion)
class ContestCriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "contest", "weight", "max_score"]


@admin.register(ContestJuror)
class ContestJurorAdmin(admin.ModelAdmin):
    list_display = ["user", "contest", "organization"]
    raw_id_fields = ["user"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "contest", "organization", "status", "total", "rank"]
    list_filter = ["contest", "status"]
    raw_id_fields = ["mentor", "practice"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Scores are secret until the contest closes: the admin shows them read-only."""

    list_display = ["nomination", "criterion", "juror", "value", "scored_at"]
    list_filter = ["nomination__contest"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
