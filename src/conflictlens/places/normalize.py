"""Place-name normalisation shared by the gazetteer build, lookup and evaluation."""
from __future__ import annotations

import re
import unicodedata

_APOS = re.compile(r"[\u2018\u2019\u02bc\u02bf\u02be'`´]")
_SEP = re.compile(r"[\s\-\u2010-\u2015_.,/]+")
# Arabic article forms written before a name ("al-Bab", "ad-Dana", "el-Arish").
_TALL = re.compile(r"^(?:tell|tel|tal) ")
ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "ash ", "at ", "az ", "an ", "ath ", "adh ", "the ")


def fold(text: str) -> str:
    """Strip diacritics and apostrophes: 'Ḩalab' -> 'Halab', "Dar'ā" -> 'Dara'."""
    text = _APOS.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def norm_key(text: str) -> str:
    """Lookup key: folded, lower case, separators to single spaces."""
    return _SEP.sub(" ", fold(text).lower()).strip()


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin script (after folding)."""
    for c in fold(text):
        if c.isalpha() and not ("a" <= c.lower() <= "z" or c in "ßæøđłħıœþð"):
            return False
    return True


def variants(key: str) -> list[str]:
    """Alternative keys for a normalised name: without article, joined article, 'the'."""
    out = [key]
    # Arabic "tall" (hill) is written Tell, Tel, Tal: "Tell Abyad" = "Tall Abyad"
    m = _TALL.match(key)
    if m:
        out.append("tall " + key[m.end():])
    for art in ARTICLES:
        if key.startswith(art) and len(key) > len(art) + 2:
            out.append(key[len(art):])
            out.append(key[: len(art) - 1] + key[len(art):])  # "al bab" -> "albab"
    return out
