from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, as the admin sees it: every SMS, e-mail and in-app message and its delivery state."""

    list_display = ["created_at", "channel", "recipient", "subject", "status", "attempts", "read_at"]
    list_filter = ["channel", "status"]
    search_fields = ["subject"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False
