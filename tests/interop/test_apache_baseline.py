"""The harness itself: Apache's Java client against Apache's own cluster. If these fail, the
environment (Java, jars, ports) is broken, not our code."""
import re

import pytest

import harness

DIRECTION = "Java client -> Apache cluster"


@pytest.mark.interop("send sync", DIRECTION)
@pytest.mark.interop("push concurrently", DIRECTION)
def test_java_round_trip_on_apache(apache_cluster, tmp_path):
    ns = apache_cluster["namesrv"]
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", "BaselineTopic",
                                  "--count", "5", "--prefix", "baseline")
    assert rc == 0, out
    assert len(re.findall(r"sent status=SEND_OK", out)) == 5, out
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", "BaselineTopic",
                                  "--group", "baseline_group", "--count", "5", "--seconds", "40")
    assert rc == 0, out
    assert sorted(re.findall(r"received body=(\S+)", out)) == [f"baseline-{i}" for i in range(5)]


@pytest.mark.interop("route lookup", DIRECTION)
def test_java_route_lookup_on_apache(apache_cluster, tmp_path):
    rc, out = harness.java_driver(tmp_path, "route", "--namesrv", apache_cluster["namesrv"],
                                  "--topic", "TBW102")
    assert rc == 0, out
    assert apache_cluster["broker"] in out
