"""Searching applicants by an ID-number fragment without storing or scanning ID numbers in clear.

The real platform's box says 申报人姓名或身份证号关键字模糊查询. Names are plain text (real_name),
so a name fragment is an ordinary LIKE inside the reviewer's own queue. ID numbers are encrypted
with AES-GCM (SECURITY.md 12), so LIKE cannot see them, and decrypting every row of a 50,000-row
queue per search would be slow and would put every number in memory.

Design: for each applicant we keep a handful of keyed blind indexes (HMAC-SHA256 with the field
key's blind-index subkey, domain-separated by kind) of the fragments people actually type:

    full    the whole number (the existing User.id_number_index)
    last4   后4位           e.g. 1234
    last6   后6位           e.g. 151234
    region  前6位（地区码）   e.g. 330302
    birth   出生日期 8 位     e.g. 19850315

A search term of one of those shapes becomes one or two digests and an indexed equality look-up;
anything else that looks like an ID fragment gets a Chinese message listing what is accepted.

Trade-off, stated plainly: arbitrary substrings (say digits 5–9) are not searchable; supporting
them would need every n-gram stored, which multiplies the tokens and reveals much more structure.
The tokens reveal nothing to someone who reads the database without the key; with read access
they do reveal *equality* (two applicants born on the same day share a birth token), which the
ciphertext alone does not. Low-entropy fragments (10,000 possible last4 values) can be brute-forced
only by someone holding the key, who can decrypt the numbers anyway. Results are always confined
to the reviewer's own scoped queue, so a fragment search never widens what a reviewer may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhicheng.core import crypto

from .models import IdentitySearchToken

FRAGMENT_KINDS = ("last4", "last6", "region", "birth")
_ID_CHARS = re.compile(r"^[0-9]+[0-9Xx]?$")
ACCEPTED = "完整身份证号、后4位、后6位、前6位（地区码）或8位出生日期（如 19850315）"


def token(kind: str, fragment: str) -> str:
    return crypto.blind_index(f"{kind}:{fragment.strip().upper()}")


def fragments_of(id_number: str) -> dict[str, str]:
    number = (id_number or "").strip().upper()
    if len(number) != 18:
        return {}
    return {"last4": number[-4:], "last6": number[-6:], "region": number[:6], "birth": number[6:14]}


def tokens_for(id_number: str) -> set[str]:
    return {token(kind, value) for kind, value in fragments_of(id_number).items()}


@dataclass(frozen=True)
class IdQuery:
    full_index: str | None = None  # match against User.id_number_index
    digests: tuple[str, ...] = ()  # match against IdentitySearchToken.digest
    error: str = ""


def looks_like_id_fragment(term: str) -> bool:
    return bool(_ID_CHARS.match(term)) and len(term) >= 4


def parse_id_term(term: str) -> IdQuery:
    """Turn what the reviewer typed into look-ups; an unusable shape gets a message, not a scan."""
    term = term.strip().upper()
    n = len(term)
    if n == 18:
        return IdQuery(full_index=crypto.blind_index(term))
    if n == 4:
        return IdQuery(digests=(token("last4", term),))
    if n == 6:
        # 6 digits may be the region code or the last six; X can only end a number.
        kinds = ("last6",) if term.endswith("X") else ("last6", "region")
        return IdQuery(digests=tuple(token(k, term) for k in kinds))
    if n == 8 and term.isdigit():
        return IdQuery(digests=(token("birth", term),))
    return IdQuery(error=f"身份证号关键字“{term}”无法查询：请输入{ACCEPTED}。")


def sync_tokens(user) -> None:
    """Make the user's fragment tokens match their current ID number (called after a save)."""
    source = user.id_number_index or ""
    existing = IdentitySearchToken.objects.filter(user=user)
    if not source:
        existing.delete()
        return
    if existing.filter(source=source).count() == len(FRAGMENT_KINDS):
        return
    existing.delete()
    IdentitySearchToken.objects.bulk_create(
        IdentitySearchToken(user=user, digest=d, source=source) for d in tokens_for(user.id_number)
    )


def rebuild_tokens(users) -> int:
    """Backfill for users written without signals (bulk loads, the benchmark); returns rows made."""
    rows = [
        IdentitySearchToken(user_id=u.pk, digest=d, source=u.id_number_index)
        for u in users
        if u.id_number
        for d in tokens_for(u.id_number)
    ]
    IdentitySearchToken.objects.filter(user_id__in=[u.pk for u in users]).delete()
    IdentitySearchToken.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
