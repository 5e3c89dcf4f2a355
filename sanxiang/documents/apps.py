from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sanxiang.documents"
    label = "documents"
    verbose_name = "执法文书"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (registers the transition hook and the REC-03 gate)
