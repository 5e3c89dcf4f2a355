"""What may be uploaded and how names are shown: the allowlist per kind, magic bytes, safe names.

EVD-04: an extension is accepted only from the allowlist, and the first bytes must be that type
(checked with `filetype`); markup or script at the start of a file is refused, so an HTML or PHP
file renamed .mp4/.jpg never gets in. EVD-05: the storage key never derives from the name; the
name is only shown, after removing path parts, control and bidi-override characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

import filetype

from .choices import EvidenceKind
from .errors import UnsupportedType

SNIFF_BYTES = 8192
MAX_NAME_CHARS = 120
_MARKUP = (b"<?php", b"<script", b"<html", b"<!doctype", b"<svg", b"<iframe", b"<body")
_RESERVED = re.compile(r'[<>:"|?*;\\/]')


@dataclass(frozen=True)
class FileType:
    extension: str
    kind: str
    mime: str  # what we store and serve
    detected: frozenset[str]  # what `filetype` may report for a genuine file of this extension
    playable: bool = False  # a browser plays it in <video>/<audio>
    thumbnail: bool = False  # Pillow makes a thumbnail of it


def _t(ext, kind, mime, detected, **flags) -> tuple[str, FileType]:
    return ext, FileType(ext, kind, mime, frozenset(detected), **flags)


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# HEIC is accepted (phones and handheld terminals produce it) but gets no thumbnail: Pillow cannot read it.
TYPES: dict[str, FileType] = dict(
    [
        _t("jpg", EvidenceKind.PHOTO, "image/jpeg", {"image/jpeg"}, thumbnail=True),
        _t("jpeg", EvidenceKind.PHOTO, "image/jpeg", {"image/jpeg"}, thumbnail=True),
        _t("png", EvidenceKind.PHOTO, "image/png", {"image/png"}, thumbnail=True),
        _t("heic", EvidenceKind.PHOTO, "image/heic", {"image/heic", "image/heif"}),
        _t("mp4", EvidenceKind.VIDEO, "video/mp4", {"video/mp4"}, playable=True),
        _t("mov", EvidenceKind.VIDEO, "video/quicktime", {"video/quicktime", "video/mp4"}, playable=True),
        _t("avi", EvidenceKind.VIDEO, "video/x-msvideo", {"video/x-msvideo"}),
        _t("mp3", EvidenceKind.AUDIO, "audio/mpeg", {"audio/mpeg"}, playable=True),
        _t("m4a", EvidenceKind.AUDIO, "audio/mp4", {"audio/mp4", "video/mp4"}, playable=True),
        _t("wav", EvidenceKind.AUDIO, "audio/wav", {"audio/x-wav", "audio/wav"}, playable=True),
        _t("amr", EvidenceKind.AUDIO, "audio/amr", {"audio/amr"}),
        _t("pdf", EvidenceKind.DOCUMENT, "application/pdf", {"application/pdf"}),
        _t("docx", EvidenceKind.DOCUMENT, _DOCX, {_DOCX}),
    ]
)


def allowed_extensions(kind: str | None = None) -> list[str]:
    return sorted(ext for ext, t in TYPES.items() if kind is None or t.kind == kind)


def clean_name(raw: str) -> str:
    """A display name without path parts, control/format characters (CR, LF, RLO...) or reserved signs."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _RESERVED.sub("_", name).strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext[:10]
    stem = stem.strip()[: MAX_NAME_CHARS - len(ext) - 1].strip() or "未命名"
    return f"{stem}.{ext}" if ext else stem


def file_type_for(name: str, kind: str | None = None) -> FileType:
    """The allowlisted type of a (cleaned) name, or a Chinese refusal naming what is allowed."""
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    found = TYPES.get(ext)
    if found is None:
        raise UnsupportedType(
            f"不支持的文件类型“.{ext}”；允许：{'、'.join(allowed_extensions())}",
            fields={"filename": ["文件扩展名不在允许范围内"]},
        )
    if kind and kind != found.kind:
        raise UnsupportedType(
            f"文件扩展名“.{ext}”与所选类型“{EvidenceKind(kind).label}”不符",
            fields={"kind": ["类型与扩展名不符"]},
        )
    return found


def check_content(ftype: FileType, head: bytes) -> None:
    """EVD-04: the first bytes must be the declared type, and no markup may hide in them."""
    lowered = head[:SNIFF_BYTES].lower()
    if any(marker in lowered for marker in _MARKUP):
        raise UnsupportedType("文件内容含有网页或脚本代码，已拒绝", code="content_mismatch")
    guess = filetype.guess(head[:SNIFF_BYTES]) if head else None
    if guess is None or guess.mime not in ftype.detected:
        raise UnsupportedType(
            f"文件内容与扩展名“.{ftype.extension}”不符（可能是改名的其他类型文件），已拒绝",
            code="content_mismatch",
        )


def content_disposition(name: str, *, inline: bool = False) -> str:
    """RFC 6266/5987: an ASCII fallback plus `filename*=UTF-8''…`; the name is already cleaned."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "evidence"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
