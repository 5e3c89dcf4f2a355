"""The /api/v1 assembly: each app's router, token auth, the error shape, the OpenAPI document."""

from ninja import NinjaAPI

from sanxiang.annualreport import api as annualreport_api
from sanxiang.archive.api import router as archive_router
from sanxiang.cases.api import router as cases_router
from sanxiang.disclosure import api as disclosure_api
from sanxiang.documents.api import router as documents_router
from sanxiang.evaluation import api as evaluation_api
from sanxiang.evidence.api import router as evidence_router
from sanxiang.ledger.api import router as ledger_router
from sanxiang.notifications.api import router as notifications_router
from sanxiang.orgs.api import router as orgs_router
from sanxiang.portal import api as portal_api
from sanxiang.publication import api as publication_api
from sanxiang.review.api import router as review_router
from sanxiang.supervision import api as supervision_api
from sanxiang.workdays.api import router as workdays_router

from . import errors
from .auth import TokenAuth

api = NinjaAPI(
    title="三项 Sanxiang API",
    version="1",
    description="行政执法三项制度平台开放接口。认证：`Authorization: Bearer <令牌>`（`sanxiang token create 用户名`）。"
    '错误统一为 `{"error": {"code", "message", "fields"}}`。',
    auth=TokenAuth(),
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", orgs_router)
api.add_router("/", cases_router)
api.add_router("/", documents_router)
api.add_router("/", evidence_router)
api.add_router("/", review_router)
api.add_router("/", archive_router)
api.add_router("/workdays", workdays_router)
# Each domain's staff endpoints, and its open data under /public (no token: PUB-01 governs content).
for module in (
    disclosure_api,
    publication_api,
    annualreport_api,
    supervision_api,
    evaluation_api,
    portal_api,
):
    api.add_router("/", module.router)
    api.add_router("/public", module.public_router)
api.add_router("/ledger", ledger_router)
api.add_router("/", notifications_router)
