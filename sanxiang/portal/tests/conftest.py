from sanxiang.disclosure.tests.conftest import publish, staff  # noqa: F401
