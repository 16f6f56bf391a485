from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhicheng.evaluation import jobs


class Command(BaseCommand):
    help = "按指定日期补跑评审阶段定时任务：逾期未缴费处理、评分截止提醒（可重复运行；日常由 run_periodic_jobs 调度）。"

    def add_arguments(self, parser):
        parser.add_argument("--job", choices=[*jobs.BY_NAME, "all"], default="all")
        parser.add_argument("--today", help="以该日期为今天运行（YYYY-MM-DD），用于补跑")

    def handle(self, *args, job, today, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError("--today：日期格式应为 YYYY-MM-DD") from exc
        chosen = jobs.BY_NAME if job == "all" else {job: jobs.BY_NAME[job]}
        results = {name: run(today=day) for name, run in chosen.items()}
        labels = {"expire": "逾期未缴费", "remind": "评分提醒"}
        self.stdout.write("；".join(f"{labels[k]} {v} 件" for k, v in results.items()))
