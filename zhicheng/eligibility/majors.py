"""Matching a diploma's major against a rule set's same-specialty and similar-specialty lists.

Seed 003 第十八条(一) is the only list in the seeds; the contract applies it to every 机械/机电
specialty of the other rule sets too. Names are compared after normalisation (spaces,
full-width brackets, a trailing "专业"), with the rule set's alias table mapping known
variants and typos (the seed's "信管理与信息系统") onto the listed names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SAME = "same"
SIMILAR = "similar"
OTHER = "other"
UNLISTED = "unlisted"  # no list applies to this specialty: a reviewer judges the major

_TRANSLATE = str.maketrans({"（": "(", "）": ")", "\u3000": "", " ": "", "\t": ""})


def normalise(name: str) -> str:
    text = (name or "").translate(_TRANSLATE).strip()
    if text.endswith("专业") and len(text) > 2:
        text = text[:-2]
    return text


@dataclass(frozen=True)
class MajorLists:
    same: frozenset[str] = frozenset()
    similar: frozenset[str] = frozenset()
    aliases: Mapping[str, str] = field(default_factory=dict)
    # Specialties (申报专业) the lists are about, matched as substrings (机电制造 ∋ 机电).
    applies_to: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        same: Iterable[str],
        similar: Iterable[str],
        aliases: Mapping[str, str] | None = None,
        applies_to: Iterable[str] = (),
    ) -> MajorLists:
        return cls(
            same=frozenset(normalise(m) for m in same),
            similar=frozenset(normalise(m) for m in similar),
            aliases={normalise(k): normalise(v) for k, v in (aliases or {}).items()},
            applies_to=tuple(applies_to),
        )

    def covers(self, specialty: str) -> bool:
        if not self.applies_to:
            return True
        spec = normalise(specialty)
        return any(word in spec for word in self.applies_to)

    def classify(self, major: str, specialty: str) -> str:
        name = normalise(major)
        name = self.aliases.get(name, name)
        # Same takes precedence: 测控技术与仪器 stands in both lists of 第十八条.
        if name in self.same:
            return SAME
        if name in self.similar:
            return SIMILAR
        return OTHER if self.covers(specialty) else UNLISTED


LABELS = {SAME: "相同专业", SIMILAR: "相近专业", OTHER: "非相同或相近专业", UNLISTED: "专业对应关系待审核"}
