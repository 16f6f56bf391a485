from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["real_name", "role", "organization", "masked_phone", "is_active", "date_joined"]
    list_filter = ["role", "is_active"]
    search_fields = ["real_name"]
    # Encrypted numbers are never shown in full here; roles change through the audited staff page.
    fields = [
        "real_name",
        "role",
        "organization",
        "email",
        "is_active",
        "is_staff",
        "date_joined",
        "last_login",
    ]
    readonly_fields = ["role", "date_joined", "last_login"]

    def has_add_permission(self, request):
        return False
