"""Image thumbnails: made once per content hash and kept in storage; they are not evidence."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

from ..content import TYPES
from ..models import Evidence
from . import integrity
from .hashing import sm3_of
from .storage import blob_store, thumb_key

BOX = (320, 320)
MAX_SOURCE_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding


def thumbnail(evidence: Evidence) -> bytes | None:
    """JPEG bytes of the thumbnail, or None when the file has none (not an image, too big, unreadable)."""
    ftype = TYPES.get(evidence.extension)
    if ftype is None or not ftype.thumbnail or evidence.size > MAX_SOURCE_BYTES or evidence.is_blocked:
        return None
    store = blob_store()
    key = thumb_key(evidence.sha256)
    if store.exists(key):
        return b"".join(store.iter_range(key))
    data = b"".join(store.iter_range(evidence.storage_key))
    actual = sm3_of([data])
    if actual != evidence.sm3:  # the original is read anyway: check it (EVD-01)
        integrity.block(evidence, actual_sm3=actual, detected_by="thumbnail")
        return None
    out = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            small = ImageOps.exif_transpose(image)
            small.thumbnail(BOX)
            small.convert("RGB").save(out, "JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    store.put_bytes(key, out.getvalue())
    return out.getvalue()
