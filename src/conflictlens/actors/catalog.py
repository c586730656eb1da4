"""Corpus stage: the ``actors`` table from the stored mentions, with discovered actors.

An organisation the KB does not know, named at least ``actors.discover_min_mentions``
times in the store, becomes an actor with ``kb = false`` (id ``x-<slug>``) and its
mentions are linked to it, so recurring unknown groups do not vanish.
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict

from ..records import Actor
from .kb import load_kb, norm, slug

LOGGER = logging.getLogger(__name__)

DISCOVERED_PREFIX = "x-"
# spaCy ORG entities that are page furniture or pronoun-like, never actors.
_JUNK = {"we", "they", "it", "reply", "leave a reply", "share", "comments", "email", "facebook", "twitter"}


def discover(store, min_mentions: int) -> list[Actor]:
    """Unlinked ORG mentions seen ``min_mentions`` times or more -> new actors (kb=False)."""
    # One row per distinct text with its count (not one per mention: 901,684 actor mentions
    # at 100,000 synthetic documents); the same actors as counting mention by mention.
    rows = store.query(
        "SELECT text, count(*) FROM actor_mentions WHERE actor_id IS NULL AND label = 'ORG' "
        "AND unlinked_reason = 'not_in_kb' GROUP BY text ORDER BY text"
    )
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for text, n in rows:
        key = norm(text)
        if len(key) < 3 or key in _JUNK or not any(ch.isupper() for ch in text) or not any(ch.isalpha() for ch in key):
            continue
        if " " not in key and not text.isupper():
            continue  # one capitalised word ("International", "Council") is a fragment, not a name
        groups[key].append((text, int(n)))
    out = []
    for key, hits in sorted(groups.items()):
        if sum(n for _, n in hits) < min_mentions:
            continue
        bare: dict[str, int] = defaultdict(int)  # name without a leading "the" -> mentions
        for t, n in hits:
            bare[re.sub(r"^(?:the|The|THE)\s+", "", t)] += n
        name = max(sorted(bare), key=bare.__getitem__)  # the most used; the first in order on ties
        out.append(Actor(actor_id=DISCOVERED_PREFIX + slug(key), name=name, type="other",
                         aliases=tuple(sorted({t for t, _ in hits} - {name})), kb=False))
    return out


def build_catalog(store, settings) -> int:
    """Rewrite the ``actors`` table; returns its row count."""
    kb = load_kb(settings)
    min_mentions = int(settings.get("actors.discover_min_mentions", 2))
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        # Start from the stage's own output, so a re-run (or a new threshold) gives the same table.
        con.execute("UPDATE actor_mentions SET actor_id = NULL, method = 'ner', unlinked_reason = 'not_in_kb' "
                    "WHERE method = 'discovered'")
        found = discover(store, min_mentions)
        for actor in found:
            keys = {norm(actor.name), *(norm(a) for a in actor.aliases)}
            con.execute(
                "UPDATE actor_mentions SET actor_id = ?, method = 'discovered', unlinked_reason = NULL "
                "WHERE actor_id IS NULL AND label = 'ORG' AND text IN (SELECT unnest(?::VARCHAR[]))",
                [actor.actor_id, [actor.name, *actor.aliases]])
            LOGGER.debug("discovered actor %s (%s)", actor.actor_id, keys)
        ids = {r[0] for r in store.query("SELECT DISTINCT actor_id FROM actor_mentions WHERE actor_id IS NOT NULL")}
        rows: dict[str, Actor] = {}
        for aid in sorted(ids):
            cur = kb.get(aid)
            while cur is not None and cur.actor_id not in rows:
                rows[cur.actor_id] = cur
                cur = kb.get(cur.parent)
        for actor in found:
            rows.setdefault(actor.actor_id, actor)
        con.execute("DELETE FROM actors")
        store.insert_records("actors", list(rows.values()))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    LOGGER.info("actors table: %d actors (%d discovered)", len(rows), len(found))
    return len(rows)
