"""Profile and result validation against the contract's JSON Schemas, with Chinese messages.

The schemas are copies of the shared contract kept in ./schema so that the platform never
reads outside its own tree. Validators are compiled once per process.

Two validators, one verdict (issue 15): a profile is first checked by a validator compiled to
Python code (fastjsonschema, ~20× faster: the schema check was ~90 % of an evaluation). Only a
profile it refuses goes through jsonschema, which names every offending field in Chinese; so
jsonschema stays the judge of what is wrong, and the compiled code only says "nothing is".
The compiled validator never fills defaults in (the engine reads the profile as given) and uses
jsonschema's own date check, so it accepts nothing jsonschema refuses (test_validation.py).
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

_TYPES = {
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值",
    "array": "数组",
    "object": "对象",
    "null": "空值",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _is_date(value: Any) -> bool:
    # jsonschema's "date" format check, inlined (its format checker costs as much as the whole
    # compiled validation), so that both validators agree on what a date is.
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cache
def _compiled(name: str):
    return fastjsonschema.compile(load_schema(name), formats={"date": _is_date}, use_default=False)


def conforms(profile: Any, name: str = "profile.schema.json") -> bool:
    """True when the compiled validator finds nothing wrong (the fast path)."""
    try:
        _compiled(name)(profile)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


class ProfileInvalid(ValueError):
    """The profile does not follow profile.schema.json; `errors` name each field in Chinese."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("；".join(f"{e['field']}：{e['message']}" for e in errors))


def _path(root: str, parts) -> str:
    text = root
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _messages(error: ValidationError, root: str) -> list[dict[str, str]]:
    where = _path(root, error.absolute_path)
    kind, value = error.validator, error.validator_value
    if kind == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        return [
            {"field": f"{where}.{name}", "message": "缺少必填字段"} for name in value if name not in instance
        ]
    if kind == "enum":
        message = f"取值必须是 {'、'.join(map(str, value))} 之一（收到 {error.instance!r}）"
    elif kind == "type":
        wanted = value if isinstance(value, list) else [value]
        message = f"类型应为{'或'.join(_TYPES.get(t) or t for t in wanted)}（收到 {error.instance!r}）"
    elif kind == "format" and value == "date":
        message = f"应为 YYYY-MM-DD 格式的有效日期（收到 {error.instance!r}）"
    elif kind == "pattern" and value == "^[0-9]{4}-[0-9]{2}$":
        message = f"应为 YYYY-MM 格式的年月（收到 {error.instance!r}）"
    elif kind == "pattern":
        message = f"格式不符合 {value}（收到 {error.instance!r}）"
    elif kind == "minimum":
        message = f"不得小于 {value}（收到 {error.instance!r}）"
    elif kind == "maximum":
        message = f"不得大于 {value}（收到 {error.instance!r}）"
    else:
        message = f"不符合要求（{kind}：{error.message}）"
    return [{"field": where, "message": message}]


def _month_errors(profile: dict[str, Any], root: str) -> list[dict[str, str]]:
    """The schema's month pattern admits 2022-13; a month must exist."""
    errors = []
    for i, period in enumerate(profile.get("social_insurance") or []):
        if not isinstance(period, dict):
            continue
        for key in ("from", "to"):
            value = period.get(key)
            if (
                isinstance(value, str)
                and len(value) == 7
                and value[4] == "-"
                and not 1 <= int(value[5:] or 0) <= 12
            ):
                errors.append(
                    {"field": f"{root}.social_insurance[{i}].{key}", "message": f"月份无效（收到 {value!r}）"}
                )
    return errors


def profile_errors(profile: Any, root: str = "profile") -> list[dict[str, str]]:
    if conforms(profile):
        return _month_errors(profile, root)
    errors: list[dict[str, str]] = []
    for error in sorted(
        _validator("profile.schema.json").iter_errors(profile), key=lambda e: list(map(str, e.path))
    ):
        errors.extend(_messages(error, root))
    if not errors and isinstance(profile, dict):
        errors.extend(_month_errors(profile, root))
    return errors


def validate_profile(profile: Any) -> None:
    errors = profile_errors(profile)
    if errors:
        raise ProfileInvalid(errors)


def result_errors(result: Any) -> list[dict[str, str]]:
    return [m for e in _validator("result.schema.json").iter_errors(result) for m in _messages(e, "result")]
