"""Extra grant sources in orgs.access: READ actions only, mapped along AccessPaths (AUTHZ-02)."""

import pytest
from django.db.models import Q

from sanxiang.cases.models import Case
from sanxiang.cases.tests.conftest import new_case  # noqa: F401 - fixture
from sanxiang.documents.models import Document, Signature
from sanxiang.evidence.models import CustodyEvent, Device, Evidence
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(cast):
    """A test source that would grant the whole Case table for any action it is asked about."""
    asked = []

    def source(user, action, model):
        asked.append(action)
        return Case.objects.values_list("pk", flat=True)

    access.register_grant_source("test.everything", source)
    yield asked
    access.unregister_grant_source("test.everything")


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_the_subject_path_follows_the_body_path_of_the_access_paths():
    assert access.subject_path(Case, Case) == "pk"
    assert access.subject_path(Document, Case) == "case"
    assert access.subject_path(Evidence, Case) == "case"
    assert access.subject_path(CustodyEvent, Case) == "evidence__case"
    assert access.subject_path(Signature, Case) == "document__case"
    assert access.subject_path(Device, Case) is None


def test_a_source_widens_read_actions_and_is_never_asked_about_writes(cast, new_case, everything):  # noqa: F811
    case = new_case()
    reader = fresh(cast.officer_b)
    assert access.get_for(reader, Case.objects.all(), pk=case.pk) == case
    assert access.allowed_on(reader, case, perm.CASE_VIEW)
    for action in (perm.CASE_HANDLE, perm.CASE_APPROVE, perm.CASE_DECIDE, perm.CASE_CREATE, perm.CASE_REVIEW):
        assert not access.allowed_on(reader, case, action)
    assert set(everything) <= perm.READ_ACTIONS


def test_anonymous_and_inactive_users_are_never_given_extra_rows(cast, new_case, everything):  # noqa: F811
    from django.contrib.auth.models import AnonymousUser

    case = new_case()
    assert not access.scope(AnonymousUser(), Case.objects.all(), perm.CASE_VIEW).exists()
    inactive = fresh(cast.nobody)
    inactive.is_active = False
    assert not access.allowed_on(inactive, case, perm.CASE_VIEW)
    assert everything == []


def test_a_model_that_does_not_reach_the_subject_gets_nothing(cast, everything):
    assert not access.scope(fresh(cast.nobody), Device.objects.all(), perm.CASE_VIEW).exists()


def test_a_q_answer_filters_the_model_itself_and_an_empty_q_grants_nothing(cast, new_case):  # noqa: F811
    first, second = new_case(), new_case()
    answers = {"q": Q(pk=first.pk)}
    access.register_grant_source(
        "test.q", lambda user, action, model: answers["q"] if model is Case else None
    )
    try:
        assert list(access.scope(fresh(cast.nobody), Case.objects.all(), perm.CASE_VIEW)) == [first]
        answers["q"] = Q()
        assert not access.scope(fresh(cast.nobody), Case.objects.all(), perm.CASE_VIEW).exists()
        assert access.allowed_on(fresh(cast.officer_a), second, perm.CASE_VIEW)  # role grants unchanged
    finally:
        access.unregister_grant_source("test.q")
