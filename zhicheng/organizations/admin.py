from django.contrib import admin

from .models import Committee, Employer, Organization, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "department_kind", "region"]
    list_filter = ["kind", "department_kind"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["organization", "uscc", "nature", "status", "letter_uploaded_at", "reviewed_at"]
    list_filter = ["status", "nature"]
    search_fields = ["organization__name", "uscc"]
    # Decisions go through the review page so that they are audited and the employer is told.
    readonly_fields = [
        "status",
        "letter",
        "letter_uploaded_at",
        "reviewed_by",
        "reviewed_at",
        "reject_reason",
    ]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["organization", "level", "organizer", "hr_bureau"]
