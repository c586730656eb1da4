"""Claims export: one record per claim with its members (jsonl, csv, parquet).

Record: ``claim_id, label, members[{doc_id, outlet, sentence, start, end, stance, speaker}]``.
CSV has one row per member (claim_id and label repeated), as nested lists don't fit CSV.
"""
from __future__ import annotations

from ..registry import REGISTRY
from .common import write_csv, write_jsonl

CLAIMS_SQL = """
SELECT c.claim_id, c.label, c.n_mentions, c.n_documents, c.n_outlets,
       list({'doc_id': m.doc_id, 'outlet': coalesce(d.outlet, regexp_replace(split_part(d.path, '#', 1), '^.*/', '')),
             'sentence': m.text, 'start': m.start, 'end': m."end", 'stance': m.stance, 'speaker': m.speaker}
            ORDER BY m.doc_id, m.start) AS members
FROM claims c JOIN claim_mentions m USING (claim_id) JOIN documents d USING (doc_id)
GROUP BY ALL ORDER BY c.n_documents DESC, c.n_mentions DESC, c.claim_id
"""
MEMBERS_SQL = f"""
SELECT claim_id, label, unnest(members, recursive := true) FROM ({CLAIMS_SQL})
"""
HELP = "claims with members (doc, outlet, sentence, offsets, stance, speaker)"


@REGISTRY.exporter("claims", "jsonl", help=HELP)
def _jsonl(store, out, settings):
    from .common import iter_dicts

    return write_jsonl(iter_dicts(store, CLAIMS_SQL), out)


@REGISTRY.exporter("claims", "csv", help=HELP + "; one row per member")
def _csv(store, out, settings):
    from .common import iter_dicts

    cols = ["claim_id", "label", "doc_id", "outlet", "sentence", "start", "end", "stance", "speaker"]
    return write_csv(iter_dicts(store, MEMBERS_SQL), out, columns=cols)


@REGISTRY.exporter("claims", "parquet", binary=True, help=HELP)
def _parquet(store, out, settings):
    from .common import write_parquet

    return write_parquet(store, CLAIMS_SQL, out)
