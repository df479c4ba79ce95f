"""Timer messages from Apache's 4.9.7 Java client (TIMER_DELIVER_MS as a user property, the
only way a 4.x client can send one): our broker holds the message until it is due, as 5.x
does; Apache's 4.9.7 broker ignores the property and delivers at once (the fact behind our
SDK's refusal, test_sdk_on_apache.py)."""
import re
import time

import pytest

import harness


def _timer_round_trip(tmp_path, ns, topic, delay_ms):
    """Sends two messages due `delay_ms` from now; returns their due time and store times."""
    due = int(time.time() * 1000) + delay_ms
    rc, out = harness.java_driver(tmp_path, "produce", "--namesrv", ns, "--topic", topic,
                                  "--count", 2, "--prefix", topic, "--timer-deliver-ms", due)
    assert rc == 0, out
    rc, out = harness.java_driver(tmp_path, "consume", "--namesrv", ns, "--topic", topic,
                                  "--group", f"g_{topic}", "--count", 2, "--seconds", 40)
    assert rc == 0, out
    rows = re.findall(r"received body=(\S+) .* born=(\d+) stored=(\d+)", out)
    assert sorted(b for b, _, _ in rows) == [f"{topic}-0", f"{topic}-1"], out
    return due, [int(stored) for _, _, stored in rows], out


@pytest.mark.interop("timer message", "Java client -> our cluster")
def test_java_timer_message_waits_on_our_broker(our_cluster, tmp_path):
    due, stored, out = _timer_round_trip(tmp_path, our_cluster["namesrv"], "JavaTimerOnOurs",
                                         3000)
    # Stored in its topic only once due (the broker's clock is this machine's).
    assert all(s >= due for s in stored), out
    assert "TIMER_OUT_MS" in out and "REAL_TOPIC" not in out, out


def test_apache_497_broker_ignores_timer_messages(apache_cluster, tmp_path):
    # The due time is set before the producer's JVM starts: far enough ahead that a loaded
    # machine's JVM start and first send cannot reach it (10 s could), well within the
    # consumer's 40 s if the broker held the messages.
    due, stored, out = _timer_round_trip(tmp_path, apache_cluster["namesrv"], "JavaTimerOnApache",
                                         30000)
    assert all(s < due for s in stored), out
    assert "TIMER_OUT_MS" not in out, out
