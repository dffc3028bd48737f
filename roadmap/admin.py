"""Admin of the roadmap: roadmaps with their stages, stages with their activities."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .enums import ActivityStatus
from .models import Activity, Roadmap, Stage
from .services import set_activity_status


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("number", "title", "task")
    show_change_link = True


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    fields = (
        ("code", "status"), "title", ("deadline_text", "deadline"), "responsible",
        "planned_result", ("evidence", "completed_on"),
    )
    # Status changes go through set_activity_status (audited): the roadmap page
    # or the actions of the activity list.
    readonly_fields = ("status", "evidence", "completed_on")


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "academic_year")
    list_filter = ("academic_year", "organization")
    list_select_related = ("organization", "academic_year")
    search_fields = ("title", "organization__short_name")
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "roadmap")
    list_filter = ("number", "roadmap__academic_year")
    list_select_related = ("roadmap__academic_year",)
    search_fields = ("title",)
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "short_title", "deadline", "status", "stage_roadmap")
    list_filter = ("stage__number", "status", "stage__roadmap__academic_year")
    list_select_related = ("stage__roadmap__academic_year",)
    search_fields = ("code", "title", "responsible")
    readonly_fields = ("status", "evidence", "completed_on")
    actions = ["mark_in_progress", "mark_done"]

    @admin.action(description=_("Mark selected activities as in progress"))
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, ActivityStatus.IN_PROGRESS)

    @admin.action(description=_("Mark selected activities as done"))
    def mark_done(self, request, queryset):
        self._set_status(request, queryset, ActivityStatus.DONE)

    def _set_status(self, request, queryset, status: str) -> None:
        changed = 0
        for activity in queryset.select_related("stage__roadmap__organization"):
            try:
                set_activity_status(activity, status=status, actor=request.user)
            except PermissionDenied as exc:
                self.message_user(request, f"{activity.code}: {exc}", messages.ERROR)
            else:
                changed += 1
        self.message_user(request, _("Activities changed: %(count)s") % {"count": changed})

    @admin.display(description=Activity._meta.get_field("title").verbose_name)
    def short_title(self, obj: Activity) -> str:
        return str(obj)[len(obj.code) + 1:]

    @admin.display(description=Roadmap._meta.verbose_name)
    def stage_roadmap(self, obj: Activity) -> str:
        return str(obj.stage.roadmap)
