"""TLS across implementations, every server in tls.server.mode=enforcing (plaintext refused):
Apache's Java client with -Dtls.enable=true against our namesrv and broker, our SDK with
useTLS against Apache's, and each side's broker registering over TLS with the other's
nameserver. Certificates: Apache's default tls.test.mode.enable (self-signed server
certificates, no authentication), which both sides implement; certificate checks are covered
by tests/integration/tls."""
import re
import subprocess

import pytest

import harness

ENFORCING = "-Dtls.server.mode=enforcing"
# Apache 4.9.7's ClientConfig.useTLS defaults to this system property.
JAVA_TLS = ["-Dtls.enable=true"]
COUNT = 5


@pytest.fixture(autouse=True)
def _need_ours():
    for binary in ("namesrv/namesrv", "reference-broker/broker/broker"):
        if harness.our_binary(binary) is None:
            pytest.skip(f"our {binary} is not built yet")
    help_text = subprocess.run([str(harness.our_binary("reference-broker/broker/broker")), "-h"],
                               capture_output=True, text=True, timeout=20).stdout
    if "tls.server.mode" not in help_text:
        pytest.skip("our broker has no TLS settings yet")


def _received(workdir, ns, topic, count):
    rc, out = harness.java_driver(workdir, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", f"g_{topic}", "--count", count, "--seconds", 40,
                                  jvm_props=JAVA_TLS)
    assert rc == 0, out
    return sorted(re.findall(r"received body=(\S+)", out))


def _cluster_brokers(workdir, ns):
    rc, out = harness.java_driver(workdir, "cluster", "--namesrv", ns, jvm_props=JAVA_TLS)
    assert rc == 0, out
    return harness.json_line(out)["brokerAddrTable"].keys()


def _wait_registered(workdir, ns, name, broker):
    """A broker is ready before its registration succeeded when the first attempt failed (a
    TLS handshake that outlasted the register timeout on a loaded machine): ours retries
    within seconds, Apache's at its next 30-second period."""
    try:
        harness.wait_until(lambda: name in _cluster_brokers(workdir, ns), 45,
                           f"{name} in the nameserver's cluster list")
    except AssertionError as e:
        raise AssertionError(f"{e}\nthe broker's output:\n{broker.output()[-2000:]}") from e


@pytest.fixture(scope="module")
def apache_tls_cluster(java_ready, tmp_path_factory):
    work = tmp_path_factory.mktemp("apache-tls")
    ns = harness.start_apache_namesrv(work / "namesrv", jvm_props=[ENFORCING])
    try:
        # Enforcing, Apache's broker also talks TLS to the nameserver (BrokerStartup).
        broker = harness.start_apache_broker(work / "broker", ns.addr, jvm_props=[ENFORCING])
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr, "workdir": work}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.fixture(scope="module")
def our_tls_cluster(tmp_path_factory):
    work = tmp_path_factory.mktemp("our-tls")
    ns = harness.start_our_namesrv(work / "namesrv", extra_args=[ENFORCING])
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr, name="broker-ours-tls",
                                          extra_args=[ENFORCING])
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr, "workdir": work}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.mark.interop("TLS", "Java client -> our cluster")
def test_java_client_over_tls_on_our_cluster(our_tls_cluster, tmp_path):
    ns, topic = our_tls_cluster["namesrv"], "TlsJavaOnOurs"
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", COUNT, "--prefix", "java", jvm_props=JAVA_TLS)
    assert rc == 0, out
    assert re.findall(r"sent status=(\S+)", out) == ["SEND_OK"] * COUNT, out
    assert _received(tmp_path, ns, topic, COUNT) == [f"java-{i}" for i in range(COUNT)]
    # Plaintext is refused: our SDK without TLS finds no route (the nameserver closes it).
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--count", 1,
                                 timeout=60)
    assert rc != 0, out


@pytest.mark.interop("TLS", "our SDK -> Apache cluster")
@pytest.mark.interop("TLS", "Java client -> Apache cluster")
def test_sdk_over_tls_on_apache_cluster(apache_tls_cluster, tmp_path):
    ns, topic = apache_tls_cluster["namesrv"], "TlsSdkOnApache"
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--count", COUNT,
                                 "--prefix", "sdk", "--tls", "true")
    assert rc == 0, out
    assert re.findall(r"sent status=(\S+)", out) == ["SEND_OK"] * COUNT, out
    assert _received(tmp_path, ns, topic, COUNT) == [f"sdk-{i}" for i in range(COUNT)]
    # And our consumer reads them back over TLS from Apache's broker.
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group",
                                 "g_sdk_tls", "--count", COUNT, "--seconds", 40, "--tls", "true",
                                 timeout=60)
    assert rc == 0, out
    assert sorted(re.findall(r"received body=(\S+)", out)) == [f"sdk-{i}" for i in range(COUNT)]


@pytest.mark.interop("TLS", "our broker -> Apache namesrv")
def test_our_broker_registers_over_tls_with_apache_namesrv(apache_tls_cluster, tmp_path):
    ns = apache_tls_cluster["namesrv"]
    broker = harness.start_our_broker(tmp_path / "broker", ns, name="broker-ours-tls",
                                      extra_args=[ENFORCING])
    try:
        _wait_registered(tmp_path, ns, "broker-ours-tls", broker)
    finally:
        broker.stop()


@pytest.mark.interop("TLS", "Apache broker -> our namesrv")
def test_apache_broker_registers_over_tls_with_our_namesrv(our_tls_cluster, java_ready, tmp_path):
    ns = our_tls_cluster["namesrv"]
    broker = harness.start_apache_broker(tmp_path / "broker", ns, name="broker-apache-tls",
                                         jvm_props=[ENFORCING])
    try:
        _wait_registered(tmp_path, ns, "broker-apache-tls", broker)
    finally:
        broker.stop()
