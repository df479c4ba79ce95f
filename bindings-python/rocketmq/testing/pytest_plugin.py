"""pytest plugin (registered by the package): the ``rocketmq_cluster`` fixture, one
LocalCluster for the whole session."""

import pytest

from . import LocalCluster


@pytest.fixture(scope="session")
def rocketmq_cluster():
    """A running LocalCluster shared by the session's tests."""
    with LocalCluster() as cluster:
        yield cluster
