"""EVD-04/05: the allowlist, magic bytes, safe display names and download headers (no database)."""

import pytest

from sanxiang.evidence.choices import EvidenceKind
from sanxiang.evidence.content import TYPES, check_content, clean_name, content_disposition, file_type_for
from sanxiang.evidence.errors import UnsupportedType

from .conftest import docx, jpeg, mp3, mp4, pdf


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("../../secret.mp4", "secret.mp4"),
        ("..\\..\\windows\\x.jpg", "x.jpg"),
        ("a\r\nSet-Cookie: x.mp4", "aSet-Cookie_ x.mp4"),
        ("invoice\u202egpj.mp4", "invoicegpj.mp4"),
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        (".hidden.mp4", "hidden.mp4"),
        ('q"uote<>|?*.png', "q_uote_____.png"),
        ("", "未命名"),
        ("现场检查录像 2026-11-29.MP4", "现场检查录像 2026-11-29.MP4"),
    ],
)
def test_names_are_shown_without_paths_controls_or_reserved_signs(raw, shown):
    assert clean_name(raw) == shown


def test_a_300_character_name_is_cut_and_keeps_its_extension():
    name = clean_name("录" * 300 + ".mp4")
    assert len(name) <= 120 and name.endswith(".mp4")


def test_only_allowlisted_extensions_are_accepted_and_the_kind_must_match():
    assert file_type_for("a.MOV").kind == EvidenceKind.VIDEO
    assert file_type_for("a.amr").kind == EvidenceKind.AUDIO
    for name in ("a.php", "a.html", "a.exe", "a.svg", "noextension", "a.mp4.php"):
        with pytest.raises(UnsupportedType):
            file_type_for(name)
    with pytest.raises(UnsupportedType, match="不符"):
        file_type_for("a.mp3", EvidenceKind.VIDEO)


@pytest.mark.parametrize(
    "ext, data", [("mp4", mp4()), ("mp3", mp3()), ("jpg", jpeg()), ("pdf", pdf()), ("docx", docx())]
)
def test_genuine_files_pass_the_magic_byte_check(ext, data):
    check_content(TYPES[ext], data[:8192])


@pytest.mark.parametrize(
    "ext, data",
    [
        ("mp4", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("jpg", b"<?php system($_GET['c']); ?>"),
        ("mp4", jpeg()),  # a photo renamed .mp4
        ("pdf", b"plain text pretending to be a PDF"),
        ("jpg", jpeg()[:200] + b"<script>alert(1)</script>"),  # markup hidden behind real magic bytes
        ("mp3", b""),
    ],
)
def test_renamed_or_polyglot_content_is_refused(ext, data):
    with pytest.raises(UnsupportedType):
        check_content(TYPES[ext], data)


def test_downloads_name_the_file_per_rfc_6266_without_header_injection():
    header = content_disposition(clean_name("../现场\r\n录像.mp4"))
    assert (
        header
        == "attachment; filename=\"____.mp4\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E5%BD%95%E5%83%8F.mp4"
    )
    assert "\r" not in header and "\n" not in header
    assert content_disposition("a.jpg", inline=True).startswith("inline;")
