from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sanxiang.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self):
        from . import handlers

        handlers.register()
