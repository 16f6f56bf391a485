from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from zhicheng.core import audit
from zhicheng.core.masking import mask_phone


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.login_succeeded(user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.logout(user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    name = str((credentials or {}).get("username", ""))
    audit.login_failed(username_hint=mask_phone(name) if name.isdigit() else name[:32])
