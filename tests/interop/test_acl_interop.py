"""Plain ACL across implementations (Apache 4.9.7's rocketmq-acl): Apache's Java client with
AclClientRPCHook against our broker with aclEnable=true (and, as the reference, Apache's), our
SDK with credentials against Apache's broker with aclEnable=true, and mqadmin's ACL commands
(updateAclConfig, getAclConfig, clusterAclConfigVersion, deleteAclConfig) against ours.

Both brokers read the same plain_acl.yml: Apache's from $ROCKETMQ_HOME/conf (the harness's
per-process home), ours from --rocketmq.home.dir."""
import json
from pathlib import Path

import pytest

import harness

ACL_FILE = """accounts:
  - accessKey: interopAk
    secretKey: interopSecret
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms:
      - AclInteropOk=PUB|SUB
      - AclInteropSdk=PUB|SUB
  - accessKey: interopAdmin
    secretKey: adminSecret1
    admin: true
"""
USER = ("--access-key", "interopAk", "--secret-key", "interopSecret")


def _write_acl(home):
    conf = Path(home) / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "plain_acl.yml").write_text(ACL_FILE)


@pytest.fixture(scope="module")
def apache_acl_cluster(java_ready, tmp_path_factory):
    work = tmp_path_factory.mktemp("apache-acl")
    ns = harness.start_apache_namesrv(work / "namesrv")
    try:
        # start_apache_broker's ROCKETMQ_HOME is <workdir>/rocketmq-home.
        _write_acl(work / "broker" / "rocketmq-home")
        broker = harness.start_apache_broker(work / "broker", ns.addr, extra={"aclEnable": "true"})
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr}
        finally:
            broker.stop()
    finally:
        ns.stop()


@pytest.fixture(scope="module")
def our_acl_cluster(tmp_path_factory):
    if harness.our_binary("reference-broker/broker/broker") is None:
        pytest.skip("our broker is not built yet")
    if not harness.our_broker_has("aclEnable"):
        pytest.skip("our broker has no aclEnable")
    work = tmp_path_factory.mktemp("our-acl")
    _write_acl(work / "home")
    ns = harness.start_our_namesrv(work / "namesrv")
    try:
        broker = harness.start_our_broker(work / "broker", ns.addr, extra_args=[
            "--aclEnable=true", f"--rocketmq.home.dir={work / 'home'}"])
        try:
            yield {"namesrv": ns.addr, "broker": broker.addr}
        finally:
            broker.stop()
    finally:
        ns.stop()


def _cluster(request, side):
    return request.getfixturevalue("our_acl_cluster" if side == "ours" else "apache_acl_cluster")


@pytest.mark.parametrize("side,direction", [
    ("ours", "Java client -> our cluster"),
    ("apache", "Java client -> Apache cluster"),
])
def test_java_acl_client(side, direction, request, tmp_path):
    request.node.add_marker(pytest.mark.interop("ACL", direction))
    ns = _cluster(request, side)["namesrv"]
    topic = "AclInteropOk"
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", 2, "--prefix", f"java-{side}", *USER)
    assert rc == 0, out
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", f"g_acl_java_{side}", "--count", 2, "--seconds", 60,
                                  *USER, timeout=120)
    assert rc == 0, out
    assert out.count(f"received body=java-{side}-") >= 2, out

    # Refusals: both brokers answer with the same AclException reasons.
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic",
                                  "AclInteropDenied", *USER)
    assert rc != 0 and "No default permission for topic:AclInteropDenied" in out, out
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--access-key", "interopAk", "--secret-key", "wrongSecret")
    assert rc != 0 and "Check signature failed for accessKey=interopAk" in out, out
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic)
    assert rc != 0 and "No accessKey is configured" in out, out


def test_sdk_acl_client_on_apache(request, apache_acl_cluster):
    request.node.add_marker(pytest.mark.interop("ACL", "our SDK -> Apache cluster"))
    ns = apache_acl_cluster["namesrv"]
    # Not the Java test's topic: on the same module-scoped cluster its messages would be
    # consumed too, and a consumer that stops at two could stop before reaching ours.
    topic = "AclInteropSdk"
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic, "--count", 2,
                                 "--prefix", "sdk-acl", *USER)
    assert rc == 0, out
    rc, out = harness.sdk_driver("consume", "--namesrv", ns, "--topic", topic, "--group",
                                 "g_acl_sdk", "--count", 2, "--seconds", 60, *USER, timeout=90)
    assert rc == 0, out
    assert out.count("received body=sdk-acl-") >= 2, out
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", "AclInteropDenied", *USER)
    assert rc != 0 and "No default permission for topic:AclInteropDenied" in out, out
    rc, out = harness.sdk_driver("produce", "--namesrv", ns, "--topic", topic,
                                 "--access-key", "interopAk", "--secret-key", "wrongSecret")
    assert rc != 0 and "Check signature failed for accessKey=interopAk" in out, out


# Run against Apache's broker too when changing it (it passes there); kept to ours in the
# suite for time, as the Java client test above already compares the two brokers' checks.
@pytest.mark.parametrize("side", ["ours"])
def test_mqadmin_acl_commands(side, request, tmp_path):
    request.node.add_marker(pytest.mark.interop("ACL", "Java client -> our cluster"))
    cluster = _cluster(request, side)
    broker, ns = cluster["broker"], cluster["namesrv"]
    work = tmp_path / "mqadmin"
    # mqadmin signs with the account of $ROCKETMQ_HOME/conf/tools.yml.
    (work / "rocketmq-home" / "conf").mkdir(parents=True)
    (work / "rocketmq-home" / "conf" / "tools.yml").write_text(
        "accessKey: interopAdmin\nsecretKey: adminSecret1\n")
    account = f"mqadmin{side}Ak"
    rc, out = harness.mqadmin(work, "updateAclConfig", "-b", broker, "-a", account,
                              "-s", "mqadminSecret", "-i", "DENY", "-u", "SUB",
                              "-t", "AclMqadmin=PUB|SUB")
    assert rc == 0 and "success" in out, out
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", "AclMqadmin",
                                  "--access-key", account, "--secret-key", "mqadminSecret")
    assert rc == 0, out
    # (getAclConfig is checked with rmq-admin's accounts below.)
    rc, out = harness.mqadmin(work, "clusterAclConfigVersion", "-b", broker)
    assert rc == 0 and "success" in out, out
    rc, out = harness.mqadmin(work, "deleteAclConfig", "-b", broker, "-a", account)
    assert rc == 0 and "success" in out, out
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", "AclMqadmin",
                                  "--access-key", account, "--secret-key", "mqadminSecret")
    assert rc != 0 and f"No acl config for {account}" in out, out


def test_rmq_admin_acl_commands(request, our_acl_cluster, tmp_path):
    """Our rmq-admin's ACL commands on our broker, each checked through Apache's mqadmin."""
    request.node.add_marker(pytest.mark.interop("ACL", "Java client -> our cluster"))
    broker, ns = our_acl_cluster["broker"], our_acl_cluster["namesrv"]
    sign = ("-n", ns, "--aclAccessKey", "interopAdmin", "--aclSecretKey", "adminSecret1")
    work = tmp_path / "mqadmin"
    (work / "rocketmq-home" / "conf").mkdir(parents=True)
    (work / "rocketmq-home" / "conf" / "tools.yml").write_text(
        "accessKey: interopAdmin\nsecretKey: adminSecret1\n")

    rc, out, err = harness.rmq_admin("updateAclConfig", *sign, "-b", broker, "-a", "rmqAdminAk",
                                     "-s", "rmqAdminSecret", "-t", "AclRmqAdmin=PUB", "-i", "DENY")
    assert rc == 0, err
    rc, out = harness.mqadmin(work, "getAclConfig", "-b", broker)
    assert rc == 0 and "rmqAdminAk" in out and "AclRmqAdmin=PUB" in out, out

    rc, out = harness.mqadmin(work, "updateAclConfig", "-b", broker, "-a", "mqadminMadeAk",
                              "-s", "mqadminSecret", "-u", "SUB", "-g", "groupX=DENY")
    assert rc == 0 and "success" in out, out
    rc, out, err = harness.rmq_admin("getAclConfig", *sign, "-b", broker)
    assert rc == 0, err
    accounts = {a["accessKey"]: a for a in json.loads(out)[broker]["plainAccessConfigs"]}
    assert accounts["rmqAdminAk"]["topicPerms"] == ["AclRmqAdmin=PUB"], out
    assert accounts["mqadminMadeAk"]["groupPerms"] == ["groupX=DENY"], out

    rc, out, err = harness.rmq_admin("deleteAclConfig", *sign, "-b", broker, "-a", "rmqAdminAk")
    assert rc == 0, err
    rc, out, err = harness.rmq_admin("deleteAclConfig", *sign, "-b", broker, "-a", "rmqAdminAk")
    assert rc == 1 and "no account with accessKey rmqAdminAk" in err, err
    rc, out = harness.mqadmin(work, "getAclConfig", "-b", broker)
    assert rc == 0 and "rmqAdminAk" not in out, out
    # Unsigned, the broker refuses the tool.
    rc, out, err = harness.rmq_admin("getAclConfig", "-n", ns, "-b", broker)
    assert rc == 1 and "No accessKey is configured" in err, err
