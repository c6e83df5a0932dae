"""HTML pages: the main text (body paragraphs joined by blank lines), without navigation and boilerplate."""

from __future__ import annotations

import re

from claimx.io.decoding import decode
from claimx.io.inputs import InputError

MAX_HTML_BYTES = 64 * 1024 * 1024  # a page is read whole (lxml parses it at once): larger ones fail
# jusText's default paragraph lengths are tuned for long English pages; these keep short news paragraphs
_LENGTH_LOW, _LENGTH_HIGH = 30, 100


def html_main_text(data: bytes) -> str:
    """The main text of an HTML page: body paragraphs without navigation and boilerplate.

    Uses jusText (a paragraph classifier with a German stop-word list).
    """
    if not data.strip():
        return ""
    text = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an XML declaration
    import justext  # a heavy import (lxml), only for HTML inputs

    try:
        paragraphs = justext.justext(
            text, justext.get_stoplist("German"), length_low=_LENGTH_LOW, length_high=_LENGTH_HIGH
        )
    except Exception as err:  # lxml raises several types for pages it cannot parse
        raise InputError(f"unparsable HTML ({err})") from None
    body = [p.text for p in paragraphs if not p.is_boilerplate and not p.is_heading]
    if not body:  # a page of only short paragraphs: keep all that are not link lists
        body = [p.text for p in paragraphs if p.cf_class != "bad" and not p.is_heading]
    return "\n\n".join(body)
