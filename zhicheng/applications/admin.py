from django.contrib import admin

from .models import Application, StatusHistory


class HistoryInline(admin.TabularInline):
    model = StatusHistory
    fields = ["at", "actor", "role", "action", "from_status", "to_status", "opinion", "round"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # Read-only: status moves only through workflow.transition (DESIGN.md §4.3).
    list_display = ["id", "plan", "applicant", "level", "status", "current_stage", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["plan", "applicant", "current_stage"]
    inlines = [HistoryInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
