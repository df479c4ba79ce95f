"""Interop suite fixtures and the feature x direction matrix printed at the end.

Tests declare what they prove with @pytest.mark.interop(feature, direction); the matrix lists
every planned cell, marking cells no test covers yet as "not yet", so the gap stays visible,
and cells whose direction does not involve the feature as "n/a".
"""
import os
import shutil
from pathlib import Path

import pytest

import harness

DIRECTIONS = [
    "Java client -> Apache cluster",
    "Java client -> our cluster",
    "our SDK -> Apache cluster",
    "Apache broker -> our namesrv",
    "our broker -> Apache namesrv",
]
FEATURES = [
    "route lookup", "cluster info", "send sync", "send async", "send oneway", "send batch",
    "send orderly", "delay level", "timer message", "push concurrently", "push orderly",
    "pull / lite pull", "mixed consumer group", "retry to DLQ", "transaction check-back", "mqadmin reads",
    "broker registration", "store directory", "message properties", "HA replication",
    "SQL92 filter", "request-reply", "message trace",
    "TLS", "mqadmin statistics", "mqadmin update broker config", "ACL",
]
# Our SDK is a client: it neither registers brokers, nor owns a store, nor is mqadmin.
# Apache's cluster is the reference the other columns' message properties are compared with.
NOT_APPLICABLE = {
    ("broker registration", "our SDK -> Apache cluster"),
    ("store directory", "our SDK -> Apache cluster"),
    ("mqadmin reads", "our SDK -> Apache cluster"),
    ("message properties", "Java client -> Apache cluster"),
    # Replication is between brokers: the cells are an Apache slave on our master (through our
    # nameserver), ours on Apache's (through Apache's), and a Java consumer on our slave.
    ("HA replication", "Java client -> Apache cluster"),
    ("HA replication", "our SDK -> Apache cluster"),
    # Filtering is the broker's: the cross-registration columns add nothing to it.
    ("SQL92 filter", "Apache broker -> our namesrv"),
    ("SQL92 filter", "our broker -> Apache namesrv"),
    # Replies are pushed by the broker to the requester's connection; the nameserver only
    # routes the reply topic, as any other.
    ("request-reply", "Apache broker -> our namesrv"),
    ("request-reply", "our broker -> Apache namesrv"),
    # Traces are messages in a topic the broker creates; nothing involves the nameserver.
    ("message trace", "Apache broker -> our namesrv"),
    ("message trace", "our broker -> Apache namesrv"),
    # Broker administration through mqadmin (a Java tool) against one broker: the baseline is
    # Apache's broker, the subject ours.
    *{(feature, direction) for feature in ("mqadmin statistics", "mqadmin update broker config")
      for direction in ("our SDK -> Apache cluster", "Apache broker -> our namesrv",
                        "our broker -> Apache namesrv")},
    # ACL is checked by the broker (4.9.7's nameserver has none), as filtering.
    ("ACL", "Apache broker -> our namesrv"),
    ("ACL", "our broker -> Apache namesrv"),
}

_results = {}


def pytest_configure(config):
    config.addinivalue_line("markers", "interop(feature, direction): the matrix cell a test proves")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" and not (report.when == "setup" and (report.failed or report.skipped)):
        return
    for mark in item.iter_markers("interop"):
        key = (mark.args[0], mark.args[1])
        if report.skipped:
            state = "not yet"
        else:
            state = "pass" if report.passed else "FAIL"
        if _results.get(key) == "FAIL":
            continue
        if _results.get(key) == "pass" and state == "not yet":
            continue
        _results[key] = state


def pytest_terminal_summary(terminalreporter):
    width = max(len(f) for f in FEATURES)
    lines = ["", "Interop matrix (feature x direction)", ""]
    header = f"| {'feature'.ljust(width)} | " + " | ".join(DIRECTIONS) + " |"
    lines.append(header)
    lines.append("|" + "-" * (width + 2) + "|" + "|".join("-" * (len(d) + 2) for d in DIRECTIONS) + "|")
    for feature in FEATURES:
        cells = [_results.get((feature, d), "n/a" if (feature, d) in NOT_APPLICABLE else "not yet")
                 .ljust(len(d)) for d in DIRECTIONS]
        lines.append(f"| {feature.ljust(width)} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    terminalreporter.write(text)
    out = Path(os.environ.get("RMQ_INTEROP_MATRIX", harness.BUILD_DIR / "interop-matrix.md"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    terminalreporter.write(f"interop matrix written to {out}\n")


def pytest_sessionstart(session):
    """Java and the prepared cache are checked once, before any test: when they are missing the
    run stops with one message saying what is missing, instead of one error per test."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            pytest.exit(f"interop: '{tool}' is not installed; run scripts/setup.sh", returncode=1)
    try:
        harness.driver_classpath()
    except harness.SetupError as e:
        pytest.exit(f"interop: {e}", returncode=1)


@pytest.fixture(scope="session")
def java_ready():
    """The classpath of Apache's jars and the compiled driver (checked at session start)."""
    return harness.driver_classpath()


# The four clusters the Java client is pointed at, by the matrix direction each one proves.
# Each is started once per session, on its own nameserver, and shared by every test of it.
CLUSTER_FIXTURES = {
    "Java client -> Apache cluster": "apache_cluster",
    "Java client -> our cluster": "our_cluster",
    "Apache broker -> our namesrv": "apache_broker_on_our_namesrv",
    "our broker -> Apache namesrv": "our_broker_on_apache_namesrv",
}


@pytest.fixture(scope="session", autouse=True)
def _remove_temporary_directories(request, tmp_path_factory):
    """Stores and logs of a passing run go once every process is stopped (autouse: set up
    first, torn down last); a failing run keeps them for the post-mortem."""
    yield
    if request.session.testsfailed == 0:
        shutil.rmtree(tmp_path_factory.getbasetemp(), ignore_errors=True)


def _need_our(relative, what):
    if harness.our_binary(relative) is None:
        pytest.skip(f"our {what} is not built yet")


@pytest.fixture(scope="session")
def apache_cluster(java_ready, tmp_path_factory):
    work = tmp_path_factory.mktemp("apache-cluster")
    ns = harness.start_apache_namesrv(work / "namesrv")
    try:
        broker = harness.start_apache_broker(work / "broker", ns.addr)
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr, "workdir": work, "ours": False}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.fixture(scope="module")
def our_namesrv(tmp_path_factory):
    _need_our("namesrv/namesrv", "namesrv")
    work = tmp_path_factory.mktemp("our-namesrv")
    ns = harness.start_our_namesrv(work)
    yield ns
    ns.stop()


@pytest.fixture(scope="session")
def our_cluster(tmp_path_factory):
    _need_our("namesrv/namesrv", "namesrv")
    _need_our("reference-broker/broker/broker", "broker")
    work = tmp_path_factory.mktemp("our-cluster")
    ns = harness.start_our_namesrv(work / "namesrv")
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr)
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr, "workdir": work, "ours": True}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.fixture(scope="session")
def apache_broker_on_our_namesrv(java_ready, tmp_path_factory):
    _need_our("namesrv/namesrv", "namesrv")
    work = tmp_path_factory.mktemp("apache-broker-our-ns")
    ns = harness.start_our_namesrv(work / "namesrv")
    try:
        broker = harness.start_apache_broker(work / "broker", ns.addr)
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr, "workdir": work, "ours": False}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.fixture(scope="session")
def our_broker_on_apache_namesrv(java_ready, tmp_path_factory):
    _need_our("reference-broker/broker/broker", "broker")
    work = tmp_path_factory.mktemp("our-broker-apache-ns")
    ns = harness.start_apache_namesrv(work / "namesrv")
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr)
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr, "workdir": work, "ours": True}
        finally:
            broker.stop()
    finally:
        ns.stop()


def cluster_for(request, direction):
    """The running cluster of a matrix direction (started on first use)."""
    return request.getfixturevalue(CLUSTER_FIXTURES[direction])
