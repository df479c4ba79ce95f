"""Waiting for messages in tests: conditions with deadlines, never fixed sleeps."""

import threading
import time


class Collector:
    """A listener that records what it receives and wakes waiters."""

    def __init__(self, result=None):
        self.messages = []
        self.threads = set()
        self._cond = threading.Condition()
        self._result = result

    def __call__(self, message):
        with self._cond:
            self.messages.append(message)
            self.threads.add(threading.get_ident())
            self._cond.notify_all()
        return self._result(message) if callable(self._result) else self._result

    def wait_for(self, predicate, timeout=20.0):
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self.messages):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def wait_count(self, n, timeout=20.0):
        return self.wait_for(lambda ms: len(ms) >= n, timeout)

    def bodies(self):
        with self._cond:
            return [m.body for m in self.messages]


def poll_until(consumer, n, timeout=20.0):
    """Polls a LitePullConsumer until it returned `n` messages or `timeout` passed."""
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < deadline:
        out.extend(consumer.poll(0.5))
    return out


def subscribe(consumer, topic, expression="*", timeout=10.0):
    """LitePullConsumer.subscribe once the nameserver has the topic's route: a broker
    registers a topic it auto-created shortly after storing the first message."""
    import rocketmq

    deadline = time.monotonic() + timeout
    while True:
        try:
            consumer.subscribe(topic, expression)
            return
        except rocketmq.NotFoundError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def wait_for_route(namesrv, topic, timeout=10.0):
    """Returns once the nameserver has `topic`'s route (see subscribe())."""
    import rocketmq

    with rocketmq.LitePullConsumer("route_probe", namesrv_addr=namesrv) as probe:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return probe.fetch_queues(topic)
            except rocketmq.NotFoundError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
