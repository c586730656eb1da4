"""Clean: RawDocument -> Document (page furniture removed, metadata, language, stable id)."""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata

from ..errors import Errors, IngestError, Warnings
from ..records import Document, RawDocument
from .furniture import remove_furniture
from .language import detect_language
from .metadata import extract_metadata, parse_date

LOGGER = logging.getLogger(__name__)

__all__ = ["clean_document", "doc_id_for"]


def doc_id_for(text: str, locator: str = "") -> str:
    """Stable document id: first 16 hex digits of the SHA-256 of the clean text.

    Records of multi-record files (CSV rows, JSON lines) also hash their locator (file
    name and row, not the folder), so two rows with the same text stay two documents,
    while re-reading the same file gives the same ids.
    """
    key = f"{locator}\x1f{text}" if locator else text
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _locator(path: str) -> str:
    if "#" not in path:
        return ""
    file, _, where = path.rpartition("#")
    return f"{file.replace(chr(92), '/').rsplit('/', 1)[-1]}#{where}"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\ufeff", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip()


def clean_document(raw: RawDocument, max_chars: int | None = None) -> Document:
    """Normalise text, take metadata from fields and text, remove furniture, detect language."""
    text = _normalise(raw.text)
    if not re.search(r"[^\W\d_]", text):
        raise IngestError(Errors.E112.format(path=raw.path, reason="no letters"), raw.path)
    meta = extract_metadata(text)
    cleaned = remove_furniture(text) if raw.source_format != "html" else None
    body = cleaned.text if cleaned else text
    if not body.strip():
        raise IngestError(Errors.E102.format(path=raw.path), raw.path)
    flags = []
    if max_chars and len(body) > max_chars:
        body = body[:max_chars]
        flags.append("truncated")
    language = detect_language(body)
    if language != "en":
        flags.append("non_english")
        LOGGER.warning(Warnings.W101.format(path=raw.path, lang=language))
    author = raw.author or meta.author or (cleaned.bio_author if cleaned else None)
    published = parse_date(raw.published) if raw.published else None
    return Document(
        doc_id=doc_id_for(body, _locator(raw.path)),
        path=raw.path,
        text=body,
        title=raw.title or extract_metadata(body).title or meta.title,
        author=author,
        outlet=raw.outlet or meta.outlet,
        published=published or meta.published,
        updated=meta.updated,
        url=raw.url,
        language=language,
        source_format=raw.source_format,
        encoding=raw.encoding,
        removed_chars=cleaned.removed_chars if cleaned else 0,
        flags=tuple(flags),
        extra=raw.extra,
    )
