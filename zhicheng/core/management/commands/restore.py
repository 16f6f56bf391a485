from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhicheng.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从 `manage.py backup` 的目录恢复到（已 migrate 的）空数据库与文件存储，并按 manifest 核对行数与 SHA-256。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录")
        parser.add_argument("--yes", action="store_true", help="确认清空当前数据库后恢复")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("恢复会清空当前数据库：确认后请加 --yes。")
        try:
            differences = backup_restore(source=Path(options["source"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if differences:
            for d in differences:
                self.stderr.write(d)
            raise CommandError(f"恢复后与备份不符：{len(differences)} 处差异")
        self.stdout.write(self.style.SUCCESS("恢复完成：行数与文件校验和全部一致（差异 0）。"))
