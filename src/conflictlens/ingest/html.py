"""HTML pages -> RawDocument via trafilatura (main text + metadata)."""
from __future__ import annotations

import logging

from ..errors import Errors, IngestError
from ..records import RawDocument

LOGGER = logging.getLogger(__name__)

# Deeply nested or huge pages make lxml slow; trafilatura handles the rest.
MAX_HTML_CHARS = 20_000_000


def read_html(html: str, path: str, encoding: str) -> RawDocument:
    import trafilatura

    if len(html) > MAX_HTML_CHARS:
        raise IngestError(Errors.E105.format(path=path, size_mb=len(html) / 1e6, limit_mb=MAX_HTML_CHARS // 1_000_000), path)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except (ValueError, RecursionError, TypeError) as exc:  # lxml on hostile markup
        raise IngestError(Errors.E111.format(path=path) + f" ({type(exc).__name__})", path) from exc
    if doc is None:
        raise IngestError(Errors.E111.format(path=path), path)
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if not text.strip():
        raise IngestError(Errors.E111.format(path=path), path)
    title = meta.get("title")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return RawDocument(
        path=path, text=text, source_format="html", encoding=encoding,
        title=title, author=meta.get("author"), outlet=meta.get("sitename"),
        published=meta.get("date"), url=meta.get("url"),
    )
