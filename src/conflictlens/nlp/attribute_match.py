"""An indexed matcher for spaCy's ``attribute_ruler``: the same matches, ~10x less CPU.

The English pipeline's attribute ruler (tag map and morphology exceptions, 179 rules) runs a
general ``Matcher`` that tries every rule on every token: on FA-KES it cost as much CPU as
the dependency parser (0.50 s of matching for 14,268 tokens, 30 documents). Its rules are
one or two tokens with equality / IN / NOT_IN / REGEX tests on TAG, LOWER, DEP and IS_SPACE,
so a rule can be looked up by the token's tag or lower-case form instead. This module
compiles the ruler's own rules into such an index and replaces only the ruler's ``match``
step; setting the attributes is still spaCy's code, in spaCy's order (rule order, later
rules win). Rules it cannot compile leave the ruler untouched. ``tests/nlp`` checks that
the matches equal spaCy's on real documents; ``bench/throughput.py`` reports the effect.
"""
from __future__ import annotations

import logging
import re
from typing import Callable

LOGGER = logging.getLogger(__name__)

# Token attributes the compiled rules may test.
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")


class Unsupported(ValueError):
    """A rule uses an operator or attribute this matcher does not compile."""


def _test(attr: str, value) -> tuple[str, Callable[[object], bool], tuple | None]:
    """(attribute, predicate on its value, values it can be indexed by or None)."""
    if attr not in _ATTRS:
        raise Unsupported(attr)
    if isinstance(value, (str, bool)):
        return attr, (lambda x, v=value: x == v), (value,)
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            s = frozenset(arg)
            return attr, (lambda x, s=s: x in s), tuple(arg)
        if op == "NOT_IN" and isinstance(arg, list):
            s = frozenset(arg)
            return attr, (lambda x, s=s: x not in s), None
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return attr, (lambda x, rx=rx: bool(rx.search(x))), None
    raise Unsupported(f"{attr}: {value!r}")


# Distinct (tag, lower, dep, is_space) tokens whose single-token rule hits are remembered;
# past this the memo is cleared (bounds memory on huge corpora; FA-KES 402 docs: ~25,000).
MEMO_MAX = 200_000


class IndexedAttributeMatcher:
    """``match(doc)`` equal to ``AttributeRuler.match(doc)`` for the rules it compiled.

    A one-token rule's result depends only on the token's (TAG, LOWER, DEP, IS_SPACE), so
    the hits are computed once per distinct combination and remembered; rules of several
    tokens are indexed by their first token's lower-case form and checked in place.
    """

    def __init__(self, ruler):
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        self._strings = ruler.vocab.strings
        self._cols = [TAG, LOWER, DEP, IS_SPACE]
        # One-token rules by the TAG (else LOWER) values they require; the rest always tried.
        self.single: dict[tuple[str, str], list] = {}  # ("TAG", value) -> [(attr_id, match_id, tests)]
        self.single_any: list = []
        self.multi: list = []  # (attr_id, match_id, spec ids), rules of several tokens
        self.specs: list = []  # tests of the tokens of those rules
        self.spec_index: dict[str | None, list[int]] = {}  # LOWER value (None: any) -> spec ids
        self._memo: dict[tuple, tuple] = {}
        for attr_id, entry in enumerate(ruler.patterns):
            match_id = self._strings[str(attr_id)]
            for pattern in entry["patterns"]:
                specs = []
                for token_spec in pattern:
                    if not isinstance(token_spec, dict) or "OP" in token_spec:
                        raise Unsupported(repr(token_spec))
                    specs.append([_test(a, v) for a, v in token_spec.items()])
                first = {a: keys for a, _, keys in specs[0]}
                if len(specs) == 1:
                    rule = (attr_id, match_id, specs[0])
                    by = next((a for a in ("TAG", "LOWER") if first.get(a) is not None), None)
                    if by is None:
                        self.single_any.append(rule)
                    else:
                        for k in dict.fromkeys(first[by]):
                            self.single.setdefault((by, k), []).append(rule)
                else:
                    ids = tuple(range(len(self.specs), len(self.specs) + len(specs)))
                    for sid, spec in zip(ids, specs):
                        keys = {a: k for a, _, k in spec}.get("LOWER")
                        for k in dict.fromkeys(keys) if keys is not None else [None]:
                            self.spec_index.setdefault(k, []).append(sid)
                    self.specs.extend(specs)
                    self.multi.append((attr_id, match_id, ids))

    def _entry(self, key: tuple) -> tuple:
        """(one-token rule hits, ids of multi-token specs satisfied, multi rules starting here)."""
        s = self._strings
        vals = {"TAG": s[key[0]], "LOWER": s[key[1]], "DEP": s[key[2]], "IS_SPACE": bool(key[3])}
        rules = [*self.single.get(("TAG", vals["TAG"]), ()), *self.single.get(("LOWER", vals["LOWER"]), ()),
                 *self.single_any]
        hits = tuple(sorted({(a, m) for a, m, tests in rules if all(t(vals[attr]) for attr, t, _ in tests)}))
        sat = frozenset(i for i in [*self.spec_index.get(vals["LOWER"], ()), *self.spec_index.get(None, ())]
                        if all(t(vals[attr]) for attr, t, _ in self.specs[i]))
        starts = tuple(r for r in self.multi if r[2][0] in sat)
        if len(self._memo) >= MEMO_MAX:
            self._memo.clear()
        entry = self._memo[key] = (hits, sat, starts)
        return entry

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        memo = self._memo
        entries = [memo.get(key) or self._entry(key) for key in map(tuple, doc.to_array(self._cols).tolist())]
        n = len(entries)
        found = set()
        for i, (hits, _, starts) in enumerate(entries):
            for a, m in hits:
                found.add((a, m, i, i + 1))
            for a, m, ids in starts:
                end = i + len(ids)
                if end <= n and all(ids[k] in entries[i + k][1] for k in range(1, len(ids))):
                    found.add((a, m, i, end))
        return sorted(found)


def speed_up_attribute_ruler(nlp, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler the indexed matcher; False when left as it was."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    try:
        fast = IndexedAttributeMatcher(ruler)
    except Unsupported as exc:
        LOGGER.info("attribute_ruler keeps spaCy's matcher (rule not compiled: %s)", exc)
        return False
    ruler.match = fast.match  # the instance's match step only; set_annotations is spaCy's
    return True
