"""The project's URLs plus the review pages and API, mounted as docs/review.md asks the lead to.

When the lead has mounted them in sanxiang/urls.py and sanxiang/api/main.py, this adds nothing.
"""

from django.urls import include, path
from ninja import NinjaAPI

from sanxiang import urls as project
from sanxiang.api import errors
from sanxiang.api.auth import TokenAuth
from sanxiang.api.main import api as project_api
from sanxiang.review.api import router

urlpatterns = list(project.urlpatterns)
if not any(getattr(p, "namespace", None) == "review" for p in urlpatterns):
    urlpatterns.append(path("review/", include("sanxiang.review.urls")))
if not any(r is router for _prefix, r in project_api._routers):
    test_api = NinjaAPI(title="review test", auth=TokenAuth(), urls_namespace="review_test_api")
    errors.install(test_api)
    test_api.add_router("/", router)
    urlpatterns.insert(0, path("api/v1/", test_api.urls))
