"""AUD-05: the admin shows the log and offers no way to add, change or delete it."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from sanxiang.ledger.models import Entry, TreeHead


@pytest.mark.parametrize("model", [Entry, TreeHead])
def test_the_log_is_read_only_even_for_a_superuser(model):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(username="root", is_superuser=True, is_staff=True, is_active=True)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


@pytest.mark.django_db
def test_the_entry_list_renders(client, system_entries):
    system_entries(2)
    user = get_user_model().objects.create_superuser("root", password="x" * 16)
    user.must_change_password = False
    user.save()
    client.force_login(user)
    response = client.get("/admin/ledger/entry/")
    assert response.status_code == 200
    assert "case.transition" in response.content.decode()
    assert client.get("/admin/ledger/entry/add/").status_code == 403
