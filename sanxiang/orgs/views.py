"""Login, logout and password change for staff (AUTH-01..04)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

LOGIN_FAILED = "用户名或密码不正确，请重新输入。"


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}


class LoginView(auth_views.LoginView):
    template_name = "orgs/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timeout") == "1"
        return context


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """AUTH-03: a locked account gets the same page and status as a wrong password."""
    form = LoginForm(request, data=request.POST or None)
    form.is_valid = lambda: False  # the lock decides; do not authenticate
    form._errors = None
    form.add_error(None, LOGIN_FAILED)
    return render(request, "orgs/login.html", {"form": form, "timed_out": False}, status=200)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "orgs/password_change.html"
    success_url = reverse_lazy("cases:my_cases")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["must_change_password", "password_changed_at"])
        messages.success(self.request, "密码已修改。")
        return response
