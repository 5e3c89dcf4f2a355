from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "sanxiang.publication"
    label = "publication"
    verbose_name = "执法决定公开（事后）"

    def ready(self) -> None:
        from . import handlers

        handlers.register()
