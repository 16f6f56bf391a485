from django.contrib import admin

from .models import ExportJob, MailingInstructions


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "requested_by",
        "status",
        "progress",
        "row_count",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "kind")
    # Jobs are a record of who exported what (SECURITY.md 15): visible, never edited here.
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MailingInstructions)
class MailingInstructionsAdmin(admin.ModelAdmin):
    list_display = ("plan", "address", "recipient", "phone", "review_form_copies", "updated_by", "updated_at")
    search_fields = ("plan__name", "address")
    # Set by the plan's committee office on its own page, where the change is audited.
    readonly_fields = ("updated_by", "updated_at")
