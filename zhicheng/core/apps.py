from django.apps import AppConfig

EMPTY_CHOICE_LABEL = "请选择"
THIRD_PARTY_APP_NAMES = {
    "axes": "登录安全（失败锁定）",
    "otp_totp": "动态口令（TOTP）",
    "django_otp": "动态口令",
    "auth": "认证和授权",
}


class CoreConfig(AppConfig):
    name = "zhicheng.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        # Once for every form on the platform: an empty choice reads "请选择", not Django's "---------".
        from django.db.models import fields
        from django.forms import models as form_models

        fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE_LABEL)]
        form_models.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE_LABEL

        # Third-party apps' names in the admin (an app's verbose_name is not part of any migration); their
        # model and field names come from locale/zh_Hans.
        from django.apps import apps

        installed = {config.label: config for config in apps.get_app_configs()}
        for label, name in THIRD_PARTY_APP_NAMES.items():
            if label in installed:
                installed[label].verbose_name = name

        from datetime import timedelta

        from . import jobs
        from .retention import retention_purge

        jobs.register(
            "retention_purge", retention_purge, every=timedelta(days=1), description="按保存期限清理过期记录"
        )
