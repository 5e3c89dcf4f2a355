"""Staff pages of annualreport; the project mounts them at /annualreport/."""

app_name = "annualreport"

urlpatterns: list = []
