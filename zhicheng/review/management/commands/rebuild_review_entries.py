from django.core.management.base import BaseCommand

from zhicheng.accounts.models import Role, User
from zhicheng.review.identity import rebuild_tokens
from zhicheng.review.names import rebuild_name_tokens
from zhicheng.review.tracking import rebuild_entries


class Command(BaseCommand):
    help = "根据办理记录重建审查队列（ReviewEntry），并重建身份证号片段与姓名片段检索索引；用于批量导入数据之后。"

    def handle(self, *args, **options):
        entries = rebuild_entries()
        tokens = 0
        name_tokens = 0
        for start in range(0, User.objects.filter(role=Role.APPLICANT).count(), 5000):
            batch = list(User.objects.filter(role=Role.APPLICANT).order_by("pk")[start : start + 5000])
            name_tokens += rebuild_name_tokens(batch)
        applicants = User.objects.filter(role=Role.APPLICANT).exclude(id_number_index="")
        batch = []
        for user in applicants.iterator(chunk_size=2000):
            batch.append(user)
            if len(batch) == 2000:
                tokens += rebuild_tokens(batch)
                batch = []
        if batch:
            tokens += rebuild_tokens(batch)
        self.stdout.write(
            f"已重建审查记录 {entries} 条、身份证号检索索引 {tokens} 条、姓名检索索引 {name_tokens} 条。"
        )
