"""The place fixture (resources of a small multifactory) for the tests of this app."""

from multifactory.place.tests.conftest import Place, place  # noqa: F401
