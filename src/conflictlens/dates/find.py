"""Find date expressions in a parsed document: spaCy DATE entities plus own patterns.

The small English model misses or splits some news dates ("March 29, 2016" comes out as
"March 29" + "2016"; "late 2011" sometimes as "2011"; "on Monday" often not at all), so a
regular expression adds candidates and overlapping candidates are merged into one span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_UNIT = r"(?:days?|weeks?|months?|years?|decades?)"
_PART = r"(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[- ]|(?:[Tt]he )?(?:beginning|start|end|middle|first half|second half) of )"
_SEASON = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
_S = r"[ \u00a0]+"
# A bare year only after a preposition ("in 2015"): "2000 fighters" is a number.
_AFTER_PREP = r"(?:" + "|".join(f"(?<={p} )" for p in (
    "in", "In", "of", "since", "Since", "by", "By", "until", "from", "From", "during", "During",
    "before", "after", "After", "Before", "year", "and", "or", "to")) + r")"  # spaces, including the no-break space scraped pages use

# Months are matched case-sensitively (capitalised) so the verb "may" and "march on" are
# not dates; a bare month needs a preposition or modifier before it.
PATTERN = re.compile(
    r"(?<![\w-])(?:"
    + r"(?:" + _WD + r"," + _S + r")?" + _DAY + _S + r"(?:of" + _S + r")?" + _MONTH + r",?" + _S + _YEAR
    + r"|(?:" + _WD + r"," + _S + r")?" + _MONTH + _S + _DAY + r",?" + _S + _YEAR
    + r"|(?:(?:[Tt]he" + _S + r")?(?:first|second|third|fourth|last)" + _S + r"week" + _S + r"of" + _S + r")?"
    + _PART + r"?" + r"(?:(?:last|this|next)" + _S + r")?" + _MONTH + r"(?:" + _S + r"(?:and|to)" + _S + _MONTH + r")?,?" + _S + r"(?:of" + _S + r")?" + _YEAR
    + r"|" + _PART + _YEAR
    + r"|[0-3]?\d([/.-])[0-3]?\d\1" + _YEAR
    + r"|" + _YEAR + r"\s*[-\u2013]\s*" + _YEAR
    + r"|" + _AFTER_PREP + _YEAR
    + r"|(?:[Tt]he" + _S + r")?" + r"(?:(?:early|late)" + _S + r")?" + _SEASON + r"(?:" + _S + r"of)?" + _S + _YEAR
    + r"|(?:[Tt]he" + _S + r")?(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[- ])?(?:1[89]|20)\d0'?s"
    + r"|(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier" + _S + r"this|[Ll]ater" + _S + r"this)" + _S + r"(?:week|month|year|" + _WD + r"|" + _SEASON + r"|" + _MONTH + r")"
    + r"|(?<=[Oo]n" + r" )" + _WD + r"(?:" + _S + r"(?:morning|afternoon|evening|night))?"
    + r"|(?:(?<=[Ii]n )|(?<=[Bb]y )|(?<=[Ss]ince )|(?<=[Uu]ntil ))" + r"(?:(?:early|late|mid)[- ])?" + _MONTH + r"(?!" + _S + r"\d)"
    + r"|(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Ll]ast" + _S + r"night|[Tt]his" + _S + r"(?:morning|afternoon|evening))"
    + r"|" + _NUM + _S + _UNIT + _S + r"(?:ago|earlier|later|(?:before|after)(?=\s*[,.;)]|\s*$))"
    + r"|(?:[Tt]he" + _S + r")?(?:following|previous|next|same)" + _S + r"(?:day|week|month|year)"
    + r"|(?:[Tt]he" + _S + r")?(?:past|last)" + _S + _NUM + _S + _UNIT
    + r")(?![\w])"
)

# TIME entities kept (most TIME entities are clock times or durations: "24-hour").
_TIME_OK = re.compile(r"^(?:tonight|last night|this (?:morning|afternoon|evening)|(?:yesterday|tomorrow) (?:morning|afternoon|evening))$", re.I)


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    origin: str  # "ner", "pattern" or "ner+pattern"


def find_spans(sdoc) -> list[Candidate]:
    """Date expression spans of a spaCy ``Doc``, in text order, overlapping ones merged."""
    found: list[Candidate] = []
    text = sdoc.text  # Doc.text joins every token on each access: read it once
    for ent in sdoc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _TIME_OK.match(ent.text.strip())):
            found.append(_trim(text, Candidate(ent.start_char, ent.end_char, "ner")))
    for m in PATTERN.finditer(text):
        found.append(Candidate(m.start(), m.end(), "pattern"))
    return merge(found)


def _trim(text: str, c: Candidate) -> Candidate:
    """Cut an entity at its first line break: the small model sometimes runs a byline date
    into the next paragraph ("March 29, 2016\n\nOriginally")."""
    cut = text.find("\n", c.start, c.end)
    end = cut if cut > c.start else c.end
    while end > c.start and text[end - 1] in " \u00a0\t,.;:":
        end -= 1
    return Candidate(c.start, end, c.origin)


def find_spans_text(text: str) -> list[Candidate]:
    """Pattern-only spans (no spaCy), for texts analysed without a model."""
    return merge([Candidate(m.start(), m.end(), "pattern") for m in PATTERN.finditer(text)])


def merge(cands: list[Candidate]) -> list[Candidate]:
    """Union of overlapping spans (spaCy's "March 29" and "2016" inside the pattern's
    "March 29, 2016" become one span)."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start, -c.end)):
        if out and c.start < out[-1].end:
            last = out[-1]
            origin = last.origin if last.origin == c.origin else "ner+pattern"
            out[-1] = Candidate(last.start, max(last.end, c.end), origin)
        else:
            out.append(c)
    return out
