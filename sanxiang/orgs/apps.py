from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class OrgsConfig(AppConfig):
    default = True
    name = "sanxiang.orgs"
    label = "orgs"
    verbose_name = "执法主体与人员"


class SanxiangAdminConfig(admin_apps.AdminConfig):
    """The Django admin with Sanxiang's role-based site (orgs.admin_access)."""

    default = False
    default_site = "sanxiang.orgs.admin_access.SanxiangAdminSite"
