from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from sanxiang.portal import views as portal_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:my_cases", permanent=False)),
    path("accounts/", include("sanxiang.orgs.urls")),
    path("cases/", include("sanxiang.cases.urls")),
    path("documents/", include("sanxiang.documents.urls")),
    path("evidence/", include("sanxiang.evidence.urls")),
    path("review/", include("sanxiang.review.urls")),
    path("archive/", include("sanxiang.archive.urls")),
    path("disclosure/", include("sanxiang.disclosure.urls")),
    path("publication/", include("sanxiang.publication.urls")),
    path("supervision/", include("sanxiang.supervision.urls")),
    path("evaluation/", include("sanxiang.evaluation.urls")),
    path("annualreport/", include("sanxiang.annualreport.urls")),
    path("notifications/", include("sanxiang.notifications.urls")),
    # The public portal (no login): the portal's own pages and each app's public pages.
    path("portal/", include("sanxiang.portal.public_urls")),
    path("portal/", include("sanxiang.disclosure.public_urls")),
    path("portal/", include("sanxiang.publication.public_urls")),
    path("portal/", include("sanxiang.supervision.public_urls")),
    path("portal/", include("sanxiang.evaluation.public_urls")),
    path("portal/", include("sanxiang.annualreport.public_urls")),
    path("api/v1/", include("sanxiang.api.urls")),
    path("admin/", admin.site.urls),
    path("robots.txt", portal_views.robots),
]
