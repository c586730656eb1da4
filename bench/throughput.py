"""Throughput of ``analyze`` against bare spaCy ``nlp.pipe`` on the same texts, in the same run.

    .venv/bin/python bench/throughput.py            # FA-KES (../shared) when present, else the demo corpus
    .venv/bin/python bench/throughput.py --limit 100 --json bench/out/throughput.json
    .venv/bin/python bench/throughput.py --limit 150 --embedder static   # claims with the static embedder

Prints documents/s and characters/s of both, their ratio (goal >= 0.8 once every stage has
landed), and each stage's share of analyze's time (Pipeline.timings; "other" = reading,
cleaning, writing the store and the corpus stages). Models are loaded before either clock
starts; both run in this one process, one after the other, on the same machine load.
Besides wall-clock time, the CPU time of this process (``time.process_time``) is measured
for both: on a machine shared with other jobs the CPU ratio is the steadier figure. The
bare spaCy baseline is always the model's full default pipeline; the report says which
components analyze's pipeline adds, lacks or runs differently.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from conflictlens.clean import clean_document  # noqa: E402
from conflictlens.config import load_settings  # noqa: E402
from conflictlens.ingest import IngestFailure, read_inputs  # noqa: E402
from conflictlens.nlp import embeddings  # noqa: E402
from conflictlens.pipeline import Pipeline  # noqa: E402
from conflictlens.records import Document  # noqa: E402
from conflictlens.runner import analyze  # noqa: E402
from conflictlens.store import Store  # noqa: E402

FAKES = ROOT.parent / "shared" / "corpus" / "fakes" / "fakes_dev.csv"
DEMO = ROOT / "demo" / "re3d_public_domain.jsonl"


def corpus_path() -> Path:
    return FAKES if FAKES.exists() else DEMO


def english_texts(path: Path, settings, limit: int | None) -> list[str]:
    texts = []
    for item in read_inputs([str(path)], settings):
        if isinstance(item, IngestFailure):
            continue
        try:
            doc = clean_document(item, max_chars=settings["nlp"]["max_chars"])
        except Exception:  # noqa: BLE001 - a bench input the cleaner rejects is just left out
            continue
        if doc.language == "en":
            texts.append(doc.text)
        if limit and len(texts) >= limit:
            break
    return texts


def machine() -> str:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cores} cores ({platform.machine()}, Python {platform.python_version()}), load average {load:.1f}"


def run(limit: int | None = None, only: list[str] | None = None, embedder: str | None = None,
        fast_attribute_ruler: bool | None = None) -> dict:
    import spacy

    settings = load_settings().with_overrides(nlp__embedder=embedder, nlp__fast_attribute_ruler=fast_attribute_ruler)
    path = corpus_path()
    texts = english_texts(path, settings, limit)
    chars = sum(len(t) for t in texts)
    batch = settings["nlp"]["batch_size"]

    nlp = spacy.load(settings["nlp"]["model"])
    list(nlp.pipe(texts[:5], batch_size=batch))  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    t_spacy, c_spacy = time.perf_counter() - t0, time.process_time() - c0
    bare_pipes = list(nlp.pipe_names)
    del nlp

    pipe = Pipeline(settings, only=only)
    pipe.nlp  # noqa: B018 - load models before the clock
    pipe.runs  # noqa: B018
    with tempfile.TemporaryDirectory() as tmp:
        # Documents as analyze reads them: one JSONL file of the same cleaned texts.
        src = Path(tmp) / "texts.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i, t in enumerate(texts):
                fh.write(json.dumps({"text": t, "id": i}) + "\n")
        list(pipe.process([Document(doc_id=f"warm{i}", path="warm", text=t) for i, t in enumerate(texts[:3])]))
        pipe.timings, pipe.cpu_timings = {}, {}
        with Store(Path(tmp) / "bench.duckdb") as store:
            t0, c0 = time.perf_counter(), time.process_time()
            report = analyze([str(src)], store, settings, pipeline=pipe, workers=1)
            t_analyze, c_analyze = time.perf_counter() - t0, time.process_time() - c0
    n = len(texts)
    stages = {k: v for k, v in sorted(pipe.timings.items(), key=lambda kv: -kv[1])}
    other = max(0.0, t_analyze - sum(stages.values()))
    cpu = dict(pipe.cpu_timings)
    cpu["other"] = max(0.0, c_analyze - sum(cpu.values()))
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "corpus": str(path.relative_to(ROOT.parent)) if path.is_relative_to(ROOT.parent) else str(path),
        "documents": n, "characters": chars,
        "stored": report.stored, "failed": len(report.failures),
        "spacy_seconds": t_spacy, "analyze_seconds": t_analyze,
        "spacy_docs_per_s": n / t_spacy, "analyze_docs_per_s": n / t_analyze,
        "spacy_chars_per_s": chars / t_spacy, "analyze_chars_per_s": chars / t_analyze,
        "ratio": t_spacy / t_analyze,
        "spacy_cpu_seconds": c_spacy, "analyze_cpu_seconds": c_analyze, "cpu_ratio": c_spacy / c_analyze,
        "embedder": f"{pipe.embedder} ({embeddings.model_id(pipe.embedder)})",
        "spacy_pipeline": pipeline_note(bare_pipes, pipe.nlp),
        "stages": "all" if only is None else (",".join(only) or "none (spine only)"),
        "stage_share": {**{k: v / t_analyze for k, v in stages.items()}, "other": other / t_analyze},
        "stage_seconds": {**stages, "other": other},
        "stage_cpu_share": {k: cpu.get(k, 0.0) / c_analyze for k in [*stages, "other"]},
        "stage_cpu_seconds": {k: cpu.get(k, 0.0) for k in [*stages, "other"]},
    }


def pipeline_note(bare: list[str], nlp) -> str:
    """How analyze's spaCy pipeline differs from the bare model's default one."""
    ours = list(nlp.pipe_names)
    parts = []
    added = [p for p in ours if p not in bare]
    missing = [p for p in bare if p not in ours]
    if added:
        parts.append("adds " + ", ".join(added))
    if missing:
        parts.append("RUNS FEWER: lacks " + ", ".join(missing))
    if "attribute_ruler" in ours and "match" in vars(nlp.get_pipe("attribute_ruler")):
        parts.append("attribute_ruler matches through an index (same matches, nlp/attribute_match.py)")
    return "; ".join(parts) or "same components as bare spaCy"


def print_report(r: dict) -> None:
    print(f"throughput — {r['corpus']}: {r['documents']} English documents, {r['characters']:,} characters")
    print(f"machine: {r['machine']}; {r['date']}; stages: {r['stages']}")
    print(f"  bare spaCy nlp.pipe : {r['spacy_docs_per_s']:8.2f} docs/s {r['spacy_chars_per_s']:12,.0f} chars/s ({r['spacy_seconds']:.1f} s)")
    print(f"  conflictlens analyze: {r['analyze_docs_per_s']:8.2f} docs/s {r['analyze_chars_per_s']:12,.0f} chars/s ({r['analyze_seconds']:.1f} s, "
          f"stored {r['stored']}, failed {r['failed']})")
    print(f"  ratio analyze / spaCy: {r['ratio']:.2f}x   (goal >= 0.8x once every stage has landed)")
    print(f"  CPU seconds of this process: bare spaCy {r['spacy_cpu_seconds']:.1f}, analyze {r['analyze_cpu_seconds']:.1f}: "
          f"CPU ratio {r['cpu_ratio']:.2f}x")
    print(f"  analyze's spaCy pipeline vs bare: {r['spacy_pipeline']}; claim embedder: {r['embedder']}")
    print("  share of analyze time per stage (wall | CPU of this process):")
    for k, v in r["stage_share"].items():
        print(f"    {k:12s} {100 * v:5.1f}%  ({r['stage_seconds'][k]:5.1f} s) | {100 * r['stage_cpu_share'][k]:5.1f}%  "
              f"({r['stage_cpu_seconds'][k]:5.1f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N English documents")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--embedder", choices=sorted(embeddings.EMBEDDERS), default=None,
                    help="sentence embedder for claims (default: [nlp] embedder of the settings)")
    ap.add_argument("--spacy-attribute-ruler", action="store_true",
                    help="analyze with spaCy's own attribute_ruler matcher (the state before the indexed one)")
    ap.add_argument("--only", default=None,
                    help="comma-separated stages to run (e.g. 'actors,events'); '' = the spine alone")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    only = None if args.only is None else [s for s in args.only.split(",") if s]
    r = run(args.limit, only, args.embedder, False if args.spacy_attribute_ruler else None)
    print_report(r)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(r, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
