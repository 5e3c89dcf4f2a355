from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "sanxiang.archive"
    label = "archive"
    verbose_name = "电子卷宗"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (registers the case page timeline)
