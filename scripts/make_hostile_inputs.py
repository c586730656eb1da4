"""Write a folder of hostile input files (one case per top-level entry) and optionally run them.

    .venv/bin/python scripts/make_hostile_inputs.py OUT_DIR            # reduced sizes (tests)
    .venv/bin/python scripts/make_hostile_inputs.py OUT_DIR --full     # 50 MB line, 1 M tiny files, 1 M columns
    .venv/bin/python scripts/make_hostile_inputs.py OUT_DIR --run --db hostile.duckdb

Deterministic (fixed seeds). Never commit the output: the full set is ~150 MB and 1 M files.
With --run, every case is analysed into one store and the counts are printed:
cases tried / handled / crashed / hung (see conflictlens.scale.robustness).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SENTENCE = "Syrian government forces shelled rebel positions near Aleppo on Tuesday, the monitor said. "

# (reduced, full) sizes.
SIZES = {
    "long_line_bytes": (25_000_000, 50_000_000),  # over ingest.max_bytes (20 MB): must be E105
    "tiny_files": (300, 1_000_000),
    "csv_columns": (100_000, 1_000_000),
    "nest_depth": (20_000, 200_000),
    "bomb_bytes": (20_000_000, 200_000_000),  # uncompressed size of the gzip "bomb"
    "many_sentences": (3_000, 200_000),
}


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def make_cases(out: Path, full: bool = False) -> list[Path]:
    """Create every case under ``out``; returns the case paths (files or folders)."""
    k = 1 if full else 0
    rnd = random.Random(1234)
    out.mkdir(parents=True, exist_ok=True)
    cases: dict[str, bytes | str] = {
        "empty.txt": b"",
        "whitespace_only.txt": " \n\t\n   \n",
        "bom_only.txt": b"\xef\xbb\xbf",
        "binary.txt": bytes(rnd.getrandbits(8) for _ in range(50_000)),
        "nul_bytes.txt": (SENTENCE * 3).encode().replace(b" ", b"\x00", 5),
        "invalid_utf8.txt": "Caf\u00e9 owners in Homs said ".encode() + b"\xff\xfe\xc3\x28 broken " + SENTENCE.encode(),
        "latin1.txt": ("Le r\u00e9gime a bombard\u00e9 la ville. " * 5 + SENTENCE).encode("latin-1", "replace"),
        "utf16_no_bom.txt": (SENTENCE * 4).encode("utf-16-le"),
        "utf16_be_no_bom.txt": (SENTENCE * 4).encode("utf-16-be"),
        "utf32_bom.txt": (SENTENCE * 2).encode("utf-32"),
        "control_chars.txt": "".join(chr(rnd.randint(1, 8)) + "a" for _ in range(5_000)),
        "emoji_only.txt": "\U0001F4A3\U0001F525\U0001F1F8\U0001F1FE " * 200,
        "rtl_mixed.txt": ("\u0642\u0627\u0644\u062a \u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0627\u0644\u0633\u0648\u0631\u064a\u0629 "
                          "\u202eevil override\u202c " + SENTENCE + " \u05e9\u05dc\u05d5\u05dd \u200f\u200e ") * 10,
        "arabic.txt": "\u0642\u0635\u0641\u062a \u0642\u0648\u0627\u062a \u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0645\u0648\u0627\u0642\u0639 \u0627\u0644\u0645\u0639\u0627\u0631\u0636\u0629 \u0642\u0631\u0628 \u062d\u0644\u0628. " * 30,
        "french.txt": "Les forces gouvernementales syriennes ont bombard\u00e9 des positions rebelles pr\u00e8s d'Alep mardi, selon l'observatoire. " * 20,
        "chinese.txt": "\u53d9\u5229\u4e9a\u653f\u5e9c\u519b\u661f\u671f\u4e8c\u70ae\u51fb\u4e86\u963f\u52d2\u9887\u9644\u8fd1\u7684\u53cd\u5bf9\u6d3e\u9635\u5730\u3002" * 40,
        "zalgo.txt": "".join(c + "\u0301\u0302\u0303\u0308" * 8 for c in SENTENCE * 3),
        "zero_width.txt": "\u200b".join(SENTENCE * 2),
        "punctuation_storm.txt": "!?" * 150_000 + " Aleppo.",
        "many_sentences.txt": "A. " * SIZES["many_sentences"][k],
        "one_word.txt": "Aleppo",
        "scripts.html": ("<html><head><script>var t='" + "Assad " * 1000 + "';while(1){}</script>"
                         "<style>p{color:red}</style></head><body><nav>Home | News | Contact</nav><article><p>"
                         + SENTENCE * 8 + "</p></article><script>document.write('x')</script></body></html>"),
        "nested.html": "<html><body>" + "<div>" * SIZES["nest_depth"][k] + SENTENCE + "</div>" * SIZES["nest_depth"][k] + "</body></html>",
        "unclosed.html": "<html><body><p>" + "<b><i><span>" * 5_000 + SENTENCE * 3,
        "menu_only.html": "<html><body><ul>" + "<li><a href='/x'>Home</a></li>" * 50 + "</ul></body></html>",
        "gzip_as_html.html": gzip.compress(b"<p>" + b"a" * 1_000_000),
        "json_wrong_types.json": json.dumps([{"text": 5}, {"text": None}, {"text": ["a", "b"]}, {"text": {"x": 1}},
                                             "just a string", 42, {"title": "no text"}, {"text": SENTENCE, "date": 7}]),
        "json_scalar.json": "3.14159",
        "json_truncated.json": '{"text": "' + SENTENCE,
        "json_deep.json": "[" * 100_000 + "]" * 100_000,
        "lone_surrogate.jsonl": '{"text": "Rebels \\ud800 said ' + SENTENCE + '"}\n{"text": "' + SENTENCE + '"}\n',
        "jsonl_mixed.jsonl": "\n".join([json.dumps({"text": SENTENCE}), "not json", json.dumps([1, 2]),
                                        json.dumps({"text": 12}), "", json.dumps({"text": "  "}),
                                        json.dumps({"text": SENTENCE + " Second.", "title": ["a", None]})]),
        "csv_no_text_column.csv": "a,b,c\n1,2,3\n",
        "csv_ragged.csv": 'text,title\n"' + SENTENCE + '",t1\nonly\n,,,,,,\n"unterminated,\n',
        "csv_nul.csv": ("text\n" + SENTENCE + "\n").encode() + b"\x00\x00" + ("\n" + SENTENCE + "\n").encode(),
        "unknown_suffix.pdf": b"%PDF-1.4\n" + bytes(200),
        "no_suffix": SENTENCE,
    }
    for name, data in cases.items():
        _write(out / name, data)
    # A file name that is not valid UTF-8 (bytes from another system).
    (Path(os.fsdecode(bytes(out) + b"/bad_name_\xff\xfe.txt"))).write_text(SENTENCE, encoding="utf-8")
    # Huge single line: streamed to disk, never held whole in memory here.
    line = out / "long_line.txt"
    with line.open("wb") as fh:
        chunk = (SENTENCE.replace(". ", ", ") * 1000).encode()
        left = SIZES["long_line_bytes"][k]
        while left > 0:
            fh.write(chunk[:left])
            left -= len(chunk)
    # A zip-bomb-like compressed HTML: tiny on disk, huge when inflated.
    bomb = out / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as gz:
        block = b"<div><p>" + b"A" * 65_536 + b"</p></div>"
        for _ in range(SIZES["bomb_bytes"][k] // len(block)):
            gz.write(block)
    # A CSV with a huge number of columns (text column last).
    wide = out / "wide.csv"
    n_cols = SIZES["csv_columns"][k]
    with wide.open("w", encoding="utf-8") as fh:
        fh.write(",".join(f"c{i}" for i in range(n_cols - 1)) + ",text\n")
        fh.write("," * (n_cols - 1) + f'"{SENTENCE}"\n')
    # Many tiny files in one folder: mostly no letters (E112), every 1000th a sentence.
    tiny = out / "tiny_files"
    tiny.mkdir(exist_ok=True)
    for i in range(SIZES["tiny_files"][k]):
        (tiny / f"{i:07d}.txt").write_text(SENTENCE if i % 1000 == 0 else str(i), encoding="utf-8")
    return sorted(out.iterdir())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--full", action="store_true", help="full sizes: 50 MB line, 1 M tiny files, 1 M columns")
    ap.add_argument("--run", action="store_true", help="analyse every case and print tried/handled/crashed/hung")
    ap.add_argument("--db", default=":memory:", help="store for --run (default: in memory)")
    args = ap.parse_args(argv)
    cases = make_cases(args.out, full=args.full)
    print(f"{len(cases)} cases written to {args.out}")
    if not args.run:
        return 0
    from conflictlens.config import load_settings
    from conflictlens.scale.robustness import run_suite
    from conflictlens.store import Store

    with Store(args.db) as store:
        report = run_suite(cases, store, load_settings())
    for outcome in report.outcomes:
        print(f"  {outcome.status:8s} {outcome.seconds:7.2f}s {outcome.case}: {outcome.detail}")
    print(report.summary())
    return 0 if report.crashed == 0 and report.hung == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
