"""The project's URLs plus this app's, for as long as the lead has not mounted them (see the report).

Once sanxiang/urls.py includes "documents/" and the API mounts the router, this adds nothing.
"""

from django.urls import include, path
from ninja import NinjaAPI

from sanxiang import urls as project
from sanxiang.api import errors
from sanxiang.api.auth import TokenAuth
from sanxiang.api.main import api as project_api
from sanxiang.documents.api import router

urlpatterns = list(project.urlpatterns)
if not any(getattr(p, "app_name", None) == "documents" for p in project.urlpatterns):
    urlpatterns.append(path("documents/", include("sanxiang.documents.urls")))
if not any(r is router for _prefix, r in project_api._routers):
    api = NinjaAPI(auth=TokenAuth(), urls_namespace="documents_api_test")
    errors.install(api)
    api.add_router("/", router)
    urlpatterns.append(path("api/v1/", api.urls))
