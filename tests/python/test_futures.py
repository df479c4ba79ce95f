"""The futures send_async returns settle as concurrent.futures.Future does, for every way of
waiting: result/exception with and without timeouts, done-callbacks before and after,
concurrent.futures.wait and as_completed, from threads racing the settling thread."""

import concurrent.futures
import threading
import time

import pytest

from rocketmq._clients import _SendFuture


def test_is_a_running_future_that_cannot_be_cancelled():
    f = _SendFuture()
    assert isinstance(f, concurrent.futures.Future)
    assert f.running() and not f.done() and not f.cancel() and not f.cancelled()
    with pytest.raises(concurrent.futures.TimeoutError):
        f.result(0.01)
    with pytest.raises(concurrent.futures.TimeoutError):
        f.exception(0.01)
    f.set_result("r")
    assert f.done() and f.result() == "r" and f.exception() is None
    with pytest.raises(concurrent.futures.InvalidStateError):
        f.set_result("again")


def test_exception_is_raised_by_result():
    f = _SendFuture()
    f.set_exception(KeyError("k"))
    assert isinstance(f.exception(), KeyError)
    with pytest.raises(KeyError):
        f.result()


def test_done_callbacks_run_once_whether_added_before_or_after():
    f = _SendFuture()
    seen = []
    f.add_done_callback(lambda x: seen.append(("before", x.result())))
    f.set_result(1)
    f.add_done_callback(lambda x: seen.append(("after", x.result())))
    assert seen == [("before", 1), ("after", 1)]


def test_waiters_in_other_threads_are_woken_whenever_they_start_waiting():
    # Waiters that start just before, during and after settling: none may miss it.
    for round_ in range(200):
        futures = [_SendFuture() for _ in range(8)]
        got = []
        start = threading.Barrier(4)

        def by_result():
            start.wait()
            got.append(sum(f.result(10) for f in futures))

        def by_wait():
            start.wait()
            done, not_done = concurrent.futures.wait(futures, 10)
            got.append(len(done) if not not_done else -1)

        def by_as_completed():
            start.wait()
            got.append(len(list(concurrent.futures.as_completed(futures, 10))))

        threads = [threading.Thread(target=t) for t in (by_result, by_wait, by_as_completed)]
        for t in threads:
            t.start()
        start.wait()
        if round_ % 2:
            time.sleep(0.001)
        for i, f in enumerate(futures):
            f.set_result(i)
        for t in threads:
            t.join(20)
        assert sorted(got) == [8, 8, 28], got


def test_wait_for_the_first_exception_returns_when_one_fails():
    ok, failing = _SendFuture(), _SendFuture()
    ok.set_result("r")
    threading.Timer(0.05, failing.set_exception, args=(KeyError("k"),)).start()
    pending = _SendFuture()
    started = time.monotonic()
    done, not_done = concurrent.futures.wait(
        [ok, failing, pending], timeout=10, return_when=concurrent.futures.FIRST_EXCEPTION)
    assert failing in done and pending in not_done
    assert time.monotonic() - started < 5, "wait() slept until its timeout"
