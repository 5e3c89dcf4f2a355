"""Filling a .docx template (docxtpl, sandboxed Jinja) and checking an uploaded one."""

from __future__ import annotations

import io
import zipfile

from docxtpl import DocxTemplate, Listing
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from sanxiang.core.errors import InvalidInput

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a zip bomb is refused before it is opened


def environment() -> SandboxedEnvironment:
    """Templates come from bodies: the sandbox keeps them to plain values, autoescape to valid XML."""
    return SandboxedEnvironment(autoescape=True)


def check_package(data: bytes) -> None:
    """A real .docx: a zip of reasonable size holding word/document.xml."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise InvalidInput("模板文件过大（上限 5 MB）", fields={"file": ["模板文件过大（上限 5 MB）"]})
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
        unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError):
        names, unpacked = set(), 0
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        message = "文件不是有效的 Word 文档（.docx）。请在 Word 或 WPS 中“另存为 .docx”后重新上传"
        raise InvalidInput(message, fields={"file": [message]})
    if unpacked > MAX_UNPACKED_BYTES:
        raise InvalidInput("模板解压后过大，拒绝处理", fields={"file": ["模板解压后过大，拒绝处理"]})


def variables(data: bytes) -> set[str]:
    """Top-level names the template uses (loop variables such as `p` in `for p in parties` excluded)."""
    try:
        return DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(environment())
    except TemplateError as exc:
        message = f"模板语法错误：{exc}。请检查 {{{{ }}}}、{{% %}} 标记是否完整、成对"
        raise InvalidInput(message, fields={"file": [message]}) from None


def _prepare(value):
    """Multi-line text becomes separate paragraphs in the same style (docxtpl Listing, \\a)."""
    if isinstance(value, str):
        return Listing(value.replace("\n", "\a")) if "\n" in value else value
    if isinstance(value, list):
        return [_prepare(v) for v in value]
    if isinstance(value, dict):
        return {k: _prepare(v) for k, v in value.items()}
    return value


def render(template: bytes, context: dict) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(_prepare(context), environment())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
