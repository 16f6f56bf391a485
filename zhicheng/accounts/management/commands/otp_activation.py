"""Issue a TOTP activation code from the server's shell: how the first platform admin binds an
authenticator (every later one gets theirs on the 工作人员账号 page). Audited like the page's action."""

from django.core.management.base import BaseCommand, CommandError

from zhicheng.accounts import codes
from zhicheng.accounts.models import User


class Command(BaseCommand):
    help = "为工作人员账号发放动态口令绑定激活码（同时重置其原有验证器）。"

    def add_arguments(self, parser):
        parser.add_argument("login", help="手机号码或登录名")

    def handle(self, *args, login, **options):
        try:
            user = User.objects.get_by_natural_key(login)
        except User.DoesNotExist as exc:
            raise CommandError("没有该账号。") from exc
        if not user.needs_second_factor:
            raise CommandError("该账号无需动态口令。")
        code = codes.otp_activation_issue(actor=None, user=user)
        self.stdout.write(f"{user.real_name} 的绑定激活码：{code}（72 小时内有效，只显示这一次）")
