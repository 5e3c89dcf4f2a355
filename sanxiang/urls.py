from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:my_cases", permanent=False)),
    path("accounts/", include("sanxiang.orgs.urls")),
    path("cases/", include("sanxiang.cases.urls")),
    path("documents/", include("sanxiang.documents.urls")),
    path("evidence/", include("sanxiang.evidence.urls")),
    path("review/", include("sanxiang.review.urls")),
    path("api/v1/", include("sanxiang.api.urls")),
    path("admin/", admin.site.urls),
]
