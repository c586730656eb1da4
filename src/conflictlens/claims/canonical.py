"""Actor-normalised sentence pairs for the stance model (derived text, never stored).

Outlets name the same actor differently ("Daech", "IS", "ISIS", "Islamic State";
"Assad regime", "Damascus"); the stance cross-encoder reads two sentences together and
sees the same actor under two names as two things. So before a (key point, member) pair is
scored, each actor that *both* sentences name is written the same way in both: its
canonical name. An actor only one of the two sentences names is left as written (replacing
it changes nothing the model could match, and would pass on any linking error). The stored
sentence, offsets and provenance stay the original: this text is only fed to the model.

Only named mentions are replaced (linked by the actors stage through a name, an alias, a
title, a surname or metonymy); common nouns linked by role ("the regime", "troops") and
demonyms ("Syrian") stay as written: a proper name in place of an adjective or a plural
breaks the sentence ("hundreds of troops" -> "hundreds of Syrian Arab Army").

Measured (docs/claims.md, session 4): on the held-out train pairs (Perspectrum train claims
held out from training) it changes 22 of 697 pairs and no decision; replacing every named
actor (not only shared ones) changed 41 pairs and 3 decisions (one fewer right), and of 17
ArgKP train pairs one more went wrong ("IT IS" in capitals linked to the Islamic State).
`python -m conflictlens.claims.calibrate --rewrites` prints these figures. Only the stance model
reads this text, not the sentence embedder: normalised embeddings make every sentence of
the reference articles share a few names, and the corpus clusters merge (the defeat-ISIS
claim grew from 10 to 22 mentions and took the complicity sentences).
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import pyarrow as pa

# Linking methods that name the actor (actors/link.py): the mention is a proper name.
NAMED_METHODS = frozenset("ruler alias title coref fuzzy metonymy".split())
# A canonical name's trailing qualifier, "Government of Syria (Assad government)".
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def display_name(name: str) -> str | None:
    """The canonical name without a trailing "(...)" qualifier when at least two words remain
    ("Government of Syria"); None when only one word would remain ("Syria (rebels)" is not
    "Syria"), so the mention is kept as written."""
    bare = _QUALIFIER.sub("", name).strip()
    if bare == name.strip():
        return bare or None
    return bare if len(bare.split()) >= 2 else None


Span = tuple[int, int, str, str]  # start, end (document offsets), canonical name, actor id


def canonical_text(text: str, start: int, mentions: Iterable[tuple[int, int, str]]) -> str:
    """``text`` (which starts at document offset ``start``) with each (start, end, name)
    mention inside it replaced by ``name``; a mention overlapping one already replaced is skipped."""
    out: list[str] = []
    pos = 0
    for a, b, name in sorted(mentions, key=lambda m: (m[0], -m[1])):  # the longer of two at one start
        a, b = a - start, b - start
        if a < pos or b > len(text) or a >= b:
            continue
        out.append(text[pos:a])
        out.append(name)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def shared_actor_texts(a_text: str, a: tuple[int, list[Span]] | None,
                       b_text: str, b: tuple[int, list[Span]] | None) -> tuple[str, str]:
    """Both sentences with every actor named in both written by its canonical name.
    ``a``/``b``: (the sentence's document offset, its named actor spans) from actor_spans."""
    if not a or not b:
        return a_text, b_text
    shared = {s[3] for s in a[1]} & {s[3] for s in b[1]}
    if not shared:
        return a_text, b_text
    return (canonical_text(a_text, a[0], [s[:3] for s in a[1] if s[3] in shared]),
            canonical_text(b_text, b[0], [s[:3] for s in b[1] if s[3] in shared]))


def actor_spans(store, mention_ids: Sequence[str]) -> dict[str, tuple[int, list[Span]]]:
    """mention_id -> (the claim sentence's document offset, its named actor mentions with
    canonical names) for the stored claim mentions that name at least one actor."""
    if not mention_ids:
        return {}
    ids = pa.table({"mention_id": list(mention_ids)})
    store.con.register("_canonical_ids", ids)
    try:
        rows = store.con.execute(
            f"""SELECT m.mention_id, m.start, a.start, a."end", k.name, a.actor_id
                FROM claim_mentions m JOIN _canonical_ids USING (mention_id)
                JOIN actor_mentions a ON a.doc_id = m.doc_id AND a.start >= m.start AND a."end" <= m."end"
                JOIN actors k ON k.actor_id = a.actor_id
                WHERE a.method IN ({", ".join(f"'{x}'" for x in sorted(NAMED_METHODS))})""").fetchall()
    finally:
        store.con.unregister("_canonical_ids")
    found: dict[str, tuple[int, list[Span]]] = {}
    for mid, m_start, a, b, name, aid in rows:
        shown = display_name(name) if name else None
        if shown:
            found.setdefault(mid, (m_start, []))[1].append((a, b, shown, aid))
    return found
