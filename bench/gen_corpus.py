"""Write a synthetic conflict-news corpus of N documents, streamed (constant memory), deterministic.

    .venv/bin/python bench/gen_corpus.py --docs 100000 --out bench/out/syn100k.jsonl
    .venv/bin/python bench/gen_corpus.py --docs 10000 --out bench/out/syn10k --format txt   # a folder of files

Each document is a short wire-style report (3-6 sentences: actors, attack/statement verbs,
places, dates, casualty figures, attributions) so every stage has something to do. Texts
are distinct (seeded by the document number), so no two documents share a doc_id.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Iterator

ACTORS = ["Syrian government forces", "the Syrian Arab Army", "Islamic State fighters", "ISIS militants",
          "the Free Syrian Army", "Kurdish YPG units", "the Syrian Democratic Forces", "Russian warplanes",
          "the US-led coalition", "Hezbollah fighters", "Turkish troops", "Jabhat al-Nusra",
          "Iraqi security forces", "rebel groups", "pro-government militias", "the Syrian Observatory for Human Rights"]
VERBS = ["shelled", "attacked", "captured", "besieged", "bombed", "ambushed", "withdrew from", "negotiated with",
         "accused", "condemned", "agreed a ceasefire with", "evacuated civilians from", "launched air strikes on"]
PLACES = ["Aleppo", "Homs", "Idlib", "Raqqa", "Deir ez-Zor", "Palmyra", "Damascus", "Eastern Ghouta", "Daraa",
          "Kobani", "Manbij", "Albu Kamal", "Mosul", "Hama", "Latakia", "al-Bab", "Afrin", "Qamishli"]
SOURCES = ["the monitor said", "state media reported", "activists said", "a spokesman told reporters",
           "according to a statement", "local sources said", "the ministry claimed"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
OUTLETS = ["SANA", "Reuters", "Al-Manar", "Etilaf", "AFP", "Syrian Observer", "Al Jazeera", "TASS"]


def _sentence(rnd: random.Random) -> str:
    a, b = rnd.sample(ACTORS, 2)
    place = rnd.choice(PLACES)
    kind = rnd.random()
    if kind < 0.5:
        return (f"{a[0].upper() + a[1:]} {rnd.choice(VERBS)} {b} near {place} on "
                f"{rnd.randint(1, 28)} {rnd.choice(MONTHS)} {rnd.randint(2011, 2019)}, {rnd.choice(SOURCES)}.")
    if kind < 0.75:
        return (f"At least {rnd.randint(2, 90)} people were killed in {place} when {a} {rnd.choice(VERBS)} "
                f"{b}, {rnd.choice(SOURCES)}.")
    return f"{a[0].upper() + a[1:]} said that {b} had {rnd.choice(VERBS)} positions in {place} last week."


def documents(n: int, seed: int = 7) -> Iterator[dict]:
    """N synthetic records ({"text", "title", "outlet", "published"}), one at a time."""
    for i in range(n):
        rnd = random.Random(seed * 1_000_003 + i)
        body = " ".join(_sentence(rnd) for _ in range(rnd.randint(3, 6)))
        yield {
            "title": f"Report {i}: fighting in {rnd.choice(PLACES)}",
            "outlet": rnd.choice(OUTLETS),
            "published": f"{rnd.randint(2011, 2019)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "text": f"{body} (ref {i})",
        }


def write_corpus(out: Path, n: int, fmt: str = "jsonl", seed: int = 7) -> Path:
    """Write the corpus as one JSONL file or a folder of .txt files (1,000 per sub-folder)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for rec in documents(n, seed):
                fh.write(json.dumps(rec) + "\n")
    else:
        for i, rec in enumerate(documents(n, seed)):
            sub = out / f"{i // 1000:04d}"
            if i % 1000 == 0:
                sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{i:07d}.txt").write_text(f"{rec['title']}\n\n{rec['text']}\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    write_corpus(args.out, args.docs, args.format, args.seed)
    print(f"{args.docs} documents -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
