"""Reading inputs: finding files, decoding them, HTML main text, JSON Lines dumps, and cutting long texts into chunks.

Every reader yields :class:`Document` chunks of at most ``chunk_chars`` characters;
``Document.offset`` is the chunk's offset in the whole document.

- :mod:`claimx.io.inputs`     the types: InputFile, TextInput, Document, SkippedDocument, errors
- :mod:`claimx.io.discovery`  paths and folders -> InputFile
- :mod:`claimx.io.reading`    one input -> documents (opening files safely, dispatch by kind)
- :mod:`claimx.io.decoding`   bytes -> text
- :mod:`claimx.io.chunks`     long text -> bounded chunks
- :mod:`claimx.io.jsonl`, :mod:`claimx.io.html`  the two structured formats
"""

from claimx.errors import UsageError
from claimx.io.chunks import split_point
from claimx.io.decoding import decode, detect_encoding
from claimx.io.discovery import discover, kind_of
from claimx.io.html import html_main_text
from claimx.io.inputs import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_ID_FIELD,
    DEFAULT_TEXT_FIELD,
    STDIN,
    SUPPORTED_SUFFIXES,
    Document,
    DumpPart,
    InputError,
    InputFile,
    SkippedDocument,
    TextInput,
    valid_unicode,
)
from claimx.io.reading import dump_parts, is_claimx_output, read_documents, read_text

__all__ = [
    "DEFAULT_CHUNK_CHARS",
    "DEFAULT_ID_FIELD",
    "DEFAULT_TEXT_FIELD",
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "Document",
    "DumpPart",
    "InputError",
    "InputFile",
    "SkippedDocument",
    "TextInput",
    "UsageError",
    "decode",
    "detect_encoding",
    "discover",
    "dump_parts",
    "html_main_text",
    "is_claimx_output",
    "kind_of",
    "read_documents",
    "read_text",
    "split_point",
    "valid_unicode",
]
