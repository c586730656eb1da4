"""Integration on the five reference articles in ../shared (skipped when absent)."""
import datetime as dt
import re

import pytest

from conflictlens.clean import clean_document
from conflictlens.clean.furniture import COMMENT_SECTION, FURNITURE_LINE
from conflictlens.records import RawDocument

FURNITURE_WORDS = re.compile(
    r"leave a reply|fill in your details|you are commenting using|connecting to %s|pingback|"
    r"download this chapter|support us for as little|add your comments below|log out /", re.I)


@pytest.fixture(scope="module")
def cleaned(seeds_dir):
    out = {}
    for f in sorted(seeds_dir.glob("*.txt")):
        raw = f.read_text(encoding="utf-8")
        out[f.name[:3]] = (raw, clean_document(RawDocument(path=str(f), text=raw, source_format="txt")))
    return out


def test_no_furniture_left(cleaned):
    for key, (_, doc) in cleaned.items():
        assert not FURNITURE_WORDS.search(doc.text), key
        for line in doc.text.split("\n"):
            assert not FURNITURE_LINE.match(line.strip()), (key, line)


def _paragraphs(text):
    return [p.strip() for p in text.split("\n") if len(p.strip()) > 150]


def test_bodies_kept(cleaned):
    # Every long paragraph before the first furniture line survives intact.
    for key, (raw, doc) in cleaned.items():
        lines = raw.split("\n")
        body = []
        for ln in lines:
            if COMMENT_SECTION.match(ln) or FURNITURE_LINE.match(ln.strip()) or "as you’re here" in ln.lower():
                break
            body.append(ln)
        for par in _paragraphs("\n".join(body)):
            if re.search(r" is (a|an|the) .*(editor|analyst|journalist)", par[:200]) and len(par) < 300:
                continue
            # Compare with whitespace folded: cleaning normalises NBSPs and trailing spaces.
            assert " ".join(par.split()) in " ".join(doc.text.split()), (key, par[:80])


def test_kyle_orton_metadata(cleaned):
    doc = cleaned["002"][1]
    assert doc.author == "Kyle Orton"
    assert doc.published == dt.date(2016, 3, 29)


def test_other_metadata(cleaned):
    assert cleaned["000"][1].updated == dt.date(2017, 7, 31)
    assert cleaned["003"][1].author == "Abdel Bari Atwan"
    assert cleaned["004"][1].title.startswith("Syria Has Officially Defeated ISIS")
