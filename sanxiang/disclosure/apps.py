from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "sanxiang.disclosure"
    label = "disclosure"
    verbose_name = "行政执法公示（事前、事中）"
