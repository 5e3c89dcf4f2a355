"""Sample content and helpers for tests and the demo: valid input for each item kind."""

from __future__ import annotations

from .choices import ItemKind

SAMPLES: dict[str, dict] = {
    ItemKind.BODY_INFO: {
        "subject": "河津市市场监督管理局（行政机关）",
        "legal_basis": "《中华人民共和国行政处罚法》《中华人民共和国食品安全法》",
        "duties": "负责市场综合监督管理，查处食品安全、产品质量等违法行为。",
        "remedies": "对行政行为不服的，可在六十日内申请行政复议，或在六个月内提起行政诉讼。",
        "address": "河津市城区街道龙门大道118号",
        "phone": "0359-5022315",
    },
    ItemKind.ENFORCEMENT_ITEM: {
        "name": "对销售超过保质期食品的行政处罚",
        "code": "SCJ-CF-001",
        "kind": "penalty",
        "basis": "《中华人民共和国食品安全法》第一百二十四条",
        "subject": "河津市市场监督管理局",
        "procedure": "立案、调查取证、法制审核、告知、决定、送达、执行",
        "time_limit": "自立案之日起九十日内作出决定",
        "remedy": "行政复议（六十日）或行政诉讼（六个月）",
    },
    ItemKind.RANDOM_ITEM: {
        "name": "食品经营者经营条件检查",
        "category": "general",
        "basis": "《中华人民共和国食品安全法》第一百一十条",
        "subject": "河津市市场监督管理局",
        "objects": "辖区内食品经营者",
        "content": "经营场所卫生状况、食品贮存条件、从业人员健康证明",
        "method": "现场检查",
    },
    ItemKind.SERVICE_GUIDE: {
        "name": "食品经营许可",
        "basis": "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
        "accepting_body": "河津市政务服务中心市场监管窗口",
        "approving_body": "河津市市场监督管理局",
        "conditions": "具有与经营的食品品种、数量相适应的经营场所和设备",
        "materials": "食品经营许可申请书；营业执照复印件；食品安全管理制度",
        "time_limit": "10 个工作日",
        "fees": "不收费",
        "consult": "政务服务中心市场监管窗口，0359-5022315",
        "complaint": "12315；河津市司法局行政执法监督科",
    },
    ItemKind.FLOWCHART: {
        "name": "行政处罚一般程序流程图",
        "nodes": "1|立案|start\n2|调查取证\n3|是否违法|decision\n4|法制审核\n5|不予处罚|end\n6|作出处罚决定|end",
        "edges": "1|2\n2|3\n3|4|违法\n3|5|不违法\n4|6\n4|2|补充调查",
        "note": "重大执法决定须经法制审核。",
    },
}


def sample(kind: str, **changes) -> dict:
    return {**SAMPLES[kind], **changes}
