from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "sanxiang.archive"
    label = "archive"
    verbose_name = "电子卷宗"
