from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhicheng.evaluation import jobs


class Command(BaseCommand):
    help = "评审阶段定时任务：开通缴费、逾期未缴费处理、评分截止提醒（每日运行一次即可，可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--job", choices=[*jobs.JOBS, "all"], default="all")
        parser.add_argument("--today", help="以该日期为今天运行（YYYY-MM-DD），用于补跑")

    def handle(self, *args, job, today, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today：日期格式应为 YYYY-MM-DD") from exc
        results = jobs.run_all(today=day) if job == "all" else {job: jobs.JOBS[job](today=day)}
        labels = {"open": "开通缴费", "expire": "逾期未缴费", "remind": "评分提醒"}
        self.stdout.write("；".join(f"{labels[k]} {v} 件" for k, v in results.items()))
