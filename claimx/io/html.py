"""HTML pages: the main text (paragraphs joined by blank lines) and the page's metadata, through trafilatura.

trafilatura is the maintained state of the art in main-text extraction (it keeps the
article body and drops navigation, footers, cookie banners and link lists); it also
reads the page's title, date, site name, author and address from its meta tags.
"""

from __future__ import annotations

import re
from typing import Any

from claimx.io.decoding import decode
from claimx.io.inputs import InputError

MAX_HTML_BYTES = 64 * 1024 * 1024  # a page is read whole (lxml parses it at once): larger ones fail
META_FIELDS = ("title", "date", "sitename", "author", "url")  # the page metadata a document's records carry


def html_document(data: bytes) -> tuple[str, dict[str, Any] | None]:
    """The main text of an HTML page and its metadata (None when the page has none)."""
    if not data.strip():
        return "", None
    text = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an XML declaration
    import trafilatura  # a heavy import (lxml), only for HTML inputs

    try:
        extracted = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True, deduplicate=False
        )
    except Exception as err:  # lxml raises several types for pages it cannot parse
        raise InputError(f"unparsable HTML ({err})") from None
    if extracted is None:
        return "", None
    found = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    paragraphs = [line.strip() for line in (found.get("text") or "").split("\n") if line.strip()]
    meta = {key: str(found[key]) for key in META_FIELDS if found.get(key)}
    return "\n\n".join(paragraphs), meta or None


def html_main_text(data: bytes) -> str:
    """The main text of an HTML page: body paragraphs without navigation and boilerplate."""
    return html_document(data)[0]
