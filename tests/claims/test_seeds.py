"""The reference check on the five seed articles (../shared/corpus/seeds).

The issue lists the contested claims the matrix must show with each article's stance.
test_reference_claims_found checks the ones this version gets right; one strict xfail test
per claim it does not get yet (so a fix turns that one into an XPASS).
"""
from __future__ import annotations

from pathlib import PurePath

import pytest

from conflictlens.claims.corpus import claim_rows, matrix
from conflictlens.runner import analyze
from conflictlens.store import Store


@pytest.fixture(scope="module")
def seed_claims(seeds_dir, actor_claims_pipeline, tmp_path_factory):
    from conflictlens.config import load_settings

    store = Store(tmp_path_factory.mktemp("seeds") / "seeds.duckdb")
    # Actors too: the stance model reads actor-normalised text (claims/canonical.py).
    analyze([str(seeds_dir)], store, load_settings(), pipeline=actor_claims_pipeline)
    names = {d: PurePath(p).name[:3] for d, p in store.query("SELECT doc_id, path FROM documents")}
    claims = claim_rows(store, min_documents=2)
    store.close()
    return claims, names


def _claim_with(claims, fragment):
    for c in claims:
        if any(fragment in m["sentence"] for m in c.members):
            return c
    raise AssertionError(f"no shared claim has a member containing {fragment!r}")


def _stances(claim, names):
    return {names[k]: v for k, v in matrix([claim])[claim.claim_id].items()}


def test_reference_claims_found(seed_claims):
    claims, names = seed_claims
    # The regime's complicity with ISIS: 000, 001 and 002 support it. 001's "unstable relationship
    # based on interests" sentence reads P(support) 0.46 as written, 0.60 with actors under their
    # canonical names ("Government of Syria and Islamic State ...", docs/claims.md, session 4).
    complicity = _claim_with(claims, "objective complicity")
    st = _stances(complicity, names)
    assert {k for k, v in st.items() if v in ("support", "mixed")} >= {"000", "001", "002"}
    assert all(m["stance"] == "support" for m in complicity.members if "objective complicity" in m["sentence"])
    # Whether the regime can defeat ISIS: one says it cannot (001), one says it did (004): one claim.
    defeat = _claim_with(claims, "can’t defeat ISIS")
    st = _stances(defeat, names)
    assert {"001", "004"} <= set(st)
    assert st["001"] in ("support", "mixed")
    says_cannot = [m for m in defeat.members if "defeat ISIS" in m["sentence"] and names[m["doc_id"]] == "001"]
    assert says_cannot and all(m["stance"] == "support" for m in says_cannot)
    assert st["004"] == "oppose"  # "Syria Has Officially Defeated ISIS" (negation-polarity conflict)
    assert defeat.label.startswith("001_") and "defeat ISIS" in defeat.label  # attributed label
    # Taking Palmyra does not bring peace: 002 asserts it; the headline is split from its byline.
    palmyra = _claim_with(claims, "Does Not Bring Syria Closer To Peace")
    assert _stances(palmyra, names)["002"] == "support"
    assert "Kyle Orton" not in palmyra.label


@pytest.mark.xfail(strict=True, reason="003's 'won't end the war' sentences are at cosine 0.19-0.37 (after topic "
                   "removal) to 002's 'does not bring peace' sentences, below the 0.45 cut: MiniLM does not equate "
                   "ending the war with peace (docs/claims.md, session 4)")
def test_capture_does_not_end_the_war_not_yet_right(seed_claims):
    claims, names = seed_claims
    assert _claim_with(claims, "won’t end the war") is _claim_with(claims, "Does Not Bring Syria Closer To Peace")


@pytest.mark.xfail(strict=True, reason="only 002 rejects 'Assad as the lesser evil' in a sentence; 000 asks it as a "
                   "question it never answers in a sentence (docs/claims.md, session 4)")
def test_lesser_evil_not_yet_right(seed_claims):
    claims, names = seed_claims
    lesser = _claim_with(claims, "lesser evil")
    assert sum(v == "oppose" for v in _stances(lesser, names).values()) >= 2


@pytest.mark.xfail(strict=True, reason="001's 'concentrated their military efforts mostly' has no claim cue; a "
                   "generalisation cue makes the Russia claim (001, 002) but breaks the Palmyra claim "
                   "(docs/claims.md, session 4)")
def test_russia_bombs_mainly_the_opposition_not_yet_right(seed_claims):
    claims, names = seed_claims
    russia = _claim_with(claims, "concentrated their military efforts mostly")
    assert sum(v == "support" for v in _stances(russia, names).values()) >= 2
