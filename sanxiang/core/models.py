"""Abstract bases shared by every domain app. No business rules here."""

import uuid

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(TimeStampedModel):
    """Objects addressed from outside carry a UUID; authorization never relies on its secrecy."""

    public_id = models.UUIDField("公开标识", default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
