from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .dates import local_time
from .models import AuditEvent, CalendarOverride, JobRun
from .workdays import library_covers


class CalendarOverrideForm(forms.ModelForm):
    is_workday = forms.TypedChoiceField(
        label="当日安排",
        choices=[(True, "上班（调休上班日）"), (False, "休息（法定节假日）")],
        coerce=lambda v: v in (True, "True"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CalendarOverride
        fields = ["date", "is_workday", "note"]
        labels = {"date": "日期", "note": "说明（如：2027年春节调休）"}


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Where each year's official holiday and 调休 schedule is entered once it is announced."""

    form = CalendarOverrideForm
    list_display = ("day", "weekday", "arrangement", "note")
    list_filter = ("is_workday",)
    search_fields = ("note",)
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description="日期", ordering="date")
    def day(self, obj):
        return obj.date.strftime("%Y-%m-%d")

    @admin.display(description="星期")
    def weekday(self, obj):
        return "星期" + "一二三四五六日"[obj.date.weekday()]

    @admin.display(description="当日安排", ordering="is_workday")
    def arrangement(self, obj):
        return "上班" if obj.is_workday else "休息"

    def changelist_view(self, request, extra_context=None):
        next_year = timezone.localdate().year + 1
        if (
            not library_covers(next_year)
            and not CalendarOverride.objects.filter(date__year=next_year).exists()
        ):
            messages.warning(
                request,
                f"内置节假日数据尚不包含 {next_year} 年。国务院办公厅公布 {next_year} 年放假安排后，"
                "请在此逐日录入法定节假日（休息）和调休上班日（上班）；未录入前按周一至周五为工作日计算。",
            )
        return super().changelist_view(request, extra_context)


# The admin speaks the platform's name (issue 17 §2).
admin.site.site_header = f"{settings.PLATFORM_NAME} 管理后台"
admin.site.site_title = f"{settings.PLATFORM_NAME} 管理后台"
admin.site.index_title = "管理首页"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """审计事件: readable and searchable, never changed here (the chain is written only by core.audit)."""

    list_display = ("when", "event", "actor_shown", "role_shown", "object_shown", "result", "ip")
    list_filter = ("result", "role", "event")
    search_fields = ("event", "actor_label", "object_type", "object_id", "ip")
    date_hierarchy = "at"
    ordering = ("-id",)
    list_per_page = 50
    list_select_related = ("actor",)
    readonly_fields = (
        "at", "event", "actor", "actor_label", "role", "ip", "object_type", "object_id", "result", "data",
        "prev_hash", "hash",
    )  # fmt: skip

    @admin.display(description="时间", ordering="at")
    def when(self, obj):
        return local_time(obj.at)

    @admin.display(description="操作人")
    def actor_shown(self, obj):
        return obj.actor.real_name if obj.actor else (obj.actor_label or "平台自动")

    @admin.display(description="角色", ordering="role")
    def role_shown(self, obj):
        # The user model's own role choices (core imports no higher app).
        labels = dict(get_user_model()._meta.get_field("role").choices)
        return labels.get(obj.role, obj.role or "—")

    @admin.display(description="对象")
    def object_shown(self, obj):
        return f"{obj.object_type} #{obj.object_id}" if obj.object_type else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "last_started_at", "last_finished_at", "last_ok", "last_result")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp names its fieldsets in plain English (not marked for translation); the admin shows them in Chinese.
TOTP_FIELDSET_NAMES = {
    "Identity": "设备信息",
    "Timestamps": "时间",
    "Configuration": "参数配置",
    "State": "状态",
    "Throttling": "失败限制",
    "QR Code": "二维码",
}


class ChineseTOTPDeviceAdmin(TOTPDeviceAdmin):
    def get_fieldsets(self, request, obj=None):
        return [
            (TOTP_FIELDSET_NAMES.get(name, name), options)
            for name, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description="二维码")
    def qrcode_link(self, device):
        link = super().qrcode_link(device)
        return link.replace(">qrcode<", ">查看二维码<") if link else link


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, ChineseTOTPDeviceAdmin)
