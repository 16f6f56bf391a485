from django.apps import AppConfig

EMPTY_CHOICE_LABEL = "请选择"


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
