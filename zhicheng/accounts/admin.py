from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["real_name", "role", "organization", "phone_shown", "is_active", "date_joined"]
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

    @admin.display(description="手机号")
    def phone_shown(self, obj):
        return obj.masked_phone
