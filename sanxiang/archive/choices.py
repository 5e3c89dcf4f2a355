"""Stable codes of the archive app."""

from django.db import models


class Channel(models.TextChoices):
    WEB = "web", "网页"
    API = "api", "接口"
    CLI = "cli", "命令行"
