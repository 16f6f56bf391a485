from django.contrib import admin

from zhicheng.plans.levels import level_label

from .models import EvaluationCase, EvaluationRules, ExpertProfile, Payment, PaymentCallback


@admin.display(description="申报级别", ordering="level")
def level_shown(obj):
    """The level's label (中级（工程师）), not its code (intermediate)."""
    return level_label(obj.level) or "—"


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvaluationCase)
class CaseAdmin(ReadOnly):
    list_display = ["id", "plan", level_shown, "status", "fee_amount", "fee_deadline"]
    list_filter = ["status", "plan"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["receipt_number", "order_number", "provider", "amount", "paid_at", "refund_due"]
    list_filter = ["provider", "refund_due"]


@admin.register(PaymentCallback)
class CallbackAdmin(ReadOnly):
    list_display = ["received_at", "provider", "order_number", "trade_status", "signature_ok", "outcome"]
    list_filter = ["outcome", "signature_ok"]


admin.site.register(EvaluationRules)


@admin.register(ExpertProfile)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "specialty", "title", "organization_name", "active"]
    list_filter = ["committee", "active"]
