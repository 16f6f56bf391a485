from django.contrib import admin

from .models import Certificate, IntegrityRecord, PaperRequest


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "title", "level_label", "status", "issued_on", "revoked_on"]
    list_filter = ["status", "level"]
    search_fields = ["number"]
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaperRequest)
class PaperRequestAdmin(admin.ModelAdmin):
    list_display = ["certificate", "kind", "status", "ems_number", "requested_at"]
    list_filter = ["status", "kind"]
    exclude = ["phone"]


@admin.register(IntegrityRecord)
class IntegrityAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "decided_on", "ban_from_year", "ban_until_year"]
    readonly_fields = [f.name for f in IntegrityRecord._meta.fields]

    def has_add_permission(self, request):
        return False
