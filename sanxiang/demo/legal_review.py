"""重大执法决定法制审核 for a demo case, through the review app's services (REV-01).

The review app's catalogue decides which decisions are major; for those, the handling officer
submits the materials, the legal reviewer accepts them and gives an approving opinion on the seven
points, all before the agency head decides. Other cases skip the step.
"""

from __future__ import annotations

from sanxiang.cases.models import Case
from sanxiang.review import services as review
from sanxiang.review.choices import Checkpoint, Material
from sanxiang.review.gate import flag_reasons

from .paths import Step


def _materials(case: Case, step: Step) -> dict:
    texts = {
        Material.INVESTIGATION_REPORT: case.investigation_summary,
        Material.EVIDENCE_LIST: step.data["evidence"],
        Material.PROPOSED_DECISION: step.data["proposal"],
        Material.DRAFT_DOCUMENT: f"《行政处罚决定书》代拟稿（{case.body.short_name}，{case.number}）",
        Material.DISCRETION: "依据本机关行政处罚裁量基准，结合违法情节、危害后果及当事人改正情况确定处罚幅度。",
    }
    if case.statement_received_on:
        texts[Material.STATEMENT] = case.statement_summary
    if case.hearing_held_on:
        texts[Material.HEARING_RECORD] = f"听证笔录及听证报告（{case.hearing_held_on:%Y年%m月%d日}）"
    return {f"{code}_text": text for code, text in texts.items()}


def review_if_major(users: dict, case: Case, step: Step) -> bool:
    """Submit, accept and approve the review on the step's three dates; False when not major."""
    if not flag_reasons(case):
        return False
    officer, reviewer = users["officer"], users["review"]
    submission = review.submit(officer, case.pk, {"date": step.day, **_materials(case, step)})
    review.accept(reviewer, submission.pk, {"date": step.data["accepted_on"]})
    opinion = {f"{code}_conclusion": "compliant" for code in Checkpoint.values}
    opinion[f"{Checkpoint.CRIME}_comment"] = "未发现涉嫌犯罪需移送司法机关的情形。"
    review.give_opinion(
        reviewer,
        submission.pk,
        {
            "date": step.data["opinion_on"],
            "opinion": "approve",
            "reasons": "主体合法，程序合法，事实清楚，证据确凿，适用依据正确，裁量适当。",
            **opinion,
        },
    )
    return True
