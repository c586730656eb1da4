"""Claims: per-document claim detection (stage "claims") and corpus-level clustering.

The per-document stage finds claim sentences (detect.py), links speakers and actors to
actor ids from the actors stage, and embeds the claim sentences once; the vectors go to
the store's ``embeddings`` table. The corpus stage "claims.cluster" clusters every stored
claim mention, writes a label per claim and each mention's stance toward it.
"""
from __future__ import annotations

import hashlib
import logging
import re

from ..records import ClaimMention
from ..registry import REGISTRY
from .detect import MIN_TOKENS, Detected, detect
from .frames import CLAIM_TYPE, Frame, RejectionList, find_frame, party_lookup

LOGGER = logging.getLogger(__name__)

# 4: stances from the cross-encoder (corpus stage). 5: retrained cross-encoder (3 epochs,
# length-bucketed batches) and the oppose cut chosen on held-out pairs (claims/calibrate.py).
# 6: "tell" is a reporting verb (speaker of "X told AFP that ..."). 7: "add"/"counter" report
# (with a clause or quote); a model-made oppose needs both readings low, not both sentences
# negated and cosine >= corpus.OPPOSE_MIN_COSINE; names never make a polarity conflict. 8: the stance model
# reads actor-normalised text (claims/canonical.py; stored text and embeddings unchanged). 9: the statement
# before "but" in "<statement>, but <question>?" is a claim (the question part asserts nothing). Corpus stages have no stored version of
# their own, so the per-document stage's version carries it: a change re-analyses and so
# re-clusters (`analyze` says which stage changed). 10: proposition frames (claims/frames.py: OUTCOME,
# TARGETING, EVALUATION) are a claim cue and stored per mention; mentions of one frame in >= 2
# documents are one claim, their stance from the frame's polarity. 11: a question raises its frame
# (open); a notion raised in an item of a list the author opened by a rejection is rejected; the
# EVALUATION frame also reads a choice an actor aims to leave others between itself and another.
VERSION = "11"
# Claim sentences are embedded from their first EMBED_WORDS words in batches of EMBED_BATCH:
# MiniLM's cost grows with length and the proposition is stated early; on the five seeds
# this cut embedding time ~15% (python -m conflictlens.claims.bench: ratio claims/rest).
EMBED_WORDS = 48
EMBED_BATCH = 8


def embed_text(text: str) -> str:
    return " ".join(text.split()[:EMBED_WORDS])


# Scraped text often has a headline, byline and first paragraph in one spaCy "sentence"
# (no full stop between them); a blank line splits them into pieces, and the piece with
# the most claim cues (the first, on ties) stands for the sentence. One piece per sentence
# keeps one cached vector per (doc_id, sentence_idx).
_BLANK_LINE = re.compile(r"\n\s*\n")


# "X, but didn't they claim Y?": a question coordinated after a statement leaves the statement
# asserted; the claim is the statement, with its own offsets. Words that open a question
# clause after "but" (an inverted auxiliary or a wh-word). FA-KES has no such sentence; in
# the reference articles one (001: "Russia was criticized ... for targeting mostly the
# 'Moderate opposition' forces, and ignoring ISIS ..., but didn't they claim ...?").
_QUESTION_OPENERS = frozenset(
    "did didn't do don't does doesn't is isn't are aren't was wasn't were weren't can can't could couldn't "
    "will won't would wouldn't should shouldn't has hasn't have haven't why how what who where when".split())


def _statement_before_question(sent):
    """The statement before "but" in "<statement>, but <question>?", else None (also when the
    part before "but" is itself a question: "Is X a lesser evil, but who ...?")."""
    if not sent.text.rstrip().endswith("?") or sent[0].lower_.replace("’", "'") in _QUESTION_OPENERS:
        return None
    toks = list(sent)
    for j in range(len(toks) - 2, 0, -1):
        if toks[j].lower_ == "but" and toks[j + 1].lower_.replace("’", "'") in _QUESTION_OPENERS:
            k = j
            while k > 0 and (toks[k - 1].is_punct or toks[k - 1].is_space):
                k -= 1
            return sent.doc[sent.start:sent.start + k] if k > 0 else None
    return None


def _best_piece(sdoc, sent, text: str):
    head = _statement_before_question(sent)
    if head is not None:
        return head, detect(head)
    if not _BLANK_LINE.search(sent.text):
        return sent, detect(sent)
    best = (sent, None)
    pos = sent.start_char
    for part in _BLANK_LINE.split(sent.text):
        a = text.index(part, pos) if part else pos
        pos = a + len(part)
        if not part.strip():
            continue
        span = sdoc.char_span(a, a + len(part), alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        d = detect(span)
        if d is not None and (best[1] is None or d.cues > best[1].cues):
            best = (span, d)
    return best


def _actor_ids(result, start: int, end: int) -> tuple[str, ...]:
    out: list[str] = []
    for m in result.actor_mentions:
        if m.actor_id and m.start >= start and m.end <= end and m.actor_id not in out:
            out.append(m.actor_id)
    return tuple(out)


@REGISTRY.stage("claims", version=VERSION, order=50, provides="claim_mentions")
def make_stage(settings):
    """run(sdoc, result) -> list[ClaimMention]; also fills result.embeddings (at once, or for a
    whole batch of documents in run.finish_batch: nlp.embeddings.BatchEmbedder)."""
    from ..nlp.embeddings import BatchEmbedder, embed

    embed(["warm-up"])  # load the ONNX session here, once, not inside the first document
    embedder = BatchEmbedder(EMBED_BATCH)

    def actor_of(actor_id: str):
        from ..actors.kb import load_kb

        return load_kb(settings).get(actor_id)

    def run(sdoc, result):
        doc_id = result.document.doc_id
        found = []
        doc_text = result.document.text  # == sdoc.text, which spaCy rebuilds on each access
        party_at = party_lookup(result.actor_mentions, actor_of)
        listed = RejectionList()
        for idx, whole in enumerate(sdoc.sents):
            rejected = listed.item(whole)
            sent, d = _best_piece(sdoc, whole, doc_text)
            # A proposition frame (claims/frames.py) is itself a claim cue: "they concentrated
            # their efforts mostly on ..." has none of detect's cues. A question only raises its
            # frame ("Is the regime of Assad a lesser evil?"): polarity "open", stance neutral.
            frame = find_frame(sent, party_at, rejected)
            if frame is not None and sent.text.rstrip().endswith("?"):
                frame = Frame(frame.name, frame.args, "open")
            if d is None and frame is not None and sum(not t.is_punct and not t.is_space for t in sent) >= MIN_TOKENS:
                d = Detected(CLAIM_TYPE[frame.name], "author", -1, -1, 1)
            if d is None:
                continue
            start, end = sent.start_char, sent.end_char
            text = doc_text[start:end]
            # Trim trailing whitespace so offsets cover exactly the sentence text.
            stripped = text.rstrip()
            end -= len(text) - len(stripped)
            lead = len(stripped) - len(stripped.lstrip())
            start += lead
            text = stripped.lstrip()
            speaker_actor = None
            if d.speaker != "author":
                ids = _actor_ids(result, d.speaker_start, d.speaker_end)
                speaker_actor = ids[0] if ids else None
            mid = hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]
            found.append((idx, ClaimMention(
                mention_id=mid, doc_id=doc_id, sentence_idx=idx, start=start, end=end, text=text,
                claim_type=d.claim_type, speaker=d.speaker, speaker_actor_id=speaker_actor,
                actor_ids=_actor_ids(result, start, end), confidence=min(0.9, 0.3 + 0.15 * d.cues),
                frame=frame.encode() if frame is not None else None)))
        embedder.add(result, [(idx, embed_text(m.text)) for idx, m in found])
        return [m for _, m in found]

    return embedder.attach(run)


@REGISTRY.corpus_stage("claims.cluster", version=VERSION, order=50)
def cluster_stage(store, settings) -> None:
    from .corpus import cluster_claims

    cluster_claims(store, settings)
