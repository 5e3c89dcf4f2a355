"""REC-03: a case closes only with the written record of every stage (APL Art. 47).

Registered on the "records" gate slot of the `close` transition. Ordinary cases need the filing
approval (启动), an inspection or interview record (调查取证), the decision or the transfer letter
(审核、决定) and, unless transferred, the service receipt (送达); execution (执行) is the case's own
guard (a penalty case closes only once executed). A simplified-procedure case has one document,
the on-the-spot decision (APL Art. 52), and needs only that.
"""

from __future__ import annotations

from sanxiang.cases.choices import CaseState, Procedure

from .choices import DocumentKind as K
from .choices import DocumentStatus
from .kinds import STAGES
from .models import Document

REQUIRED = {
    "start": {K.FILING_APPROVAL},
    "investigation": {K.INSPECTION_RECORD, K.INTERVIEW_RECORD},
    "decision": {K.PENALTY_DECISION, K.NO_PENALTY_DECISION, K.TRANSFER_LETTER},
    "service": {K.SERVICE_RECEIPT},
}


def missing_records(case) -> list[str]:
    """The REC-03 stages this case has no current document for (Chinese labels)."""
    present = set(
        Document.objects.filter(case=case, status=DocumentStatus.ISSUED).values_list("kind", flat=True)
    )
    if case.procedure == Procedure.SIMPLIFIED:
        return [] if K.ON_SPOT_DECISION in present else ["当场行政处罚决定书"]
    stages = [s for s in REQUIRED if not (s == "service" and case.state == CaseState.TRANSFERRED)]
    return [STAGES[s] for s in stages if not REQUIRED[s] & present]


def require_written_records(step) -> list[str]:
    missing = missing_records(step.case)
    if not missing:
        return []
    return [f"REC-03：结案前须有各环节的书面记录（《行政处罚法》第四十七条），缺少：{'；'.join(missing)}"]
