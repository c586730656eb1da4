"""Actor-normalised text for the stance model (claims/canonical.py)."""
from __future__ import annotations

from conflictlens.claims.canonical import actor_spans, canonical_text, display_name, shared_actor_texts
from conflictlens.actors.stage import catalog_stage
from conflictlens.records import Document


def test_display_name_drops_a_qualifier_only_when_a_name_remains():
    assert display_name("Government of Syria (Assad government)") == "Government of Syria"
    assert display_name("Syria (rebels)") is None  # "Syria" alone would change the actor
    assert display_name("Islamic State") == "Islamic State"


def test_canonical_text_replaces_spans_and_keeps_the_rest():
    text = "Daech and the Assad regime clash."  # starts at document offset 100
    got = canonical_text(text, 100, [(100, 105, "Islamic State"), (114, 126, "Government of Syria"),
                                     (114, 119, "Bashar al-Assad")])  # overlapping, shorter: skipped
    assert got == "Islamic State and the Government of Syria clash."
    assert canonical_text(text, 100, []) == text


def test_only_actors_named_in_both_sentences_are_rewritten(store, actor_claims_pipeline, settings):
    texts = {"d1": "From the beginning, Daech and Assad have had an objective complicity, because the regime "
                   "always preferred bombing the rebels.",
             "d2": "The notion of the Assad regime as an opponent of IS is in need of very serious qualification."}
    docs = [Document(doc_id=k, path=f"{k}.txt", text=t) for k, t in texts.items()]
    store.write_results(list(actor_claims_pipeline.process(docs)), actor_claims_pipeline.version)
    catalog_stage(store, settings)  # the actors table (canonical names), as analyze() builds it first
    m = {r["doc_id"]: r for r in store.query_dicts('SELECT mention_id, doc_id, text FROM claim_mentions')}
    assert set(m) == {"d1", "d2"}
    spans = actor_spans(store, [m["d1"]["mention_id"], m["d2"]["mention_id"]])
    a, b = shared_actor_texts(m["d1"]["text"], spans.get(m["d1"]["mention_id"]),
                              m["d2"]["text"], spans.get(m["d2"]["mention_id"]))
    assert "Islamic State" in a and "Islamic State" in b  # Daech / IS: one actor, one name
    assert "Daech" not in a and " IS " not in b
    assert "Assad have had" in a  # Bashar al-Assad is named in d1 only ("Assad regime" is the government)
    assert "the regime always preferred bombing the rebels" in a  # generic agents stay as written
    assert store.query("SELECT text FROM claim_mentions WHERE doc_id = 'd1'")[0][0] == texts["d1"]  # stored text unchanged
    assert shared_actor_texts("x", None, "y", None) == ("x", "y")
