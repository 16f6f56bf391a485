"""Read-only views of the review records for platform administrators. Every change goes through the
services (with their audit events), so the admin can look but not edit."""

from django.contrib import admin

from .models import InternalPublicity, Objection, Publicity, PublicityEntry, RecommendationBatch


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InternalPublicity)
class InternalPublicityAdmin(ReadOnly):
    list_display = ("application", "organization", "start", "end", "working_days", "result", "recorded_at")
    list_filter = ("result",)
    list_select_related = ("application__applicant", "application__plan", "organization")


class EntryInline(admin.TabularInline):
    model = PublicityEntry
    fields = ("name", "employer_name", "specialty", "level", "outcome")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Publicity)
class PublicityAdmin(ReadOnly):
    list_display = ("title", "start", "end", "working_days", "status", "closed_at")
    list_filter = ("status",)
    inlines = [EntryInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnly):
    list_display = ("entry", "received_on", "channel", "status", "resolved_at")
    list_filter = ("status", "channel")


@admin.register(RecommendationBatch)
class RecommendationBatchAdmin(ReadOnly):
    list_display = ("organization", "plan", "size", "submitted_by", "submitted_at")
    list_select_related = ("organization", "plan", "submitted_by")
