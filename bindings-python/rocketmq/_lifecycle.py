"""Shared client lifecycle: start/shutdown state, the context manager, a shutdown called from
inside a callback, shutting down at interpreter exit whatever the program left running, and
the thread that settles async sends' futures (see src/completions.cc)."""

import atexit
import threading
import weakref

from . import _logging, _native

_running = weakref.WeakSet()
_lock = threading.Lock()
_completions = None


def _settle_completions():
    while _native.settle_completions(1.0):
        pass


def _close_completions():
    _native.close_completions()
    _completions.join(5.0)


def _start_threads():
    """Starts, with the first client, the threads every client relies on: the log bridge's
    and the completions'; importing the package alone starts none."""
    global _completions
    with _lock:
        if _completions is not None:
            return
        _logging.start_bridge()
        _native.open_completions()
        _completions = threading.Thread(target=_settle_completions, name="rocketmq-completions", daemon=True)
        _completions.start()
        # atexit runs last-registered first: the clients are shut down (settling the sends
        # still in flight), then their outcomes are delivered, then the log lines.
        atexit.register(_close_completions)
        atexit.register(_shutdown_all)


class Client:
    """Base of the clients; ``self._native`` is the SDK object."""

    _native = None

    def __init__(self):
        _start_threads()
        self._state = "created"
        self._state_lock = threading.Lock()

    def start(self):
        """Starts the client (connects to the nameserver, starts its threads)."""
        with self._state_lock:
            if self._state == "running":
                return
            self._native.start()
            self._state = "running"
        with _lock:
            _running.add(self)

    def shutdown(self, timeout=3.0):
        """Stops the client within `timeout` seconds and joins its threads.

        Called from inside one of this client's callbacks (which the shutdown would wait
        for), it returns at once and the shutdown completes on another thread.
        """
        if _native.in_callback():
            threading.Thread(target=self._shutdown, args=(timeout,), name="rocketmq-shutdown").start()
            return
        self._shutdown(timeout)

    def _shutdown(self, timeout):
        with self._state_lock:
            if self._state != "running":
                self._state = "shut down"
                return
            self._state = "shut down"
        with _lock:
            _running.discard(self)
        self._native.shutdown(timeout)

    @property
    def running(self):
        """Whether start() was called and shutdown() not yet."""
        return self._state == "running"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()


def _shutdown_all():
    # Without this, SDK threads would call into an interpreter that is being torn down.
    with _lock:
        clients = list(_running)
    for client in clients:
        try:
            client._shutdown(3.0)
        except Exception:  # noqa: BLE001 - exiting anyway; one failure must not skip the rest
            pass
