"""Build demo/re3d_public_domain.jsonl from the re3d CENTCOM and US State Department documents.

Those documents are US-government works in the public domain; each record keeps its title,
source URL and publisher as attribution. Run from the project root with ../shared present:
    python scripts/build_demo_corpus.py
"""
import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "actors" / "re3d"
OUT = Path(__file__).resolve().parents[1] / "demo" / "re3d_public_domain.jsonl"


def main() -> int:
    if not SHARED.exists():
        print(f"{SHARED} not found: the demo corpus is built from ../shared", file=sys.stderr)
        return 1
    n = 0
    with OUT.open("w", encoding="utf-8") as out:
        for folder in ("CENTCOM", "US State Department"):
            for line in (SHARED / folder / "documents.json").read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                d = json.loads(line)
                out.write(json.dumps({
                    "id": d["_id"], "title": d["title"], "url": d["sourceUrl"], "outlet": d["sourceName"],
                    "text": d["text"], "license": "public domain (US government work)",
                }, ensure_ascii=False) + "\n")
                n += 1
    print(f"wrote {n} documents to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
