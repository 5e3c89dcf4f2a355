"""Every kind renders a .docx that Word can open and a PDF whose Chinese text is real text.

One test drives five cases through every step that issues a document (about 18 real renders, a
few seconds); the other test modules use the fast PDF stub.
"""

import datetime
import re

import pytest

from sanxiang.cases import services as cases
from sanxiang.documents import kinds, services
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.review.services import record_collective_discussion
from sanxiang.testing import factories as f
from sanxiang.testing import flow

from .support import current, docx_text, full_hearing_case, iso, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def _every_kind(cast, new_case, monkeypatch, today) -> dict:
    docs = {}
    hearing = full_hearing_case(cast, new_case, monkeypatch)
    for code in (
        K.FILING_APPROVAL, K.PRESERVATION_NOTICE, K.MEASURE_DECISION, K.INSPECTION_RECORD, K.INTERVIEW_RECORD,
        K.PENALTY_NOTICE, K.HEARING_NOTICE, K.HEARING_RECORD, K.PENALTY_DECISION, K.SERVICE_RECEIPT,
        K.CLOSING_APPROVAL,
    ):  # fmt: skip
        docs[code] = current(hearing, code)

    company = new_case(parties=[f.company_party()])
    flow.to_notice(cast, company, today, proposal="no_penalty", penalty_kinds=[], fine_amount="")
    cases.run_transition(cast.officer_a, company.pk, "waive_statement", {})
    flow.decide(
        cast, company, today, decision_kind="no_penalty", penalty_kinds=[], fine_amount="", performance="",
        penalty_basis="《中华人民共和国行政处罚法》第三十三条第一款：初次违法且危害后果轻微并及时改正",
    )  # fmt: skip
    docs[K.NO_PENALTY_DECISION] = current(company, K.NO_PENALTY_DECISION)

    declined = new_case()
    cases.run_transition(cast.head_a, declined.pk, "decline_filing", {"reason": "违法事实不能成立"})
    docs[K.NO_FILING_APPROVAL] = current(declined, K.NO_FILING_APPROVAL)

    moved = new_case()
    cases.run_transition(cast.head_a, moved.pk, "file_case", {})
    cases.run_transition(
        cast.chief_a, moved.pk, "transfer", {"transferred_to": "河津市公安局", "reason": "涉嫌销售伪劣产品罪"}
    )
    docs[K.TRANSFER_LETTER] = current(moved, K.TRANSFER_LETTER)

    spot = new_case(simplified=True)
    on_spot = {
        "form_number": "No.0012345",
        "evidence": "现场照片",
        "penalty_basis": "《中华人民共和国道路运输条例》第七十条",
        "credential_shown": True,
        "penalty_kinds": ["fine"],
        "fine_amount": "50",
        "paid_on_the_spot": True,
        "date": iso(today),
    }
    cases.run_transition(cast.officer_a, spot.pk, "decide_on_the_spot", on_spot)
    docs[K.ON_SPOT_DECISION] = current(spot, K.ON_SPOT_DECISION)

    discussed = new_case()
    flow.to_notice(cast, discussed, today)
    record_collective_discussion(cast.chief_a, discussed.pk, {**MINUTES, "held_on": today})
    docs[K.COLLECTIVE_DISCUSSION] = current(discussed, K.COLLECTIVE_DISCUSSION)
    return docs


MINUTES = {
    "presided_by": "王局长",
    "participants": "王局长，局长\n李副局长，副局长\n赵科长，法规科科长",
    "opinions": "王局长：同意处罚\n李副局长：同意\n赵科长：同意，建议加强说理",
    "conclusion": "decide",
    "conclusion_text": "同意按承办机构意见作出处罚决定",
}


# What each kind must show besides its title, the party and its 文号 or case number.
EXPECTED = {
    K.FILING_APPROVAL: ["销售过期食品", "简要案情", "同意立案", "张明"],
    K.NO_FILING_APPROVAL: ["违法事实不能成立", "线索登记号"],
    K.INSPECTION_RECORD: ["超过保质期的饼干12袋", "龙门大道1号某某超市", "执法证号", "以上笔录已经本人核对"],
    K.INTERVIEW_RECORD: ["问：这些饼干是谁进的货？", "答：是我进的货。", "043300", "与本案关系"],
    K.PRESERVATION_NOTICE: ["账簿3本", "第五十六条", "七个工作日"],
    K.MEASURE_DECISION: ["过期食品12袋", "扣押财物", "（30日）", "六十日", "六个月"],
    K.PENALTY_NOTICE: ["陈述", "申辩", "要求举行听证", "人民币20,000.00元", "贰万元整"],
    K.HEARING_NOTICE: ["周法制", "听证主持人", "一至二人代理"],
    K.HEARING_RECORD: ["当事人到场陈述：系初次违法。", "周法制"],
    K.PENALTY_DECISION: [
        "六十日",
        "六个月",
        "壹万伍仟元整",
        "现场检查笔录",
        "十五日内",
        "河津市人民法院",
        "（印章）",
    ],
    K.NO_PENALTY_DECISION: ["第三十三条", "六十日", "六个月"],
    K.SERVICE_RECEIPT: ["直接送达", "行政处罚决定书河市监罚", "签名或盖章"],
    K.CLOSING_APPROVAL: ["履行完毕", "15,000.00", "已执行完毕，同意结案。"],
    K.TRANSFER_LETTER: ["河津市公安局", "涉嫌销售伪劣产品罪", "立案审批表", "第二十七条"],
    K.ON_SPOT_DECISION: ["No.0012345", "当场收缴罚款", "执法证号", "六个月"],
    K.COLLECTIVE_DISCUSSION: [
        "李副局长（副局长）",
        "赵科长：同意，建议加强说理",
        "同意按承办机构意见",
        "主持人",
    ],
}


def test_every_kind_renders_a_word_file_and_a_pdf_with_its_required_fields(
    cast, new_case, monkeypatch, today, private_media
):
    docs = _every_kind(cast, new_case, monkeypatch, today)
    assert set(docs) == set(kinds.KINDS) == set(EXPECTED)
    for code, doc in docs.items():
        _, docx_bytes = services.document_file(cast.supervisor, doc, "docx")
        _, pdf_bytes = services.document_file(cast.supervisor, doc, "pdf")
        word, pdf = docx_text(docx_bytes), pdf_text(pdf_bytes)
        party = doc.context["parties"][0]["name"]
        wanted = [
            doc.title,
            party,
            doc.reference.replace(" ", ""),
            "河津市市场监督管理局",
            doc.context["date"],
        ]
        for text in wanted + EXPECTED[code]:
            assert text in word, f"{doc.title} (.docx) lacks {text!r}"
            assert text in pdf, f"{doc.title} (PDF) lacks {text!r}"
        if doc.number:
            assert doc.number in word and doc.number in pdf
    assert docs[K.PENALTY_DECISION].number == docs[K.PENALTY_DECISION].case.decision_number
    assert docs[K.PENALTY_NOTICE].number == f"河市监告〔{docs[K.PENALTY_NOTICE].issued_on.year}〕1号"


def test_the_pdf_embeds_subset_cjk_fonts_and_counts_pages(cast, new_case, today, private_media):
    case = new_case(facts="当事人在其经营场所销售超过保质期的食品。" * 60)  # long enough for two pages
    cases.run_transition(cast.head_a, case.pk, "file_case", {})
    doc = current(case, K.FILING_APPROVAL)
    _, data = services.document_file(cast.officer_a, doc, "pdf")
    text = pdf_text(data)
    pages = int(re.search(r"第1页共(\d+)页", text)[1])
    assert pages >= 2 and f"第{pages}页共{pages}页" in text
    path = private_media / "check.pdf"
    path.write_bytes(data)
    fonts = pdf_fonts(path)
    if fonts:  # poppler-utils installed
        rows = fonts.splitlines()[2:]  # name, type, encoding, emb, sub, uni, object
        assert rows and all("CID Type 0C" in row and " yes yes yes " in row for row in rows)


def test_user_text_cannot_break_the_word_file(cast, new_case, today):
    case = new_case(facts="违法事实 <w:p>&amp; \x07\x0b 结束", cause="销售“过期”食品 & <饮料>")
    cases.run_transition(cast.head_a, case.pk, "file_case", {"date": datetime.date.today().isoformat()})
    _, data = services.document_file(cast.officer_a, current(case, K.FILING_APPROVAL), "docx")
    text = docx_text(data)
    assert "违法事实<w:p>&amp;结束" in text and "销售“过期”食品&<饮料>" in text


def test_characters_outside_the_compact_font_fall_back_to_the_full_one(cast, new_case):
    case = new_case(parties=[dict(f.natural_party(), name="王堃喆")])  # neither character is in GB 2312
    cases.run_transition(cast.head_a, case.pk, "file_case", {})
    _, data = services.document_file(cast.officer_a, current(case, K.FILING_APPROVAL), "pdf")
    assert "王堃喆" in pdf_text(data)


def test_without_the_compact_font_pdfs_use_the_system_font(cast, new_case, monkeypatch):
    from sanxiang.documents.rendering import fonts

    monkeypatch.setattr(fonts, "compact_font", lambda: None)
    case = new_case()
    cases.run_transition(cast.head_a, case.pk, "decline_filing", {"reason": "违法事实不能成立"})
    _, data = services.document_file(cast.officer_a, current(case, K.NO_FILING_APPROVAL), "pdf")
    assert "不予立案审批表" in pdf_text(data) and b"SanxiangSerif" not in data
