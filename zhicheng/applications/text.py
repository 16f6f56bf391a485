"""How the platform counts the characters of free text (本人述职 ≤ 1000 字, seed 000 附件1 5).

A "character" is one Unicode code point of the text after
1. line breaks are unified: "\\r\\n" and a lone "\\r" count as one "\\n" (browsers submit a textarea's line
   breaks as CRLF, while the page's JavaScript sees LF), and
2. NFC normalisation (a letter typed as base + combining accent counts once).

So a Chinese character, a letter, a digit, a punctuation mark, a line break and an emoji made of one code
point each count 1; an emoji sequence joined with ZWJ or a skin-tone modifier counts its code points.
static/js/wizard.js counts the same way (Array.from(text.normalize("NFC").replace(/\\r\\n?/g, "\\n")).length),
so the live counter and the server never disagree.
"""

import unicodedata

SELF_STATEMENT_MAX = 1000
SPECIALTY_MAX = 6  # seed 003 附件7 注8: 从事专业 goes onto the certificate, at most six characters


def normalize_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def count_chars(text: str) -> int:
    return len(normalize_text(text))
