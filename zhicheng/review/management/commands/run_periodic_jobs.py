import time

from django.core.management.base import BaseCommand

from zhicheng.review.jobs import JOBS, run_due


class Command(BaseCommand):
    help = "运行到期的定时任务（审核截止提醒、公示期满提醒）；--loop 每分钟检查一次，供 make run 使用。"

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="持续运行，每隔 --interval 秒检查一次")
        parser.add_argument("--interval", type=int, default=60)
        parser.add_argument("--force", action="store_true", help="不论是否到期，立即运行全部任务")

    def handle(self, *args, loop=False, interval=60, force=False, **options):
        self.stdout.write(f"定时任务：{'、'.join(j.description for j in JOBS.values())}")
        while True:
            for line in run_due(force=force):
                self.stdout.write(line)
            if not loop:
                return
            force = False
            time.sleep(max(interval, 5))
