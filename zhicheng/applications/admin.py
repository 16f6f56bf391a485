from django.contrib import admin

from zhicheng.plans.models import Level

from .models import Application, StatusHistory


@admin.display(description="申报级别", ordering="level")
def level_shown(obj):
    """The level's label (中级（工程师）), not its code (intermediate)."""
    return Level(obj.level).label if obj.level in Level.values else obj.level or "—"


class HistoryInline(admin.TabularInline):
    model = StatusHistory
    fields = ["at", "actor", "role", "action", "from_status", "to_status", "opinion", "round"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # Read-only: status moves only through workflow.transition (DESIGN.md §4.3).
    list_display = ["id", "plan", "applicant", level_shown, "status", "current_stage", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["plan", "applicant", "current_stage"]
    inlines = [HistoryInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
