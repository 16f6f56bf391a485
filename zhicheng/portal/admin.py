from django.contrib import admin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "doc_number", "published_on", "is_published"]
    list_filter = ["is_published", "issuer"]
    search_fields = ["title", "doc_number"]
