from django.contrib import admin

from .models import Plan, PlanAttachment, PlanFee, PlanStage


class StageInline(admin.TabularInline):
    model = PlanStage
    extra = 0


class FeeInline(admin.TabularInline):
    model = PlanFee
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = PlanAttachment
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "committee", "apply_start", "apply_end", "status", "ruleset_id"]
    list_filter = ["status", "year", "committee"]
    search_fields = ["name"]
    inlines = [StageInline, FeeInline, AttachmentInline]
