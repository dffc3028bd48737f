from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Answer, Question, Response, Survey
from .selectors import display_answer


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "text", "question_type", "required", "measures_satisfaction"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "respondent_role", "organization"]
    list_filter = ["kind", "respondent_role", "organization"]
    list_select_related = ["organization"]
    search_fields = ["title"]
    inlines = [QuestionInline]


class AnswerInline(admin.TabularInline):
    """Answers are the respondent's words: shown, never edited here."""

    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "shown_value"]
    readonly_fields = ["question", "shown_value"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    @admin.display(description=_("answer"))
    def shown_value(self, answer: Answer) -> str:
        return display_answer(answer.question, answer)


class SubmittedFilter(admin.SimpleListFilter):
    title = _("submitted")
    parameter_name = "submitted"

    def lookups(self, request, model_admin):
        return [("yes", _("Submitted")), ("no", _("Pending"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(submitted_at__isnull=True)
        return queryset


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "respondent", "meeting", "created_at", "submitted_at"]
    list_filter = ["survey__kind", SubmittedFilter, "survey__respondent_role", "survey__organization"]
    list_select_related = ["survey", "respondent", "meeting"]
    search_fields = ["respondent__surname", "respondent__name", "meeting__topic"]
    raw_id_fields = ["respondent", "meeting"]
    readonly_fields = ["token", "created_at", "submitted_at"]
    date_hierarchy = "created_at"
    inlines = [AnswerInline]
