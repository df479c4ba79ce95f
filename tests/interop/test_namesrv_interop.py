"""Our nameserver with Apache's broker and Apache's Java client."""
import re

import pytest

import harness


@pytest.mark.interop("broker registration", "Apache broker -> our namesrv")
def test_apache_broker_registers_with_our_namesrv(apache_broker_on_our_namesrv, tmp_path):
    rc, out = harness.java_driver(tmp_path, "cluster", "--namesrv", apache_broker_on_our_namesrv["namesrv"])
    assert rc == 0, out
    assert apache_broker_on_our_namesrv["broker"] in out
    assert "DefaultCluster" in out and "broker-a" in out


@pytest.mark.interop("route lookup", "Apache broker -> our namesrv")
def test_java_client_reads_routes_from_our_namesrv(apache_broker_on_our_namesrv, tmp_path):
    rc, out = harness.java_driver(tmp_path, "route", "--namesrv", apache_broker_on_our_namesrv["namesrv"],
                                  "--topic", "TBW102")
    assert rc == 0, out
    route = harness.json_line(out)
    assert route["brokerDatas"][0]["brokerName"] == "broker-a"
    assert route["queueDatas"][0]["brokerName"] == "broker-a"


@pytest.mark.interop("broker registration", "Apache broker -> our namesrv")
@pytest.mark.interop("route lookup", "Apache broker -> our namesrv")
def test_binary_headers_from_java_broker_and_client(java_ready, our_namesrv, tmp_path):
    """Java peers configured for ROCKETMQ (binary) headers register and read routes too."""
    broker = harness.start_apache_broker(tmp_path / "broker", our_namesrv.addr, name="broker-bin",
                                         extra={"brokerClusterName": "BinaryCluster"},
                                         jvm_props=[harness.BINARY_HEADERS])
    try:
        out = ""
        for _ in range(20):
            rc, out = harness.java_driver(tmp_path / "client", "route", "--namesrv", our_namesrv.addr,
                                          "--topic", "TBW102", jvm_props=[harness.BINARY_HEADERS])
            if rc == 0 and "broker-bin" in out:
                break
        route = harness.json_line(out)
        names = {b["brokerName"]: b["brokerAddrs"]["0"] for b in route["brokerDatas"]}
        assert names["broker-bin"] == broker.addr
    finally:
        broker.stop()
