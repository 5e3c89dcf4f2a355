"""Staff authentication: AUTH-01 (no defaults, forced change), AUTH-02 (passwords), AUTH-03 (lockout), AUTH-04 (sessions)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.orgs.models import User
from sanxiang.testing import factories as f

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
HOME = "/cases/mine/"


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_fresh_install_has_no_accounts_and_admin_admin_fails(client):
    assert User.objects.count() == 0
    response = login(client, "admin", "admin")
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()


def test_first_login_forces_a_password_change(client):
    user = User.objects.create_user("new.user", password=f.PASSWORD)
    assert user.must_change_password
    login(client, "new.user", f.PASSWORD)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].endswith("/accounts/password/")
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": f.PASSWORD,
            "new_password1": "Hejin-Longmen-2026",
            "new_password2": "Hejin-Longmen-2026",
        },
    )
    assert changed.status_code == 302
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(
    "password",
    [
        "Short-1a",
        "alllowercaseletters",
        "ALLUPPER123456",
        "Abcdefghijklmn",
        "new.user-Xy-2026!",
        "Sanxiang-2026-xyz",
        "A" * 60 + "b1" * 40,
    ],
)
def test_weak_passwords_are_rejected(password):
    user = User(username="new.user")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_long_passphrases_are_accepted_without_truncation():
    user = User.objects.create_user("long.user")
    passphrase = "Longmen-Gate-" + "x" * 51  # 64 characters
    validate_password(passphrase, user)
    user.set_password(passphrase)
    assert user.check_password(passphrase)
    assert not user.check_password(passphrase[:-1] + "y")  # the 64th character counts


@given(st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=11))
def test_anything_shorter_than_twelve_is_rejected(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="u"))


def test_five_failures_lock_the_account_and_the_lock_looks_like_a_wrong_password(client):
    f.make_user("clerk")
    wrong = login(client, "clerk", "wrong-password-1")
    for _ in range(4):
        login(client, "clerk", "wrong-password-1")
    locked = login(client, "clerk", f.PASSWORD)
    assert locked.status_code == wrong.status_code == 200
    assert "用户名或密码不正确" in locked.content.decode()
    assert client.get(HOME).status_code == 302  # not logged in
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)):
        assert login(client, "clerk", f.PASSWORD).status_code == 302
        assert client.get(HOME).status_code == 200


def test_an_idle_session_expires_after_thirty_minutes(client):
    f.make_user("clerk")
    start = datetime.datetime.now(tz=datetime.UTC)
    with time_machine.travel(start, tick=False):
        login(client, "clerk", f.PASSWORD)
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=60), tick=False):
        response = client.get(HOME)
        assert response.status_code == 302 and "timeout=1" in response["Location"]
        assert client.get(HOME).status_code == 302


def test_logout_invalidates_the_session_on_the_server(client):
    f.make_user("clerk")
    login(client, "clerk", f.PASSWORD)
    cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = cookie
    assert client.get(HOME).status_code == 302


def test_disabling_an_account_ends_its_live_session(client):
    user = f.make_user("clerk")
    login(client, "clerk", f.PASSWORD)
    assert client.get(HOME).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(HOME).status_code == 302


def test_session_cookies_are_http_only(client):
    f.make_user("clerk")
    login(client, "clerk", f.PASSWORD)
    assert client.cookies["sessionid"]["httponly"]
