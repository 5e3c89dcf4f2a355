from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sanxiang.portal"
    label = "portal"
    verbose_name = "统一执法信息公示平台"
