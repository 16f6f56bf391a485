from django.contrib import admin

from .kinds import KINDS
from .models import Entry, EntryVersion, PersonalInfo


@admin.register(PersonalInfo)
class PersonalInfoAdmin(admin.ModelAdmin):
    list_display = ["user", "employer", "department", "post", "updated_at"]
    list_select_related = ["user", "employer__organization"]
    search_fields = ["user__real_name"]
    exclude = ["photo"]


class VersionInline(admin.TabularInline):
    model = EntryVersion
    fields = ["number", "status", "reviewed_by", "reviewed_at", "return_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    # Read-only: entries change only through the applicant's and the employer's services (audit trail).
    list_display = ["id", "owner", "kind_shown", "created_at", "deleted_at"]
    list_filter = ["kind"]
    list_select_related = ["owner"]
    inlines = [VersionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="类别", ordering="kind")
    def kind_shown(self, obj):
        kind = KINDS.get(obj.kind)
        return kind.label if kind else obj.kind
