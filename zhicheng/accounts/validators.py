import re

from django.core.exceptions import ValidationError
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"\d"), "数字"),
    (re.compile(r"[^a-zA-Z\d]"), "符号"),
]


class CharacterClassValidator:
    """等保 practice: a password mixes at least 3 of 4 classes (SECURITY.md 1)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for pattern, _ in CLASSES if pattern.search(password or ""))
        if present < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类（当前 {present} 类）。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


def validate_phone(value: str) -> str:
    value = (value or "").strip()
    if not re.fullmatch(r"1[3-9]\d{9}", value):
        raise ValidationError("手机号码应为 11 位数字，以 13–19 开头。", code="phone")
    return value


def validate_id_number(value: str) -> str:
    value = (value or "").strip().upper()
    try:
        return ric.validate(value)
    except StdnumError as exc:
        raise ValidationError("身份证号校验未通过：请检查 18 位号码及末位校验码。", code="id_number") from exc


def validate_uscc(value: str) -> str:
    value = (value or "").strip().upper()
    try:
        return uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            "统一社会信用代码校验未通过：应为 18 位，且末位校验码正确。", code="uscc"
        ) from exc
