"""Test URLconf: the project's URLs plus this app's API router and staff UI, until the lead mounts them.

Once sanxiang/api/main.py adds the router and sanxiang/urls.py includes "evidence/", this adds
nothing and the tests run against the project's own URLs.
"""

from django.urls import include, path
from ninja import NinjaAPI

from sanxiang import urls as project
from sanxiang.api import errors
from sanxiang.api import main as project_api
from sanxiang.api.auth import TokenAuth
from sanxiang.evidence.api import router

urlpatterns = list(project.urlpatterns)

if getattr(router, "api", None) is not project_api.api:
    _api = NinjaAPI(
        title="evidence (tests)", version="test", auth=TokenAuth(), urls_namespace="evidence_test_api"
    )
    errors.install(_api)
    _api.add_router("/", router)
    urlpatterns.insert(0, path("api/v1/", _api.urls))

if not any(getattr(p, "app_name", None) == "evidence" for p in project.urlpatterns):
    urlpatterns.append(path("evidence/", include("sanxiang.evidence.urls")))
