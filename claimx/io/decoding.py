"""Telling the encoding of input bytes (UTF-8 with or without BOM, UTF-16/32, cp1252, latin-1) and decoding them."""

from __future__ import annotations

import codecs

from claimx.io.inputs import InputError

SAMPLE_BYTES = 64 * 1024  # bytes read to tell a file's encoding
# Encodings a German news text plausibly comes in; a closed list keeps the detector from
# choosing exotic code pages (mac_iceland, cp1250) for short Latin-1 texts.
_CANDIDATE_ENCODINGS = ["utf_8", "utf_16", "utf_32", "cp1252", "iso8859_15", "latin_1"]


def detect_encoding(sample: bytes, *, complete: bool = False) -> str:
    """The encoding of a byte sample (UTF-8, UTF-8 with BOM, UTF-16/32, cp1252, latin-1).

    ``complete`` says the sample is the whole input (so it may not end in a cut character).
    Raises :class:`InputError` for binary data.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise InputError("binary file (contains NUL bytes)")
    if _is_utf8(sample, complete=complete):
        return "utf-8"
    from charset_normalizer import from_bytes  # imported only when a non-UTF-8 file turns up

    best = from_bytes(sample, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise InputError("not a text file (undecodable bytes in any supported encoding)")
    return best.encoding


def _is_utf8(sample: bytes, *, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes) -> str:
    """``data`` decoded with its detected encoding."""
    encoding = detect_encoding(data[:SAMPLE_BYTES * 4], complete=len(data) <= SAMPLE_BYTES * 4)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"undecodable bytes at byte {err.start} (read as {encoding})") from None
