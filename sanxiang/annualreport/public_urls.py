"""Public (no login) pages of annualreport; the project mounts them under /portal/."""

app_name = "annualreport_public"

urlpatterns: list = []
