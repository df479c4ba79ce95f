"""The harness itself: Apache's Java client against Apache's own cluster (the features are in
test_java_client.py). If this fails, the environment (Java, jars, ports) is broken, not our code."""
import pytest

import harness

DIRECTION = "Java client -> Apache cluster"


@pytest.mark.interop("route lookup", DIRECTION)
def test_java_route_lookup_on_apache(apache_cluster, tmp_path):
    rc, out = harness.java_driver(tmp_path, "route", "--namesrv", apache_cluster["namesrv"],
                                  "--topic", "TBW102")
    assert rc == 0, out
    assert apache_cluster["broker"] in out
