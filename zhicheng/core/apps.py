from datetime import timedelta

from django.apps import AppConfig, apps
from django.db.models import fields
from django.forms import models as form_models
from django.utils.translation import gettext_lazy

EMPTY_CHOICE_LABEL = "请选择"
THIRD_PARTY_APP_NAMES = {
    "axes": "登录安全（失败锁定）",
    "otp_totp": "动态口令（TOTP）",
    "django_otp": "动态口令",
    "auth": "认证和授权",
}
# Apps whose model and field names are plain English strings, not marked for translation (django-otp): they are
# marked at start-up and translated in locale/zh_Hans. Only the attributes Django reads for display change
# (verbose_name, help_text); migrations read Meta.original_attrs and a field's _verbose_name, and makemigrations
# runs without translations, so `makemigrations --check` stays clean.
UNTRANSLATED_APPS = ("django_otp", "otp_totp")


def mark_for_translation(model):
    opts = model._meta
    opts.verbose_name = gettext_lazy(str(opts.verbose_name))
    opts.verbose_name_plural = gettext_lazy(str(opts.verbose_name_plural))
    for field in opts.concrete_fields:
        if isinstance(field.verbose_name, str):
            field.verbose_name = gettext_lazy(field.verbose_name)
        if isinstance(field.help_text, str) and field.help_text:
            field.help_text = gettext_lazy(field.help_text)


class CoreConfig(AppConfig):
    name = "zhicheng.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        # Once for every form on the platform: an empty choice reads "请选择", not Django's "---------".
        fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE_LABEL)]
        form_models.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE_LABEL

        # Third-party apps' names in the admin (an app's verbose_name is not part of any migration); their
        # model and field names come from locale/zh_Hans.
        installed = {config.label: config for config in apps.get_app_configs()}
        for label, name in THIRD_PARTY_APP_NAMES.items():
            if label in installed:
                installed[label].verbose_name = name
        for label in UNTRANSLATED_APPS:
            if label in installed:
                for model in installed[label].get_models():
                    mark_for_translation(model)

        # in ready(): jobs and retention import core.models, which load after the app registry
        from . import jobs
        from .retention import retention_purge

        jobs.register(
            "retention_purge", retention_purge, every=timedelta(days=1), description="按保存期限清理过期记录"
        )
