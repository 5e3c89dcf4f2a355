"""A compact CJK font for the PDFs, cut once from the system's Noto Serif CJK SC.

WeasyPrint subsets the font of every PDF it writes; the Noto CJK collection holds 65,535 glyphs
and that subsetting is most of a document's render time. A GB 2312 cut (7,600 characters) is
made with HarfBuzz the first time a PDF is rendered (about a second), cached under
SANXIANG_DATA_DIR/cache/fonts, and listed first in the PDF's font stack; characters outside it
fall back to the full system font. Without HarfBuzz-subset or the font, PDFs simply use the
system font (slower, same glyphs). Measured figures: docs/documents.md.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import threading
from functools import cache
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

FAMILY = "SanxiangSerif"
SYSTEM_FAMILY = "Noto Serif CJK SC"
_lock = threading.Lock()
_CDEF = """
hb_blob_t * hb_blob_create_from_file_or_fail (const char *file_name);
hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
hb_set_t * hb_subset_input_unicode_set (hb_subset_input_t *input);
"""


def _characters() -> list[int]:
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | set(range(0x2000, 0x2070))
    chars |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))  # CJK punctuation, full-width forms
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return sorted(chars)


def _system_font() -> tuple[str, int] | None:
    binary = shutil.which("fc-match")
    if binary is None:
        return None
    found = subprocess.run(  # noqa: S603 - fixed arguments
        [binary, "-f", "%{file}|%{index}", f"{SYSTEM_FAMILY}:style=Regular"], capture_output=True, text=True
    ).stdout
    path, _, index = found.partition("|")
    if not path or "CJK" not in path:
        return None
    return path, int(index or 0)


def _cut(path: str, index: int) -> bytes:
    """HarfBuzz subsetting through WeasyPrint's own binding (no extra dependency)."""
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

    if not getattr(ffi, "_sanxiang_cdef", False):
        ffi.cdef(_CDEF)
        ffi._sanxiang_cdef = True
    blob = ffi.gc(harfbuzz.hb_blob_create_from_file_or_fail(path.encode()), harfbuzz.hb_blob_destroy)
    face = ffi.gc(harfbuzz.hb_face_create(blob, index), harfbuzz.hb_face_destroy)
    request = ffi.gc(
        harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy
    )
    chars = _characters()
    wanted = ffi.new(f"hb_codepoint_t[{len(chars)}]", chars)
    harfbuzz.hb_set_add_sorted_array(harfbuzz_subset.hb_subset_input_unicode_set(request), wanted, len(chars))
    subset = ffi.gc(harfbuzz_subset.hb_subset_or_fail(face, request), harfbuzz.hb_face_destroy)
    if subset == ffi.NULL:
        raise RuntimeError("HarfBuzz could not subset the font")
    out = ffi.gc(harfbuzz.hb_face_reference_blob(subset), harfbuzz.hb_blob_destroy)
    return ffi.unpack(harfbuzz.hb_blob_get_data(out, ffi.NULL), harfbuzz.hb_blob_get_length(out))


@cache
def compact_font() -> Path | None:
    """The cached cut, made on first use; None when it cannot be made (PDFs use the system font)."""
    with _lock:
        try:
            source = _system_font()
            if source is None:
                return None
            stat = os.stat(source[0])
            key = hashlib.sha256(
                f"{source}|{stat.st_size}|{stat.st_mtime_ns}|gb2312-v1".encode()
            ).hexdigest()[:16]
            target = Path(settings.DATA_DIR) / "cache" / "fonts" / f"sanxiang-serif-{key}.otf"
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(f".{os.getpid()}.part")
                partial.write_bytes(_cut(*source))
                os.replace(partial, target)
            return target
        except Exception:
            log.warning("could not prepare the compact CJK font; PDFs use the system font", exc_info=True)
            return None


def font_stack() -> tuple[str, str]:
    """(@font-face rule, font-family list) for the PDF stylesheet."""
    fallback = f'"{SYSTEM_FAMILY}", "Source Han Serif SC", "SimSun", "Songti SC", serif'
    path = compact_font()
    if path is None:
        return "", fallback
    face = f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); }}'
    return face, f'"{FAMILY}", {fallback}'
