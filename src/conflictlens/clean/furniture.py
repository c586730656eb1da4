"""Remove page furniture from scraped plain text: comment forms, pingbacks, share bars,
donation appeals, category tag lines, "download as PDF" links.

Rules are about the *kind* of line (the vocabulary of comment widgets, appeals and share
bars), never about particular articles.  Body paragraphs are kept whole: a rule removes a
line only when the entire line matches, and the tail cut (comment section, appeal block)
only starts in the last half of the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A line that opens a comment section: everything from it to the end is comments.
COMMENT_SECTION = re.compile(
    r"^\s*(leave a (reply|comment)|add your comments? below|post a comment|\d+ (comments?|responses?|thoughts?)( on\b.*)?"
    r"|one (comment|response|thought) on\b.*|comments are closed\.?|join the discussion|show comments"
    r"|(\d+ )?pingbacks?( and trackbacks?)?|trackbacks?|related posts?:?)\s*$",
    re.I,
)

# Whole lines that are widget furniture wherever they occur.
FURNITURE_LINE = re.compile(
    r"^\s*(?:"
    r"you are commenting using your .{0,40}account\..*"
    r"|fill in your details below or click an icon to log in:?.*"
    r"|connecting to %s"
    r"|notify me of (new comments|new posts|follow-up comments).*"
    r"|(google\+?|twitter|facebook|wordpress\.com|linkedin) (photo|picture|account)"
    r"|your email address will not be published\.?.*"
    r"|required fields are marked.*"
    r"|(share|like|tweet|email|print) this:?"
    r"|(click|tap) to (share|email|print|tweet).*"
    r"|share (on|via) (facebook|twitter|whatsapp|email|linkedin|telegram)"
    r"|(download|read) (this|the) (chapter|article|report|paper|issue)( in| as)? (pdf|epub)\.?"
    r"|download (as |in )?pdf"
    r"|(subscribe|sign up) (to|for) (our|the) (newsletter|mailing list|updates).*"
    r"|loading\.{0,3}|advertisements?|sponsored( content)?"
    r"|(updated|published|posted|last updated) (on|at):? .{4,40}"
    r"|pingback: .*|trackback: .*"
    r"|log (in|out) to (reply|comment).*|reply\s*↓?"
    r"|the (views|opinions) (expressed )?in this (article|piece|post) are (those of )?the author.{0,120}"
    r")\s*$",
    re.I,
)

# Vocabulary of donation/support appeals and of a publisher speaking of itself.
APPEAL = re.compile(
    r"(support us|donat(e|ion)|as little as [£$€]\s?\d|become a (patron|member|supporter)|"
    r"please (support|subscribe|consider)|chip in|make a contribution|fund our|tip jar|humble request|"
    r"as you['’]re here)",
    re.I,
)
SELF_PUBLISHER = re.compile(
    r"\b(our (journalism|work|reporting|team|site|readers|website|newsroom|reporters|donors)|"
    r"we (publish|rely|need|depend|believe we|do it)|editorially|independent(ly)? (funded|regulated)|"
    r"every (contribution|donation)|(media|news) (outlet|site)s?\b.*\b(we|our|us)\b)",
    re.I,
)

# Section/category names that make up tag lines ("Politics World Top News").
CATEGORY_WORDS = {
    "news", "top", "world", "politics", "opinion", "analysis", "policy", "foreign", "government",
    "human", "rights", "military", "social", "engineering", "operations", "psychological",
    "economy", "business", "middle", "east", "africa", "europe", "asia", "americas", "us", "uk",
    "featured", "latest", "breaking", "home", "video", "videos", "culture", "science", "tech",
    "technology", "health", "sports", "security", "defense", "defence", "war", "conflict",
    "international", "national", "local", "blog", "blogs", "columns", "editorial", "editorials",
    "features", "commentary", "reports", "in", "depth", "and", "&", "media", "environment",
    "terrorism", "counterterrorism", "intelligence", "global", "region", "regions", "syria",
}
TAG_LINE_MIN_WORDS = 5
TAG_LINE_MIN_SHARE = 0.75  # share of words from CATEGORY_WORDS; titles score <= 0.3 on the seeds

# "Name Surname is a/the editor/analyst/..." author bio lines (an image alt may be glued before).
BIO_LINE = re.compile(
    r"^(?:\S*?)(?P<name>[A-Z][\w'’.-]+(?: (?:al|el|bin|de|van|von|[A-Z][\w'’.-]+)){1,3}) is (?:a|an|the) "
    r"(?:[\w-]+ ){0,6}?(editor|journalist|writer|analyst|columnist|correspondent|reporter|author|"
    r"researcher|fellow|professor|commentator|contributor|blogger|lecturer|director|founder)\b.{0,400}$"
)
NAME_LINE = re.compile(r"^[A-Z][\w'’.-]+(?: (?:al|el|bin|de|van|von|[A-Z][\w'’.-]+)){1,3}$")


@dataclass(frozen=True, slots=True)
class CleanResult:
    text: str
    removed_chars: int
    bio_author: str | None
    removed: tuple[str, ...]  # the removed lines, for inspection and tests


def _is_tag_line(line: str) -> bool:
    words = re.findall(r"[A-Za-z&]+", line)
    if len(words) < TAG_LINE_MIN_WORDS or re.search(r"[.,;:!?\"“”]", line):
        return False
    share = sum(w.lower() in CATEGORY_WORDS for w in words) / len(words)
    return share >= TAG_LINE_MIN_SHARE


def _appeal_score(par: str) -> int:
    return len(APPEAL.findall(par)) * 2 + len(SELF_PUBLISHER.findall(par))


def remove_furniture(text: str) -> CleanResult:
    lines = text.split("\n")
    n = len(lines)
    total = max(len(text), 1)
    removed: list[str] = []
    keep = [True] * n
    bio_author = None

    # 1. Tail cut at the first comment-section opener in the second half of the text.
    pos = 0
    for i, line in enumerate(lines):
        if pos > total * 0.5 and COMMENT_SECTION.match(line):
            for j in range(i, n):
                keep[j] = False
            break
        pos += len(line) + 1

    # 2. Donation/self-promotion appeal block at the end: find the first paragraph with an
    # explicit appeal in the last 40%, extend back over self-referential publisher paragraphs.
    pos_of = []
    pos = 0
    for line in lines:
        pos_of.append(pos)
        pos += len(line) + 1
    appeal_start = None
    for i, line in enumerate(lines):
        if keep[i] and pos_of[i] > total * 0.6 and APPEAL.search(line) and _appeal_score(line) >= 2:
            appeal_start = i
            break
    if appeal_start is not None:
        start = appeal_start
        j = appeal_start - 1
        while j >= 0 and pos_of[j] > total * 0.5:
            if not lines[j].strip():
                j -= 1
                continue
            if SELF_PUBLISHER.search(lines[j]) or re.search(r"\b(we|our|us)\b.*\b(we|our|us)\b", lines[j], re.I):
                start = j
                j -= 1
                continue
            break
        for k in range(start, n):
            keep[k] = False

    # 3. Line rules anywhere.
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        s = line.strip()
        if not s:
            continue
        if FURNITURE_LINE.match(s):
            keep[i] = False
        elif i < 5 and _is_tag_line(s):
            keep[i] = False
        else:
            m = BIO_LINE.match(s)
            if m and len(s) < 500:
                # An image alt glued before the name: "Abdel-Bari-AtwanAbdel Bari Atwan".
                name = re.sub(r"^\S*-\S*?[a-z](?=[A-Z][a-z])", "", m.group("name"))
                bio_author = bio_author or name
                keep[i] = False
                # A bare name line right before the bio is its heading.
                k = i - 1
                while k >= 0 and not lines[k].strip():
                    k -= 1
                if k >= 0 and NAME_LINE.match(lines[k].strip()) and name in lines[k]:
                    keep[k] = False

    out_lines = []
    for i, line in enumerate(lines):
        if keep[i]:
            out_lines.append(line)
        elif line.strip():
            removed.append(line.strip())
    out = "\n".join(out_lines)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return CleanResult(out, len(text) - len(out), bio_author, tuple(removed))
