"""API of annualreport, mounted under /api/v1 by the api app."""

from ninja import Router

router = Router(tags=["行政执法统计年报"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["行政执法统计年报（公开）"], auth=None)
