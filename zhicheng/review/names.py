"""Searching applicants by a fragment of their name through an index.

Names are plain text (User.real_name), but `real_name ILIKE '%明%'` cannot use a B-tree, and
PostgreSQL's pg_trgm cannot serve it either: a Chinese name is two to four characters and a typed
fragment one or two, while trigram indexes need three characters of pattern. So each applicant
keeps the one- and two-character pieces of their name as rows of NameSearchToken (王小明 → 王 小 明
王小 小明), maintained on every save of the name; a fragment of one or two characters is one
indexed equality look-up, a longer fragment needs all of its two-character pieces (and the
queue still checks the whole fragment with icontains, so order and adjacency are exact).
"""

from __future__ import annotations

from django.db.models import Count

from .models import NameSearchToken

MAX_GRAM = 2


def normalise(text: str) -> str:
    return "".join((text or "").split()).casefold()


def grams_of(name: str) -> set[str]:
    """Every piece of one and two characters of the name."""
    name = normalise(name)
    return {name[i : i + n] for n in range(1, MAX_GRAM + 1) for i in range(len(name) - n + 1)}


def grams_for_term(term: str) -> set[str]:
    """The pieces a name must have to contain `term`: the term itself if short, else its bigrams."""
    term = normalise(term)
    if len(term) <= MAX_GRAM:
        return {term} if term else set()
    return {term[i : i + MAX_GRAM] for i in range(len(term) - MAX_GRAM + 1)}


def users_matching(term: str):
    """A values("user_id") queryset of the users whose name may contain `term` (exact check: icontains)."""
    grams = grams_for_term(term)
    tokens = NameSearchToken.objects.filter(gram__in=grams)
    if len(grams) == 1:
        return tokens.values("user_id")
    return tokens.values("user_id").annotate(found=Count("gram")).filter(found=len(grams)).values("user_id")


def sync_name_tokens(user) -> None:
    """Make the user's name pieces match their current name (called after a save)."""
    wanted = grams_of(user.real_name)
    have = set(NameSearchToken.objects.filter(user=user).values_list("gram", flat=True))
    if have == wanted:
        return
    NameSearchToken.objects.filter(user=user, gram__in=have - wanted).delete()
    NameSearchToken.objects.bulk_create(NameSearchToken(user=user, gram=g) for g in wanted - have)


def rebuild_name_tokens(users) -> int:
    """Backfill for users written without signals (bulk loads, the benchmark); returns rows made."""
    rows = [NameSearchToken(user_id=u.pk, gram=g) for u in users for g in grams_of(u.real_name)]
    NameSearchToken.objects.filter(user_id__in=[u.pk for u in users]).delete()
    NameSearchToken.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
