from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sanxiang.evidence"
    label = "evidence"
    verbose_name = "证据与音像记录"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (registers the REC-01 gate and the step-link hook)
