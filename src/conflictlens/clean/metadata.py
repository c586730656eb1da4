"""Metadata from the text itself: title, byline author, publication/update dates, outlet."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ("january february march april may june july august september october november december").split()
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_RX = (
    rf"(?:{_MON}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MON},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
)
BYLINE = re.compile(
    rf"^\s*(?:by|written by|posted by)\s+(?P<author>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,3}})"
    rf"(?:\s*\([^)]*\))?(?:\s*(?:on|,|\||-|–)\s*(?P<date>{DATE_RX}))?",
    re.I,
)
UPDATED = re.compile(rf"^\s*(?:last\s+)?updated(?:\s+on)?:?\s+(?P<date>{DATE_RX})\s*$", re.I)
PUBLISHED = re.compile(rf"^\s*(?:published|posted|first published)(?:\s+on)?:?\s+(?P<date>{DATE_RX})\s*$", re.I)
ORIGINALLY = re.compile(r"(?i:originally published) (?i:at|in|by|on) (?P<outlet>[A-Z][\w'’&.-]*(?: [A-Z][\w'’&.-]*){0,5})")
# A leading dateline: "Wed 05 Apr 2017 ..." or "DAMASCUS, Aug 5 (Reuters) -".
LEAD_DATE = re.compile(rf"^\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?P<date>\d{{1,2}}\s+{_MON}\s+\d{{4}}|{_MON}\s+\d{{1,2}},?\s+\d{{4}})", re.I)


@dataclass(frozen=True, slots=True)
class TextMetadata:
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    outlet: str | None = None


def parse_date(value: str | None) -> dt.date | None:
    """Parse a metadata date string: ISO, m/d/yyyy (US, as FA-KES), or written-out forms."""
    if not value:
        return None
    s = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", s)
        if m:
            return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None
    m = re.match(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$", s) or None
    if m:
        mon = _month(m.group(2))
        if mon:
            return _safe_date(int(m.group(3)), mon, int(m.group(1)))
    m = re.match(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", s)
    if m:
        mon = _month(m.group(1))
        if mon:
            return _safe_date(int(m.group(3)), mon, int(m.group(2)))
    import dateparser

    parsed = dateparser.parse(s, languages=["en"], settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def _month(name: str) -> int | None:
    name = name.lower()[:3]
    for i, m in enumerate(MONTHS, 1):
        if m.startswith(name):
            return i
    return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def extract_metadata(text: str, head_lines: int = 8) -> TextMetadata:
    """Title (first short line), byline author/date, 'Updated on' dates, 'originally published at'."""
    lines = [ln.strip() for ln in text.split("\n")]
    non_empty = [ln for ln in lines if ln]
    title = None
    if non_empty:
        first = non_empty[0]
        if len(first) <= 200 and not re.search(r"[.!]$", first) and not BYLINE.match(first):
            title = first
    author = published = updated = outlet = None
    for ln in non_empty[:head_lines]:
        m = BYLINE.match(ln)
        if m and not author:
            author = m.group("author")
            if m.group("date"):
                published = parse_date(m.group("date"))
        m = PUBLISHED.match(ln)
        if m and not published:
            published = parse_date(m.group("date"))
        m = ORIGINALLY.search(ln)
        if m and not outlet:
            outlet = m.group("outlet").split(". ")[0].rstrip(".")
    if not published and non_empty:
        m = LEAD_DATE.match(non_empty[0]) or (LEAD_DATE.match(non_empty[1]) if len(non_empty) > 1 else None)
        if m:
            published = parse_date(m.group("date"))
    for ln in non_empty:
        m = UPDATED.match(ln)
        if m:
            updated = parse_date(m.group("date"))
        m = PUBLISHED.match(ln)
        if m and not published:
            published = parse_date(m.group("date"))
    return TextMetadata(title, author, published, updated, outlet)
