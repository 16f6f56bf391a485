import time

from django.core.management.base import BaseCommand

from zhicheng.core import jobs


class Command(BaseCommand):
    help = "运行到期的定时任务（各应用在 core.jobs 中登记）；--loop 每分钟检查一次，供 make run 使用。"

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="持续运行，每隔 --interval 秒检查一次")
        parser.add_argument("--interval", type=int, default=60)
        parser.add_argument("--force", action="store_true", help="不论是否到期，立即运行全部任务")

    def handle(self, *args, loop=False, interval=60, force=False, **options):
        self.stdout.write(f"定时任务：{'、'.join(j.description for j in jobs.registered().values())}")
        while True:
            for line in jobs.run_due(force=force):
                self.stdout.write(line)
            if not loop:
                return
            force = False
            time.sleep(max(interval, 5))
