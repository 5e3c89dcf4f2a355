import pytest

from sanxiang.disclosure.tests.conftest import publish, staff  # noqa: F401
from sanxiang.publication.tests.conftest import day, decided, new_case  # noqa: F401


@pytest.fixture
def discloser(staff):  # noqa: F811
    """Disclosure staff of body A (the disclosure fixtures' user, so both sets of fixtures mix)."""
    return staff.a


@pytest.fixture
def decision(cast, decided, discloser):  # noqa: F811
    """A penalty decision of body A, published through the real services."""
    from sanxiang.publication import services
    from sanxiang.publication.tests.conftest import publication_of

    publication = publication_of(decided())
    services.submit(discloser, publication.pk)
    return services.approve(cast.chief_a, publication.pk, "同意")
