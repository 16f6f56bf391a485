from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    label = "accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from . import signals  # noqa: F401
