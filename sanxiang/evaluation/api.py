"""API of evaluation, mounted under /api/v1 by the api app."""

from ninja import Router

router = Router(tags=["案卷评查与整改"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["案卷评查与整改（公开）"], auth=None)
