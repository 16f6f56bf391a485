"""Read-only views of the review records for platform administrators. Every change goes through the
services (with their audit events), so the admin can look but not edit."""

from django.contrib import admin

from .models import RecommendationBatch


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecommendationBatch)
class RecommendationBatchAdmin(ReadOnly):
    list_display = ("organization", "plan", "size", "submitted_by", "submitted_at")
    list_select_related = ("organization", "plan", "submitted_by")
