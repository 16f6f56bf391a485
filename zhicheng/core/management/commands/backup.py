from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from zhicheng.core.backup import backup_create


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个新目录，附 manifest.json（每个文件的 SHA-256、每张表的行数）。不含加密密钥。"

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="备份目录（不存在的新目录）；默认 var/backups/<时间>")

    def handle(self, *args, **options):
        target = Path(
            options["target"] or settings.VAR_DIR / "backups" / timezone.localtime().strftime("%Y%m%d-%H%M%S")
        )
        manifest = backup_create(target=target)
        rows = sum(manifest["tables"].values())
        files = len(manifest["sha256"]) - 1
        self.stdout.write(self.style.SUCCESS(f"备份完成：{target}（{rows} 行，{files} 个文件）。"))
        self.stdout.write("加密密钥不在备份中：请另行保管 FIELD_ENCRYPTION_KEY（及 AUDIT_CHAIN_KEY）。")
