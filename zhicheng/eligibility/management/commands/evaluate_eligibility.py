"""python manage.py evaluate_eligibility PROFILE.json [PROFILE.json ...] [--ruleset ID]

One file prints one result as indented JSON; several files print one result per line
(JSON Lines), in the order given. A file may hold a bare profile (then --ruleset is
needed) or {"ruleset": ..., "profile": ...} as in the contract's worked cases.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhicheng.eligibility.engine import evaluate
from zhicheng.eligibility.rulesets import UnknownRuleset
from zhicheng.eligibility.validation import ProfileInvalid


class Command(BaseCommand):
    help = "按规则集检查申报条件，输出 result.schema.json 格式的结果"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="profile JSON files (or {ruleset, profile} files)")
        parser.add_argument("--ruleset", help="rule set id, e.g. wenling-mechatronics-2022")

    def handle(self, *args, files, ruleset=None, **options):
        results = [self._evaluate(Path(name), ruleset) for name in files]
        if len(results) == 1:
            self.stdout.write(json.dumps(results[0], ensure_ascii=False, indent=2))
        else:
            for result in results:
                self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _evaluate(self, path: Path, ruleset: str | None) -> dict:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: 无法读取（{exc.strerror}）") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: 不是有效的 JSON（第{exc.lineno}行）") from exc
        # A file of the contract's shape carries its own rule set; --ruleset overrides it.
        if isinstance(data, dict) and isinstance(data.get("profile"), dict) and "ruleset" in data:
            profile, ruleset = data["profile"], ruleset or data["ruleset"]
        else:
            profile = data
        if not ruleset:
            raise CommandError(f"{path}: 未指定规则集，请使用 --ruleset")
        try:
            return evaluate(ruleset, profile)
        except UnknownRuleset as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except ProfileInvalid as exc:
            raise CommandError(f"{path}: {exc}") from exc
