from django.core.management.base import BaseCommand, CommandError

from zhicheng.demo.seed import load_demo


class Command(BaseCommand):
    help = "加载演示数据：四个通知对应的申报计划（各回放一季至发证）、一个正在申报的演示计划（各环节都有待办）、各角色演示账号与专家库。"

    def handle(self, *args, **options):
        try:
            result = load_demo(with_seasons=True)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪：计划 {result['plans']} 个，新建账号 {result['accounts_created']} 个。"
                f"{result.get('seasons', '')}"
            )
        )
