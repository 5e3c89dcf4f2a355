"""API of the electronic case file, mounted under /api/v1 by the api app."""

from ninja import Router

router = Router(tags=["电子卷宗"])
