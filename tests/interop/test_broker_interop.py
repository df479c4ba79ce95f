"""Our broker with Apache's Java client and Apache's nameserver: registration and routes (the
features are in test_java_client.py)."""
import re

import pytest

import harness

OURS = "Java client -> our cluster"


def _wait_route(tmp_path, namesrv, topic, broker_name, attempts=20):
    """Routes appear after the broker's registration; poll a bounded number of times."""
    out = ""
    for _ in range(attempts):
        rc, out = harness.java_driver(tmp_path, "route", "--namesrv", namesrv, "--topic", topic)
        if rc == 0 and broker_name in out:
            return harness.json_line(out)
    pytest.fail(f"route of {topic} never named {broker_name}: {out[-2000:]}")


@pytest.mark.interop("route lookup", OURS)
def test_java_reads_routes_and_cluster_of_our_cluster(our_cluster, tmp_path):
    route = _wait_route(tmp_path, our_cluster["namesrv"], "TBW102", "broker-a")
    assert route["brokerDatas"][0]["brokerAddrs"]["0"] == our_cluster["broker"]
    rc, out = harness.java_driver(tmp_path, "cluster", "--namesrv", our_cluster["namesrv"])
    assert rc == 0, out
    assert our_cluster["broker"] in out


@pytest.mark.interop("broker registration", "our broker -> Apache namesrv")
@pytest.mark.interop("route lookup", "our broker -> Apache namesrv")
def test_our_broker_registers_with_apache_namesrv(our_broker_on_apache_namesrv, tmp_path):
    ns = our_broker_on_apache_namesrv["namesrv"]
    route = _wait_route(tmp_path, ns, "TBW102", "broker-a")
    assert route["brokerDatas"][0]["brokerAddrs"]["0"] == our_broker_on_apache_namesrv["broker"]
    rc, out = harness.java_driver(tmp_path, "cluster", "--namesrv", ns)
    assert rc == 0, out
    assert our_broker_on_apache_namesrv["broker"] in out
