"""Rendering a document: the .docx from its template, the PDF from the same context."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from jinja2 import TemplateError

from sanxiang.core.errors import Conflict

from .. import kinds
from . import docx, pdf

log = logging.getLogger(__name__)


class RenderFailed(Conflict):
    """The document could not be produced, so the step that needs it does not happen either."""

    code = "document_render_failed"


@dataclass(frozen=True)
class Rendered:
    docx: bytes
    pdf: bytes


def render(kind: kinds.Kind, context: dict, template: bytes) -> Rendered:
    try:
        return Rendered(docx.render(template, context), pdf.render(kind, context))
    except TemplateError as exc:
        raise RenderFailed(f"{kind.title}生成失败：模板有误（{exc}），请联系管理员更换模板") from exc
    except Exception as exc:
        log.exception("rendering %s failed", kind.code)
        raise RenderFailed(f"{kind.title}生成失败，操作未执行，请稍后重试或联系管理员") from exc
