"""Read-only views of the 公示 records for platform administrators. Every change goes through the
services (with their audit events), so the admin can look but not edit."""

from django.contrib import admin

from .models import Entry, Objection, Publicity


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ("name", "employer_name", "specialty", "level", "outcome")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Publicity)
class PublicityAdmin(ReadOnly):
    list_display = ("title", "kind", "start", "end", "working_days", "status", "result", "closed_at")
    list_filter = ("kind", "status", "result")
    list_select_related = ("plan",)
    inlines = [EntryInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnly):
    list_display = ("entry", "received_on", "channel", "status", "resolved_at")
    list_filter = ("status", "channel")
