"""The content of each item kind: one Django form per kind validates UI and API input alike.

A version stores the form's cleaned data as JSON. `SPECS` tells every surface which form a kind
uses, which field names the item, and the labels of its fields (for pages, diffs and exports).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from django import forms

from .choices import EnforcementKind, ItemKind, NodeKind, RandomCategory

TEXT = {"widget": forms.Textarea}


class BodyInfoForm(forms.Form):
    subject = forms.CharField(label="执法主体名称及性质", max_length=300)
    legal_basis = forms.CharField(label="设立及执法依据", **TEXT)
    duties = forms.CharField(label="职责权限", **TEXT)
    remedies = forms.CharField(label="救济渠道", **TEXT)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    phone = forms.CharField(label="咨询电话", max_length=30, required=False)


class EnforcementItemForm(forms.Form):
    name = forms.CharField(label="事项名称", max_length=200)
    code = forms.CharField(label="事项编码", max_length=60, required=False)
    kind = forms.ChoiceField(label="事项类别", choices=EnforcementKind.choices)
    basis = forms.CharField(label="实施依据", **TEXT)
    subject = forms.CharField(label="实施主体", max_length=200)
    procedure = forms.CharField(label="办理程序", **TEXT)
    time_limit = forms.CharField(label="办理时限", max_length=200)
    remedy = forms.CharField(label="救济渠道", **TEXT)


class RandomItemForm(forms.Form):
    name = forms.CharField(label="抽查事项", max_length=200)
    category = forms.ChoiceField(label="事项类别（RAND-04）", choices=RandomCategory.choices)
    basis = forms.CharField(label="抽查依据", **TEXT)
    subject = forms.CharField(label="抽查主体", max_length=200)
    objects = forms.CharField(label="抽查对象", max_length=300)
    content = forms.CharField(label="抽查内容", **TEXT)
    method = forms.CharField(label="抽查方式", max_length=200)


class ServiceGuideForm(forms.Form):
    name = forms.CharField(label="事项名称", max_length=200)
    basis = forms.CharField(label="设定依据", **TEXT)
    accepting_body = forms.CharField(label="受理机构", max_length=200)
    approving_body = forms.CharField(label="决定机构", max_length=200)
    conditions = forms.CharField(label="办理条件", **TEXT)
    materials = forms.CharField(label="申请材料", **TEXT)
    time_limit = forms.CharField(label="办理时限", max_length=200)
    fees = forms.CharField(label="收费标准", max_length=200)
    consult = forms.CharField(label="咨询方式", max_length=200)
    complaint = forms.CharField(label="监督投诉方式", max_length=200)


NODE_LINE = re.compile(r"^\s*([A-Za-z0-9_-]{1,20})\s*[|｜]\s*([^|｜]{1,40}?)\s*(?:[|｜]\s*([a-z]+)\s*)?$")
EDGE_LINE = re.compile(
    r"^\s*([A-Za-z0-9_-]{1,20})\s*[|｜]\s*([A-Za-z0-9_-]{1,20})\s*(?:[|｜]\s*([^|｜]{0,20}?)\s*)?$"
)
MAX_NODES = 40


class FlowchartForm(forms.Form):
    """Steps as text, one per line, so that staff can type them: `编号|名称|类型` and `起点|终点|条件`."""

    name = forms.CharField(label="流程名称", max_length=200)
    nodes = forms.CharField(
        label="步骤",
        widget=forms.Textarea,
        help_text="每行一个：编号|名称|类型（start 开始、step 步骤、decision 判断、end 结束；类型可省略），如：1|受理|start",
    )
    edges = forms.CharField(
        label="连线",
        widget=forms.Textarea,
        help_text="每行一条：起点编号|终点编号|条件（可省略），如：2|3|符合条件；判断步骤可引出多条分支",
    )
    note = forms.CharField(label="说明", required=False, **TEXT)

    def clean_nodes(self) -> list[dict]:
        nodes, errors = [], []
        for number, line in enumerate(self.cleaned_data["nodes"].splitlines(), 1):
            if not line.strip():
                continue
            match = NODE_LINE.match(line)
            if not match:
                errors.append(f"第 {number} 行格式应为“编号|名称|类型”")
                continue
            key, label, kind = match.groups()
            if kind and kind not in NodeKind.values:
                errors.append(f"第 {number} 行的类型“{kind}”无效，应为 start、step、decision 或 end")
                continue
            if any(n["id"] == key for n in nodes):
                errors.append(f"第 {number} 行的编号“{key}”重复")
                continue
            nodes.append({"id": key, "label": label, "kind": kind or NodeKind.STEP})
        if errors:
            raise forms.ValidationError(errors)
        if not nodes:
            raise forms.ValidationError("至少填写一个步骤")
        if len(nodes) > MAX_NODES:
            raise forms.ValidationError(f"步骤不得超过 {MAX_NODES} 个")
        return nodes

    def clean(self) -> dict:
        data = super().clean()
        nodes = data.get("nodes")
        text = data.get("edges")
        if not isinstance(nodes, list) or text is None:
            return data
        known = {n["id"] for n in nodes}
        edges, errors = [], []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            match = EDGE_LINE.match(line)
            if not match:
                errors.append(f"第 {number} 行格式应为“起点编号|终点编号|条件”")
                continue
            source, target, label = match.groups()
            missing = [k for k in (source, target) if k not in known]
            if missing:
                errors.append(f"第 {number} 行引用了不存在的步骤编号“{'、'.join(missing)}”")
                continue
            if source == target:
                errors.append(f"第 {number} 行的起点和终点相同")
                continue
            edges.append({"from": source, "to": target, "label": label or ""})
        if errors:
            self.add_error("edges", errors)
            return data
        kinds = {n["id"]: n["kind"] for n in nodes}
        for node in nodes:
            out = [e for e in edges if e["from"] == node["id"]]
            if node["kind"] == NodeKind.DECISION and len(out) < 2:
                self.add_error("edges", f"判断步骤“{node['label']}”应至少有两条分支")
            if node["kind"] == NodeKind.END and out:
                self.add_error("edges", f"结束步骤“{node['label']}”不能再引出连线")
        if not any(k == NodeKind.START for k in kinds.values()) and len(nodes) > 1:
            targets = {e["to"] for e in edges}
            if all(n["id"] in targets for n in nodes):
                self.add_error("edges", "流程没有起点：请将第一个步骤的类型设为 start")
        data["edges"] = edges
        return data


def flowchart_text(content: dict) -> dict:
    """A stored flowchart as the form's text fields (to edit it again)."""
    nodes = "\n".join(f"{n['id']}|{n['label']}|{n['kind']}" for n in content.get("nodes", []))
    edges = "\n".join(
        f"{e['from']}|{e['to']}|{e['label']}" if e.get("label") else f"{e['from']}|{e['to']}"
        for e in content.get("edges", [])
    )
    return {**content, "nodes": nodes, "edges": edges}


@dataclass(frozen=True)
class Spec:
    kind: str
    form: type[forms.Form]
    title_field: str
    approve_right: str  # orgs.permissions action needed to approve (DISC-12 / RAND-04)

    @property
    def labels(self) -> dict[str, str]:
        return {name: str(field.label) for name, field in self.form.base_fields.items()}

    def title(self, content: dict) -> str:
        return str(content.get(self.title_field, ""))[:200]

    def initial(self, content: dict) -> dict:
        return flowchart_text(content) if self.kind == ItemKind.FLOWCHART else dict(content)

    def display(self, content: dict) -> list[tuple[str, str, str]]:
        """(field, label, text) rows for pages and exports; choice codes shown by their labels."""
        rows = []
        for name, field in self.form.base_fields.items():
            value = content.get(name, "")
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            elif name in ("nodes", "edges"):
                value = flowchart_text(content)[name]
            rows.append((name, str(field.label), str(value)))
        return rows


def _specs() -> dict[str, Spec]:
    from sanxiang.orgs import permissions as perm

    approve = perm.DISCLOSURE_APPROVE
    return {
        ItemKind.BODY_INFO: Spec(ItemKind.BODY_INFO, BodyInfoForm, "subject", approve),
        ItemKind.ENFORCEMENT_ITEM: Spec(ItemKind.ENFORCEMENT_ITEM, EnforcementItemForm, "name", approve),
        ItemKind.RANDOM_ITEM: Spec(ItemKind.RANDOM_ITEM, RandomItemForm, "name", perm.RANDOM_LIST_APPROVE),
        ItemKind.SERVICE_GUIDE: Spec(ItemKind.SERVICE_GUIDE, ServiceGuideForm, "name", approve),
        ItemKind.FLOWCHART: Spec(ItemKind.FLOWCHART, FlowchartForm, "name", approve),
    }


SPECS: dict[str, Spec] = _specs()


def spec(kind: str) -> Spec:
    return SPECS[kind]


def content_hash(content: dict) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def plain_text(content: dict) -> str:
    """All text of a version, for DISC-12's search for a changed law's name."""
    parts: list[str] = []
    for value in content.values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(str(v.get("label", "")) for v in value if isinstance(v, dict))
    return "\n".join(parts)
