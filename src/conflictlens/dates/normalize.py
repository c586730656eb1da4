"""Normalise one date expression to a ``Resolution`` (start, end, precision, source).

Own rules handle the news-style expressions dateparser gets wrong or cannot express
("late 2011", "summer 2014", "the end of 2014", "two years earlier", "last week",
"on Monday", "the 1980s"); dateparser is the fallback for the rest, called lazily and
cached.  Relative expressions need an ``anchor`` (the publication date): without one they
stay unresolved, never guessed from today.  Narrative expressions ("two years earlier",
"the following month") need a ``reference``: the previous resolved date in the text.

Conventions (docs/dates.md lists them with examples):
- ``start``/``end`` are inclusive ISO dates covering the whole period named;
- ``precision`` is the size of that period: day, week, month, season (a 2-4 month part of
  a year: seasons, quarters, "late 2011"), year, decade;
- seasons are meteorological, northern hemisphere (summer = June-August; winter YEAR =
  December YEAR to February YEAR+1);
- past is preferred: "in March" / "on Monday" is the latest such month/day on or before
  the anchor; "last March" / "last Monday" the latest strictly before it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

LOGGER = logging.getLogger(__name__)

# Years outside this range are treated as numbers, not dates ("1,200 fighters" never
# reaches here, but "500" or "3000" could). Calibrated on the gold file: no news date there
# is before 1900; re-run `conflictlens eval dates` after changing.
MIN_YEAR = 1800
MAX_YEAR = 2100

# "March 31" in a text published on March 29 is taken as this year's March 31 (an
# announced date) when it is at most this many days after the anchor, else last year's.
# Chosen so that announcements of the coming weeks resolve forward while "December 25"
# in a January text goes back; re-run `conflictlens eval dates` after changing.
FUTURE_WINDOW_DAYS = 31

SOURCE_ABSOLUTE = "absolute"  # needs no anchor: "May 2011", "late 2011"
SOURCE_RELATIVE = "relative"  # relative to the publication date: "last week"
SOURCE_NARRATIVE = "narrative"  # relative to an earlier date in the text: "two years earlier"
SOURCE_UNRESOLVED = "unresolved"  # a date expression we cannot place (text kept)


@dataclass(frozen=True, slots=True)
class Resolution:
    start: Optional[dt.date]
    end: Optional[dt.date]
    precision: Optional[str]
    source: str


UNRESOLVED = Resolution(None, None, None, SOURCE_UNRESOLVED)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a couple of": 2, "couple of": 2, "a dozen": 12,
}
ORDINAL_PARTS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
         "year": "year", "years": "year", "decade": "decade", "decades": "decade"}

_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_YEAR = r"(?P<year>\d{4})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_NUM = r"(?P<num>\d+|" + "|".join(sorted((re.escape(k) for k in NUMBERS), key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
_WD = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"
_DAYTIME = r"(?:\s+(?:morning|afternoon|evening|night))?"

_LEADING = re.compile(r"^(?:(?:in(?! (?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of) (?:days?|weeks?|months?|years?)\b)|on|at(?! least)|by|since|until|till|from|during|through|throughout|before|after|as of|of|around|about|circa|c\.)\s+)+")
_QUALIFIER = re.compile(r"^(?:(?:about|around|approximately|roughly|nearly|almost|some|just|only|over|more than|less than|at least|up to)\s+)+")


def _clean(text: str) -> str:
    s = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s.strip().lower())
    s = s.strip(" ,.;:()[]\"")
    s = _LEADING.sub("", s)
    s = re.sub(r"^(?:the )?month of ", "", s)
    return s


# -- calendar helpers ----------------------------------------------------------------------
def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _month(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), _month_end(y, m)


def _year(y: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6)


def _add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "year":
        return _add_months(d, 12 * n)
    return _add_months(d, 120 * n)  # decade


def _period(d: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    if unit == "day":
        return d, d
    if unit == "week":
        return _week(d)
    if unit == "month":
        return _month(d.year, d.month)
    if unit == "year":
        return _year(d.year)
    start = d.year - d.year % 10
    return dt.date(start, 1, 1), dt.date(start + 9, 12, 31)


def _season(y: int, name: str) -> tuple[dt.date, dt.date]:
    first, last = SEASONS[name]
    if first > last:  # winter: December of y to February of y+1
        return dt.date(y, 12, 1), _month_end(y + 1, 2)
    return dt.date(y, first, 1), _month_end(y, last)


def _num(word: str) -> Optional[int]:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _valid_year(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def _part_of_year(y: int, part: Optional[str]) -> tuple[tuple[dt.date, dt.date], str]:
    """'late 2011' -> Sep-Dec (season); 'the end of 2014' -> December (month)."""
    if not part:
        return _year(y), "year"
    p = part.replace("the ", "")
    if p in ("early", "earlier"):
        return (dt.date(y, 1, 1), dt.date(y, 4, 30)), "season"
    if p in ("mid", "middle", "middle of"):
        return (dt.date(y, 5, 1), dt.date(y, 8, 31)), "season"
    if p in ("late", "later"):
        return (dt.date(y, 9, 1), dt.date(y, 12, 31)), "season"
    if p in ("beginning of", "start of"):
        return _month(y, 1), "month"
    if p == "end of":
        return _month(y, 12), "month"
    if p == "first half of":
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)), "season"
    if p == "second half of":
        return (dt.date(y, 7, 1), dt.date(y, 12, 31)), "season"
    return _year(y), "year"


def _part_of_month(y: int, m: int, part: Optional[str]) -> tuple[tuple[dt.date, dt.date], str]:
    """'early May 2011' -> May 1-10; 'the end of May' -> May 21-31 (precision week)."""
    start, end = _month(y, m)
    if not part:
        return (start, end), "month"
    p = part.replace("the ", "")
    if p in ("early", "earlier", "beginning of", "start of"):
        return (start, dt.date(y, m, 10)), "week"
    if p in ("mid", "middle", "middle of"):
        return (dt.date(y, m, 11), dt.date(y, m, 20)), "week"
    if p in ("late", "later", "end of"):
        return (dt.date(y, m, 21), end), "week"
    if p == "first half of":
        return (start, dt.date(y, m, 15)), "week"
    if p == "second half of":
        return (dt.date(y, m, 16), end), "week"
    return (start, end), "month"


def _day(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _res(span: tuple[dt.date, dt.date], precision: str, source: str) -> Resolution:
    return Resolution(span[0], span[1], precision, source)


# -- rules ---------------------------------------------------------------------------------
# Each rule: (compiled pattern, handler(match, anchor, reference) -> Resolution | None).
# A handler returning None means "not a date" (durations, frequencies); UNRESOLVED means
# "a date we cannot place".
Rule = tuple[re.Pattern, Callable]
RULES: list[Rule] = []


def rule(pattern: str):
    def deco(fn):
        RULES.append((re.compile(r"^(?:" + pattern + r")$"), fn))
        return fn
    return deco


NOT_A_DATE = object()


# Durations and frequencies: not points in time.
@rule(r"(?:for\s+)?(?:about |around |nearly |almost |over |more than |some |at least |less than |only |just |another )?"
      + r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|fifty"
      + r"|several|a few|few|many|a couple of|couple of|a dozen|dozens of|hundreds of|thousands of|the)\s+(?:more\s+|full\s+|long\s+)?"
      + r"(?:days?|weeks?|months?|years?|decades?|hours?|minutes?|centuries|century)(?:\s+long)?"
      + r"|days|weeks|months|years|decades|hours")
def _duration(m, anchor, ref):
    return NOT_A_DATE


@rule(r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty)[- ](?:day|week|month|year|decade|hour|minute)(?:[- ]long|[- ]old)?"
      r"|weekly|daily|monthly|yearly|annual|annually|nightly|every (?:day|week|month|year)|each (?:day|week|month|year)"
      r"|(?:per|a) (?:day|week|month|year)|once a (?:day|week|month|year)")
def _frequency(m, anchor, ref):
    return NOT_A_DATE


@rule(r"(?:the\s+)?(?:(?P<part>early|mid|late)[- ])?(?:(?P<cent>\d{2})(?P<dec>\d)0|'(?P<short>\d)0)'?s")
def _decade(m, anchor, ref):
    if m.group("short"):
        start = 1900 + int(m.group("short")) * 10
    else:
        start = int(m.group("cent")) * 100 + int(m.group("dec")) * 10
    if not _valid_year(start):
        return None
    part = m.group("part")
    if part == "early":
        return Resolution(dt.date(start, 1, 1), dt.date(start + 3, 12, 31), "decade", SOURCE_ABSOLUTE)
    if part == "mid":
        return Resolution(dt.date(start + 3, 1, 1), dt.date(start + 6, 12, 31), "decade", SOURCE_ABSOLUTE)
    if part == "late":
        return Resolution(dt.date(start + 7, 1, 1), dt.date(start + 9, 12, 31), "decade", SOURCE_ABSOLUTE)
    return Resolution(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade", SOURCE_ABSOLUTE)


@rule(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
def _iso(m, anchor, ref):
    d = _day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return Resolution(d, d, "day", SOURCE_ABSOLUTE) if d and _valid_year(d.year) else None


@rule(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
def _numeric(m, anchor, ref):
    """3/29/2016, 29-03-2016, 29.03.2016. When both readings are valid dates, the one
    that is not after the anchor (+ FUTURE_WINDOW_DAYS) and nearest to it wins; without an
    anchor slashes read month first (US) and dashes/dots day first (most outlets elsewhere)."""
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if y < 100:
        y += 2000 if y < 50 else 1900
    mdy, dmy = _day(y, a, b), _day(y, b, a)
    readings = [d for d in ((mdy, dmy) if m.group("sep") == "/" else (dmy, mdy)) if d is not None]
    if not readings:
        return None
    day = readings[0]
    if anchor is not None and len(readings) == 2 and readings[0] != readings[1]:
        limit = anchor + dt.timedelta(days=FUTURE_WINDOW_DAYS)
        ok = [d for d in readings if d <= limit] or readings
        day = min(ok, key=lambda d: abs((anchor - d).days))
    return Resolution(day, day, "day", SOURCE_ABSOLUTE)


@rule(r"(?:(?:" + _WD + r"),?\s+)?" + _DAY + r"(?:\s+of)?\s+" + _MON + r",?\s+" + _YEAR)
def _d_m_y(m, anchor, ref):
    d = _day(int(m.group("year")), MONTHS[m.group("mon")], int(m.group("day")))
    return Resolution(d, d, "day", SOURCE_ABSOLUTE) if d and _valid_year(d.year) else None


@rule(r"(?:(?:" + _WD + r"),?\s+)?" + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR)
def _m_d_y(m, anchor, ref):
    return _d_m_y(m, anchor, ref)


@rule(r"(?:(?P<part>early|mid|late|the beginning of|the start of|the end of|the middle of|beginning of|start of|end of|middle of)[- ]?\s*)?"
      r"(?:(?:last|this|past|next)\s+)?" + _MON + r"(?:\s+of)?,?\s+" + _YEAR)
def _m_y(m, anchor, ref):
    y = int(m.group("year"))
    if not _valid_year(y):
        return None
    span, prec = _part_of_month(y, MONTHS[m.group("mon")], m.group("part"))
    return _res(span, prec, SOURCE_ABSOLUTE)


@rule(r"(?:between\s+)?" + _MON + r"\s*(?:and|to|-|through|until)\s*" + _MON2 + r",?\s+(?:of\s+)?" + _YEAR)
def _m_m_y(m, anchor, ref):
    y = int(m.group("year"))
    a, b = MONTHS[m.group("mon")], MONTHS[m.group("mon2")]
    if not _valid_year(y):
        return None
    if a <= b:
        return Resolution(dt.date(y, a, 1), _month_end(y, b), "month", SOURCE_ABSOLUTE)
    return Resolution(dt.date(y - 1, a, 1), _month_end(y, b), "month", SOURCE_ABSOLUTE)


@rule(r"(?:between\s+)?" + _MON + r"\s+" + _DAY + r"\s*(?:and|to|-|until)\s*" + _MON2 + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + r")?")
def _m_d_m_d(m, anchor, ref):
    if m.group("year"):
        y = int(m.group("year"))
        a = _day(y, MONTHS[m.group("mon")], int(m.group("day")))
        b = _day(y, MONTHS[m.group("mon2")], int(m.group("day2")))
        source = SOURCE_ABSOLUTE
    elif anchor is None:
        return UNRESOLVED
    else:
        b = _year_for_day(MONTHS[m.group("mon2")], int(m.group("day2")), anchor)
        a = _day(b.year, MONTHS[m.group("mon")], int(m.group("day"))) if b else None
        if a and b and a > b:
            a = _day(b.year - 1, a.month, a.day)
        source = SOURCE_RELATIVE
    return Resolution(a, b, "day", source) if a and b and a <= b else None


@rule(r"(?:between\s+)?" + _DAY + r"\s*(?:and|to|-)\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+" + _YEAR)
def _dd_m_y(m, anchor, ref):
    y, mo = int(m.group("year")), MONTHS[m.group("mon")]
    a, b = _day(y, mo, int(m.group("day"))), _day(y, mo, int(m.group("day2")))
    return Resolution(a, b, "day", SOURCE_ABSOLUTE) if a and b and a <= b else None


@rule(r"(?:(?P<part>early|mid|late|the beginning of|the start of|the end of|the middle of|beginning of|start of|end of|middle of"
      r"|the first half of|the second half of|first half of|second half of)[- ]?\s*)?(?:the\s+year\s+)?" + _YEAR)
def _y(m, anchor, ref):
    y = int(m.group("year"))
    if not _valid_year(y):
        return None
    span, prec = _part_of_year(y, m.group("part"))
    return _res(span, prec, SOURCE_ABSOLUTE)


@rule(r"(?:between\s+|from\s+)?(?P<y1>\d{4})\s*(?:-|to|and|until|through)\s*(?P<y2>\d{4}|\d{2})")
def _y_y(m, anchor, ref):
    y1, y2s = int(m.group("y1")), m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not (_valid_year(y1) and _valid_year(y2)) or y2 < y1:
        return None
    return Resolution(dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year", SOURCE_ABSOLUTE)


@rule(r"(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?" + _YEAR + r"|q(?P<q>[1-4])\s+(?P<year2>\d{4})")
def _quarter(m, anchor, ref):
    y = int(m.group("year") or m.group("year2"))
    q = ORDINAL_PARTS[m.group("ord")] if m.group("ord") else int(m.group("q"))
    return Resolution(dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "season", SOURCE_ABSOLUTE)


@rule(r"(?:the\s+)?(?:(?P<part>early|late)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?,?\s+" + _YEAR)
def _season_y(m, anchor, ref):
    y = int(m.group("year"))
    start, end = _season(y, m.group("season"))
    if m.group("part") == "early":
        end = _month_end(start.year, start.month)
    elif m.group("part") == "late":
        start = dt.date(end.year, end.month, 1)
    return Resolution(start, end, "season", SOURCE_ABSOLUTE)


_WEEK_OF = r"(?:the\s+)?(?P<wk>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+week\s+(?:of|in)\s+"


def _week_of_month(y: int, mon: int, wk: str) -> Resolution:
    """'the first week of May' -> May 1-7; 'the last week of May' -> its last 7 days."""
    end_of_month = _month_end(y, mon)
    if wk == "last":
        return Resolution(end_of_month - dt.timedelta(days=6), end_of_month, "week", SOURCE_ABSOLUTE)
    k = ORDINAL_PARTS[wk]
    start = dt.date(y, mon, 7 * (k - 1) + 1)
    return Resolution(start, start + dt.timedelta(days=6), "week", SOURCE_ABSOLUTE)


@rule(_WEEK_OF + _MON + r",?\s+" + _YEAR)
def _week_of_m_y(m, anchor, ref):
    return _week_of_month(int(m.group("year")), MONTHS[m.group("mon")], m.group("wk"))


# -- relative to the publication date (anchor) ---------------------------------------------
def _needs_anchor(fn):
    def wrapped(m, anchor, ref):
        return fn(m, anchor, ref) if anchor is not None else UNRESOLVED
    wrapped.__name__ = fn.__name__
    return wrapped


@rule(r"(?:the\s+)?(?:(?P<mod>last|this|next|past)\s+)?(?P<season>spring|summer|autumn|fall|winter)")
@_needs_anchor
def _season_rel(m, anchor, ref):
    name, mod = m.group("season"), m.group("mod")
    candidates = [_season(y, name) for y in range(anchor.year - 2, anchor.year + 2)]
    if mod == "next":
        start, end = min(c for c in candidates if c[0] > anchor)
    elif mod in ("last", "past"):
        start, end = max(c for c in candidates if c[1] < anchor)
    elif mod == "this":
        start, end = min(candidates, key=lambda c: abs((c[0] - anchor).days))
    else:
        start, end = max(c for c in candidates if c[0] <= anchor)
    return Resolution(start, end, "season", SOURCE_RELATIVE)


@rule(r"(?:the\s+)?(?:(?P<part>early|mid|late|the beginning of|the start of|the end of|the middle of|beginning of|start of|end of|middle of)[- ]?\s*)?"
      r"(?:(?P<mod>last|this|next|past)\s+)?" + _MON + r"(?:\s+(?:of\s+)?(?P<which>this|last|next)\s+year)?")
@_needs_anchor
def _m_rel(m, anchor, ref):
    mon, mod, which = MONTHS[m.group("mon")], m.group("mod"), m.group("which")
    if which:
        y = anchor.year + {"this": 0, "last": -1, "next": 1}[which]
    elif mod == "this":
        y = anchor.year
    elif mod == "next":
        y = anchor.year if mon > anchor.month else anchor.year + 1
    elif mod in ("last", "past"):
        y = anchor.year if mon < anchor.month else anchor.year - 1
    else:
        y = anchor.year if mon <= anchor.month else anchor.year - 1
    span, prec = _part_of_month(y, mon, m.group("part"))
    return _res(span, prec, SOURCE_RELATIVE)


@rule(_WEEK_OF + _MON)
@_needs_anchor
def _week_of_m(m, anchor, ref):
    mon = MONTHS[m.group("mon")]
    y = anchor.year if mon <= anchor.month else anchor.year - 1
    r = _week_of_month(y, mon, m.group("wk"))
    return Resolution(r.start, r.end, r.precision, SOURCE_RELATIVE)


def _year_for_day(mon: int, day: int, anchor: dt.date) -> Optional[dt.date]:
    d = _day(anchor.year, mon, day)
    if d is None:
        return None
    if d > anchor + dt.timedelta(days=FUTURE_WINDOW_DAYS):
        return _day(anchor.year - 1, mon, day)
    return d


@rule(r"(?:(?:" + _WD + r"),?\s+)?(?:" + _MON + r"\s+" + _DAY + r"|" + _DAY.replace("?P<day>", "?P<day_b>") + r"(?:\s+of)?\s+" + _MON2 + r")")
@_needs_anchor
def _m_d(m, anchor, ref):
    if m.group("mon"):
        mon, day = MONTHS[m.group("mon")], int(m.group("day"))
    else:
        mon, day = MONTHS[m.group("mon2")], int(m.group("day_b"))
    d = _year_for_day(mon, day, anchor)
    return Resolution(d, d, "day", SOURCE_RELATIVE) if d else None


@rule(r"(?:(?:early|late|earlier|later)\s+)?(?:(?P<mod>last|this|next|past)\s+)?" + _WD + r"(?:'s|s)?" + _DAYTIME)
@_needs_anchor
def _weekday(m, anchor, ref):
    wd, mod = WEEKDAYS[m.group("wd")], m.group("mod")
    back = (anchor.weekday() - wd) % 7
    if mod == "next":
        d = anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    elif mod == "this":
        d = _week(anchor)[0] + dt.timedelta(days=wd)
    elif mod in ("last", "past"):
        d = anchor - dt.timedelta(days=back or 7)
    else:
        d = anchor - dt.timedelta(days=back)
    return Resolution(d, d, "day", SOURCE_RELATIVE)


@rule(r"(?:the\s+)?(?:(?P<mod>last|this|next|past)\s+)?weekend")
@_needs_anchor
def _weekend(m, anchor, ref):
    """Saturday-Sunday: 'the weekend' is the latest one starting on or before the anchor."""
    mod = m.group("mod")
    sat = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if mod == "next":
        sat = sat + dt.timedelta(days=7)
    elif mod in ("last", "past") and anchor <= sat + dt.timedelta(days=1):
        sat = sat - dt.timedelta(days=7)
    return Resolution(sat, sat + dt.timedelta(days=1), "week", SOURCE_RELATIVE)


_DEICTIC = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
            "now": 0, "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
            "yesterday evening": -1, "the day before yesterday": -2, "tomorrow": 1, "tomorrow morning": 1,
            "the day after tomorrow": 2}


@rule("|".join(re.escape(k) for k in sorted(_DEICTIC, key=len, reverse=True)))
@_needs_anchor
def _deictic(m, anchor, ref):
    d = anchor + dt.timedelta(days=_DEICTIC[m.group(0)])
    return Resolution(d, d, "day", SOURCE_RELATIVE)


@rule(r"(?:(?P<part>earlier|later|early|late|the end of|end of|the beginning of|the start of|beginning of|start of)\s+)?"
      r"(?P<mod>this|last|the last|next|the next|the past|past|the coming|coming|the current|current)\s+"
      r"(?P<unit>week|month|year|decade)")
@_needs_anchor
def _this_unit(m, anchor, ref):
    mod, unit, part = m.group("mod").replace("the ", ""), m.group("unit"), m.group("part")
    if mod in ("past",) and not part:
        # "the past year": the twelve months up to the anchor, not the calendar year.
        return Resolution(_shift(anchor, unit, -1), anchor, unit, SOURCE_RELATIVE)
    shift = {"this": 0, "current": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[mod]
    start, end = _period(_shift(anchor, unit, shift), unit)
    if part in ("earlier",) and shift == 0:
        return Resolution(start, anchor, unit, SOURCE_RELATIVE)
    if part in ("later",) and shift == 0:
        return Resolution(anchor, end, unit, SOURCE_RELATIVE)
    if part and unit == "year":
        (start, end), prec = _part_of_year(start.year, part)
        return Resolution(start, end, prec, SOURCE_RELATIVE)
    if part and unit == "month":
        (start, end), prec = _part_of_month(start.year, start.month, part)
        return Resolution(start, end, prec, SOURCE_RELATIVE)
    return Resolution(start, end, unit, SOURCE_RELATIVE)


@rule(r"(?:over\s+|during\s+|in\s+|for\s+)?(?:the\s+)?(?:past|last|previous)\s+" + _NUM + r"\s+" + _UNIT)
@_needs_anchor
def _past_n(m, anchor, ref):
    n = _num(m.group("num"))
    unit = UNITS[m.group("unit")]
    if n is None:
        return UNRESOLVED
    return Resolution(_shift(anchor, unit, -n), anchor, unit, SOURCE_RELATIVE)


@rule(r"(?:the\s+)?(?:next|coming)\s+" + _NUM + r"\s+" + _UNIT)
@_needs_anchor
def _next_n(m, anchor, ref):
    n = _num(m.group("num"))
    unit = UNITS[m.group("unit")]
    if n is None:
        return UNRESOLVED
    return Resolution(anchor, _shift(anchor, unit, n), unit, SOURCE_RELATIVE)


@rule(_NUM + r"\s+" + _UNIT + r"\s+ago")
@_needs_anchor
def _ago(m, anchor, ref):
    n = _num(m.group("num"))
    if n is None:
        return UNRESOLVED
    unit = UNITS[m.group("unit")]
    start, end = _period(_shift(anchor, unit, -n), unit)
    return Resolution(start, end, unit, SOURCE_RELATIVE)


@rule(r"in\s+" + _NUM + r"\s+" + _UNIT + r"(?:'|'s)?(?:\s+time)?")
@_needs_anchor
def _in_n(m, anchor, ref):
    n = _num(m.group("num"))
    if n is None:
        return UNRESOLVED
    unit = UNITS[m.group("unit")]
    start, end = _period(_shift(anchor, unit, n), unit)
    return Resolution(start, end, unit, SOURCE_RELATIVE)


# -- relative to an earlier date in the text (reference) -----------------------------------
def _needs_reference(fn):
    def wrapped(m, anchor, ref):
        if ref is None or ref.start is None:
            return UNRESOLVED
        return fn(m, anchor, ref)
    wrapped.__name__ = fn.__name__
    return wrapped


_PREC_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5}


def _coarser(a: str, b: Optional[str]) -> str:
    return a if b is None or _PREC_RANK.get(a, 0) >= _PREC_RANK.get(b, 0) else b


@rule(_NUM + r"\s+" + _UNIT + r"\s+(?P<dir>earlier|later|before|after|previously|prior|on)")
@_needs_reference
def _n_earlier(m, anchor, ref):
    n = _num(m.group("num"))
    if n is None:
        return UNRESOLVED
    unit = UNITS[m.group("unit")]
    sign = -1 if m.group("dir") in ("earlier", "before", "previously", "prior") else 1
    prec = _coarser(unit, ref.precision if ref.precision in _PREC_RANK else None)
    if prec == "season":
        prec = "month" if unit in ("day", "week", "month") else "year"
    start, end = _period(_shift(ref.start, unit, sign * n), prec)
    return Resolution(start, end, prec, SOURCE_NARRATIVE)


@rule(r"(?:the\s+)?(?P<dir>following|next|previous|preceding|same|subsequent)\s+(?P<unit>day|week|month|year)"
      r"|(?:the\s+)?(?P<unit2>day|week|month|year)\s+(?P<dir2>before|after|later|earlier)"
      r"|that\s+(?P<unit3>day|week|month|year)")
@_needs_reference
def _following(m, anchor, ref):
    unit = m.group("unit") or m.group("unit2") or m.group("unit3")
    direction = m.group("dir") or m.group("dir2") or "same"
    sign = {"following": 1, "next": 1, "subsequent": 1, "after": 1, "later": 1,
            "previous": -1, "preceding": -1, "before": -1, "earlier": -1, "same": 0}[direction]
    start, end = _period(_shift(ref.start, unit, sign), unit)
    return Resolution(start, end, unit, SOURCE_NARRATIVE)


# Vague but date-like: kept as unresolved mentions.
@rule(r".*\b(?:recent|recently|the early days|the past|the future|these days|nowadays|lately|soon|some time|sometime|once|"
      r"the time|that time|the moment|the years|those days|the day|the era|the period)\b.*")
def _vague(m, anchor, ref):
    return UNRESOLVED


_TEMPORAL = re.compile(
    r"\d|\b(?:" + "|".join(MONTHS) + "|" + "|".join(WEEKDAYS)
    + r"|day|days|week|weeks|weekend|month|months|year|years|decade|decades|century|centuries|spring|summer"
    + r"|autumn|fall|winter|today|tonight|tomorrow|yesterday|recent|recently|ago|now|night|morning|evening|afternoon"
    + r"|quarter of|era|period|time|times|nowadays|lately|future|past)\b")


# -- entry point ---------------------------------------------------------------------------
@lru_cache(maxsize=20_000)
def normalize(text: str, anchor: Optional[dt.date] = None, reference: Optional[Resolution] = None,
              fallback: bool = True) -> Optional[Resolution]:
    """The period a date expression names, or None when it is not a point in time
    (a duration such as "two weeks", a frequency such as "weekly").

    ``anchor`` is the publication date (None: relative expressions stay unresolved);
    ``reference`` the previous resolved date of the text, for "two years earlier";
    ``fallback=False`` uses the own rules only (no dateparser).
    """
    s = _clean(text)
    if not s:
        return None
    s = _QUALIFIER.sub("", s) if not re.match(r"^(?:over|some)\s+the\b", s) else s
    if not _TEMPORAL.search(s):
        return None  # an entity error ("the old quarter", a village name): not a date
    for pattern, handler in RULES:
        m = pattern.match(s)
        if m is not None:
            out = handler(m, anchor, reference)
            if out is NOT_A_DATE:
                return None
            return out
    return _fallback(s, anchor) if fallback else UNRESOLVED


_DP_PERIOD = {"day": "day", "week": "week", "month": "month", "year": "year", "time": "day"}


@lru_cache(maxsize=64)
def _parser(base: dt.datetime):
    """A dateparser parser anchored on ``base`` (building one is slow: cached per anchor)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "RETURN_TIME_AS_PERIOD": False})


def _fallback(s: str, anchor: Optional[dt.date]) -> Resolution:
    """dateparser, for what the rules do not cover. Without an anchor only texts naming a
    year are tried (anchored mid-year of that year), so nothing is computed from today."""
    year = re.search(r"\b\d{4}\b", s)
    # Only texts naming a month or a year: dateparser reads "40 tuesday" as a year and
    # "11th day" as a month; weekday and deictic texts are the rules' job.
    if year is None and not re.search(r"\b(?:" + "|".join(MONTHS) + r")\b", s):
        return UNRESOLVED
    if anchor is None and year is None:
        return UNRESOLVED
    base = dt.datetime.combine(anchor, dt.time(12)) if anchor else dt.datetime(int(year.group(0)), 7, 1, 12)
    try:
        data = _parser(base).get_date_data(s)
    except (ValueError, OverflowError, TypeError) as exc:
        LOGGER.debug("dateparser failed on %r: %s", s, exc)
        return UNRESOLVED
    if data.date_obj is None or not _valid_year(data.date_obj.year):
        return UNRESOLVED
    prec = _DP_PERIOD.get(data.period or "day", "day")
    start, end = _period(data.date_obj.date(), prec)
    return Resolution(start, end, prec, SOURCE_ABSOLUTE if year else SOURCE_RELATIVE)
