"""The reference check on the five seed articles (../shared/corpus/seeds).

The issue lists the contested claims the matrix must show with each article's stance: one
test per claim (test_reference_claims_found holds the first three checked).
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
    assert _stances(palmyra, names)["002"] == "oppose"  # toward "Whether a battlefield gain ends the war"
    assert "Kyle Orton" not in palmyra.label


def test_capture_does_not_end_the_war(seed_claims):
    # An OUTCOME frame (claims/frames.py): "Assad Taking Palmyra Does Not Bring Syria Closer To Peace"
    # (002) and "Aleppo victory is big boost for regime, but won't end the war" (003) state one
    # proposition (a battlefield gain does not end the war) at MiniLM 0.37: one claim by frame.
    claims, names = seed_claims
    palmyra = _claim_with(claims, "Does Not Bring Syria Closer To Peace")
    assert _claim_with(claims, "won’t end the war") is palmyra
    st = _stances(palmyra, names)
    assert palmyra.label.startswith("Whether a battlefield gain ends the war")
    assert st["002"] == "oppose" and st["003"] == "oppose"  # both say it does not
    # 002's "the notion that ... taking Palmyra is a step toward peace is exactly wrong" is a
    # rejected notion (oppose); its "The basic case for regarding Palmyra's fall ... is that ...
    # this defeat for IS moves Syria closer to peace" only states the case it then rejects (neutral).
    by_text = {m["sentence"][:30]: m["stance"] for m in palmyra.members}
    assert by_text["Finally, the notion that the p"] == "oppose"
    assert by_text["The basic case for regarding P"] == "neutral"


def test_lesser_evil_rejected_by_two(seed_claims):
    # An EVALUATION frame, "Whether Syria (state) is the lesser evil" (claims/frames.py):
    # - 001 presents the dilemma as Assad's design ("Assad wants the International community to
    #   make a choice between supporting his brutal regime or the “jihadists” as he claims");
    # - 002 rejects "the notion of Assad as the 'lesser evil'" as the first item of a list it opens
    #   with "There is nothing in this formulation that stands up to scrutiny.", and calls the
    #   "binary choice of Assad or IS" an aim Assad and IS share;
    # - 000 only asks "Is the regime of Assad a lesser evil?": raised, neutral. (Its chapter argues
    #   against it, but no sentence says so: reading that would need the whole argument.)
    claims, names = seed_claims
    lesser = _claim_with(claims, "lesser evil")
    assert lesser.label.startswith("Whether Syria (state) is the lesser evil")
    st = _stances(lesser, names)
    assert st.get("001") == "oppose" and st.get("002") == "oppose"
    assert st.get("000") == "neutral"
    asked = [m for m in lesser.members if m["sentence"].startswith("Is the regime of Assad a lesser evil")]
    assert asked and all(m["stance"] == "neutral" for m in asked)


def test_russia_bombs_mainly_the_opposition(seed_claims):
    # A TARGETING frame: Russia (the Russians, "they", the Russian intervention) concentrates
    # its strikes on the opposition (Free Syrian Army, "Moderate opposition", mainstream rebels):
    # 001's "concentrated their military efforts mostly on territories ... controlled by the Free
    # Syrian Army" and 002's "the Russian intervention—which grievously wounded the mainstream rebels".
    claims, names = seed_claims
    russia = _claim_with(claims, "concentrated their military efforts mostly")
    st = _stances(russia, names)
    assert st.get("001") == "support" and st.get("002") == "support"
    assert all(m["stance"] == "support" for m in russia.members)
