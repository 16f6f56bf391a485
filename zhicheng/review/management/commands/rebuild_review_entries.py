from django.core.management.base import BaseCommand

from zhicheng.accounts.models import User
from zhicheng.review.identity import rebuild_tokens
from zhicheng.review.tracking import rebuild_entries


class Command(BaseCommand):
    help = "根据办理记录重建审查队列（ReviewEntry），并重建身份证号片段检索索引；用于批量导入数据之后。"

    def handle(self, *args, **options):
        entries = rebuild_entries()
        tokens = 0
        applicants = User.objects.filter(role="applicant").exclude(id_number_index="")
        batch = []
        for user in applicants.iterator(chunk_size=2000):
            batch.append(user)
            if len(batch) == 2000:
                tokens += rebuild_tokens(batch)
                batch = []
        if batch:
            tokens += rebuild_tokens(batch)
        self.stdout.write(f"已重建审查记录 {entries} 条、身份证号检索索引 {tokens} 条。")
