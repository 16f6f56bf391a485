from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    label = "accounts"
    verbose_name = "账号与角色"

    def ready(self):
        # in ready(): registers the login receivers; signals imports core.audit, whose models load after the
        # app registry
        from . import signals  # noqa: F401
