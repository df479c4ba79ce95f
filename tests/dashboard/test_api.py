"""The dashboard's JSON API against a live namesrv + broker (urllib)."""

import base64
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import RMQ_ADMIN, RMQ_BENCH, free_port, http, post_json, wait_until


def test_cluster_lists_the_broker_with_role_version_and_tps(cluster, dashboard):
    status, data, _ = http(dashboard + "/api/cluster")
    assert status == 200
    (broker,) = data["brokers"]
    assert broker["addr"] == cluster.broker_addr
    assert broker["role"] == "ASYNC_MASTER"
    assert broker["version"]
    assert 0 <= broker["commitLogDiskRatio"] <= 1
    # The broker's own memory is reported apart from its mapped files.
    assert int(broker["memoryAnonymousBytes"]) > 0
    assert int(broker["memoryFileBackedBytes"]) >= 0
    # Messages sent now show as a positive inbound rate in the sampler's next rounds.
    for i in range(3):
        cluster.send("ApiTpsTopic", f"tps {i}")
    wait_until(lambda: any(b.get("inTps", 0) > 0 for b in http(dashboard + "/api/cluster")[1]["brokers"]),
               message="a positive TPS in")


def test_created_topic_appears_with_its_queues(cluster, dashboard):
    status, data, _ = post_json(dashboard + "/api/topic/update",
                                {"topic": "ApiCreatedTopic", "readQueueNums": 3, "writeQueueNums": 3})
    assert status == 200, data
    assert data["cluster"] == "DefaultCluster"
    topics = wait_until(lambda: [t for t in http(dashboard + "/api/topics")[1]["topics"]
                                 if t["topic"] == "ApiCreatedTopic"], message="topic listed")
    assert topics[0]["kind"] == "normal"
    kinds = {t["topic"]: t["kind"] for t in http(dashboard + "/api/topics")[1]["topics"]}
    assert kinds["TBW102"] == "system"
    status, data, _ = http(dashboard + "/api/topic?topic=ApiCreatedTopic")
    assert status == 200
    assert [q["readQueueNums"] for q in data["route"]["queues"]] == [3]
    assert len(data["queues"]) == 3


def test_bad_requests_are_refused_with_reasons(dashboard):
    status, data, _ = post_json(dashboard + "/api/topic/update", {"topic": "bad topic!"})
    assert status == 400 and "illegal characters" in data["error"]
    status, data, _ = post_json(dashboard + "/api/topic/update", {"topic": "T", "perm": 9})
    assert status == 400
    status, data, _ = http(dashboard + "/api/topic/update")
    assert status == 405  # actions are POST only
    status, data, _ = http(dashboard + "/api/topic/update", data=b"{}", method="POST",
                           headers={"Content-Type": "text/plain"})
    assert status == 415  # a cross-site form cannot send JSON
    status, data, _ = http(dashboard + "/api/topic?topic=NoSuchTopicAnywhere")
    assert status == 404 and data["error"]
    status, data, _ = http(dashboard + "/api/messages?topic=X&max=100000")
    assert status == 400
    status, data, _ = http(dashboard + "/api/nothing")
    assert status == 404


def test_group_lag_goes_to_zero_after_consuming(cluster, dashboard):
    topic, group = "ApiLagTopic", "ApiLagGroup"
    for i in range(4):
        cluster.send(topic, f"first {i}")
    cluster.consume(topic, group, 4)
    for i in range(3):
        cluster.send(topic, f"late {i}")
    wait_until(lambda: http(dashboard + f"/api/group?group={group}")[1]
               .get("progress", {}).get("totalLag") == 3, message="lag 3")
    groups = http(dashboard + "/api/groups")[1]["groups"]
    assert any(g["group"] == group for g in groups)
    cluster.consume(topic, group, 3)
    data = wait_until(lambda: (lambda d: d if d.get("progress", {}).get("totalLag") == 0 else None)(
        http(dashboard + f"/api/group?group={group}")[1]), message="lag 0")
    assert all(q["lag"] == 0 for q in data["progress"]["queues"])
    # The sampler's history charts it.
    wait_until(lambda: any(s["groups"].get(group, {}).get("lag") == 0
                           for s in http(dashboard + "/api/metrics")[1]["samples"]),
               message="lag 0 sampled")


def test_reset_offset_brings_the_lag_back(cluster, dashboard):
    topic, group = "ApiResetTopic", "ApiResetGroup"
    for i in range(2):
        cluster.send(topic, f"m {i}")
    cluster.consume(topic, group, 2)
    status, data, _ = post_json(dashboard + "/api/group/reset-offset",
                                {"group": group, "topic": topic, "timestamp": 0})
    assert status == 200, data
    assert sum(o["offset"] for o in data["offsets"]) == 0
    wait_until(lambda: http(dashboard + f"/api/group?group={group}")[1]
               .get("progress", {}).get("totalLag") == 2, message="lag 2 after the reset")


def test_a_traced_message_shows_its_send_trace(cluster, dashboard):
    cluster.send_traced("ApiTracedTopic")
    status, data, _ = http(dashboard + "/api/messages?topic=ApiTracedTopic&max=1")
    assert status == 200, data
    msg_id = data["messages"][0]["msgId"]
    # The producer ships its trace records in the background, and the broker indexes them.
    traces = wait_until(
        lambda: http(dashboard + f"/api/message?topic=ApiTracedTopic&id={msg_id}")[1]
        ["messages"][0]["traces"], message="the send's trace record")
    (pub,) = [t for t in traces if t["type"] == "Pub"]
    assert msg_id in pub["fields"] and "ApiTracedTopic" in pub["fields"]
    # An untraced message has none, and still shows.
    plain_id = cluster.send("ApiTracedTopic", "untraced")
    wait_until(lambda: http(dashboard + f"/api/message?topic=ApiTracedTopic&id={plain_id}")[0] == 200,
               message="the id indexed")
    status, data, _ = http(dashboard + f"/api/message?topic=ApiTracedTopic&id={plain_id}")
    assert data["messages"][0]["traces"] == []


def test_messages_by_key_id_and_time_with_safe_bodies(cluster, dashboard):
    before = int(time.time() * 1000) - 1000
    script = "<script>alert('x')</script>"
    msg_id = cluster.send("ApiSearchTopic", script, key="api-key-1")
    cluster.send("ApiSearchTopic", b"\x01\x02\xff binary", key="api-key-2")
    # The broker indexes keys and ids a moment after storing the message.
    for key in ("api-key-1", "api-key-2"):
        wait_until(lambda: http(dashboard + f"/api/messages?topic=ApiSearchTopic&key={key}")[1]
                   .get("messages"), message=f"{key} indexed")
    wait_until(lambda: http(dashboard + f"/api/message?topic=ApiSearchTopic&id={msg_id}")[0] == 200,
               message="the id indexed")
    status, data, _ = http(dashboard + "/api/messages?topic=ApiSearchTopic&key=api-key-1")
    assert status == 200
    (message,) = data["messages"]
    assert message["body"] == {"encoding": "text", "data": script, "size": len(script),
                               "truncated": False}
    status, data, raw = http(dashboard + f"/api/message?topic=ApiSearchTopic&id={msg_id}")
    assert status == 200 and data["messages"][0]["msgId"] == msg_id
    status, data, _ = http(dashboard + "/api/messages?topic=ApiSearchTopic&key=api-key-2")
    assert data["messages"][0]["body"]["encoding"] == "hex"
    assert data["messages"][0]["body"]["data"].startswith("0102ff")
    status, data, _ = http(dashboard + f"/api/messages?topic=ApiSearchTopic&begin={before}")
    assert status == 200 and len(data["messages"]) == 2
    later = int(time.time() * 1000) + 60_000
    status, data, _ = http(dashboard + f"/api/messages?topic=ApiSearchTopic&begin={later}")
    assert status == 200 and data["messages"] == []


def test_resend_has_a_consumer_consume_a_message_again(cluster, dashboard):
    topic, group = "ApiResendTopic", "ApiResendGroup"
    msg_id = cluster.send(topic, "once more")
    # The broker indexes a message's id a moment after storing it.
    wait_until(lambda: http(dashboard + f"/api/message?topic={topic}&id={msg_id}")[0] == 200,
               message="the message found by its id")
    consumer = subprocess.Popen([str(RMQ_BENCH), "consume", "-n", cluster.namesrv_addr, "-t", topic,
                                 "-g", group, "-w", "1", "-d", "60"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        members = wait_until(lambda: http(dashboard + f"/api/group?group={group}")[1]
                             .get("connections", {}).get("members"), message="the consumer online")
        status, data, _ = post_json(dashboard + "/api/message/resend",
                                    {"topic": topic, "msgId": msg_id, "group": group})
        assert status == 200, data
        assert data["consumeResult"] == "CR_SUCCESS", data
        assert data["clientId"] == members[0]["clientId"]
    finally:
        consumer.terminate()
        consumer.wait(10)
    status, data, _ = post_json(dashboard + "/api/message/resend",
                                {"topic": topic, "msgId": msg_id, "group": "NobodyConsumesHere"})
    assert status == 404 and data["error"], data


def test_read_only_refuses_post(read_only_dashboard):
    status, data, _ = post_json(read_only_dashboard + "/api/topic/update", {"topic": "NeverMade"})
    assert status == 403 and "read-only" in data["error"]
    status, data, _ = post_json(read_only_dashboard + "/api/group/reset-offset",
                                {"group": "g", "topic": "t"})
    assert status == 403
    status, data, _ = post_json(read_only_dashboard + "/api/message/resend",
                                {"group": "g", "msgId": "m"})
    assert status == 403
    assert http(read_only_dashboard + "/api/status")[1]["readOnly"] is True


def test_token_is_required_when_given(cluster):
    _, url = cluster.dashboard("dashboard-token", env={"RMQ_DASHBOARD_TOKEN": "s3cret"})
    status, _, head = http(url + "/api/status")
    assert status == 401 and head["WWW-Authenticate"].startswith("Basic")
    assert http(url + "/", headers={"Authorization": "Bearer wrong"})[0] == 401
    assert http(url + "/api/status", headers={"Authorization": "Bearer s3cret"})[0] == 200
    basic = base64.b64encode(b"admin:s3cret").decode()
    assert http(url + "/api/status", headers={"Authorization": "Basic " + basic})[0] == 200


def test_non_loopback_listen_needs_a_token(cluster):
    result = subprocess.run([str(RMQ_ADMIN), "dashboard", "-n", cluster.namesrv_addr,
                             "--listen", "0.0.0.0:0"], capture_output=True, timeout=30, check=False)
    assert result.returncode == 2
    assert b"--token" in result.stderr


def test_foreign_host_header_is_refused(dashboard):
    status, data, _ = http(dashboard + "/api/status", headers={"Host": "attacker.example:80"})
    assert status == 403


def test_dead_nameserver_is_an_error_and_the_server_keeps_serving(cluster):
    dead = f"127.0.0.1:{free_port()}"
    process, url = cluster.dashboard("dashboard-dead", "--timeout", "1000", namesrv=dead)
    started = time.monotonic()
    status, data, _ = http(url + "/api/cluster", timeout=30)
    assert status in (502, 504) and data["error"]
    assert time.monotonic() - started < 15
    # Several at once, beyond the workers: each is answered, and the page still loads.
    for _ in range(3):
        assert http(url + "/api/topics", timeout=30)[0] in (502, 504)
    assert http(url + "/api/status")[0] == 200
    assert http(url + "/")[0] == 200
    assert process.process.poll() is None


def test_a_silent_nameserver_never_stalls_the_server(cluster):
    # Connections to it are accepted by the kernel and never answered.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        addr = f"127.0.0.1:{silent.getsockname()[1]}"
        _, url = cluster.dashboard("dashboard-silent", "--timeout", "1500", namesrv=addr)
        with ThreadPoolExecutor(4) as pool:
            waiting = [pool.submit(http, url + "/api/cluster", timeout=60) for _ in range(4)]
            # While the workers wait for the nameserver, the page and /api/status answer.
            wait_until(lambda: http(url + "/api/status", timeout=5)[1]["inFlight"] == 4,
                       timeout=5, interval=0.02, message="4 requests waiting")
            started = time.monotonic()
            assert http(url + "/api/status", timeout=5)[0] == 200
            assert http(url + "/", timeout=5)[0] == 200
            assert time.monotonic() - started < 1.0
            statuses = [f.result()[0] for f in waiting]
        assert all(s in (502, 504) for s in statuses), statuses
