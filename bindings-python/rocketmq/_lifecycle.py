"""Shared client lifecycle: start/shutdown state, the context manager, a shutdown called from
inside a callback, shutting down at interpreter exit whatever the program left running, and
the thread that settles async sends' futures (see src/completions.cc)."""

import atexit
import threading
import weakref

from . import _native

_running = weakref.WeakSet()
_lock = threading.Lock()


def _settle_completions():
    while _native.settle_completions(1.0):
        pass


def _close_completions():
    _native.close_completions()
    _completions.join(5.0)


_native.open_completions()
_completions = threading.Thread(target=_settle_completions, name="rocketmq-completions", daemon=True)
_completions.start()
# Registered before _shutdown_all below, so it runs after it (atexit is last-in, first-out):
# the shutdown settles the sends still in flight, and this thread delivers those outcomes.
atexit.register(_close_completions)


class Client:
    """Base of the clients; ``self._native`` is the SDK object."""

    _native = None

    def __init__(self):
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


@atexit.register
def _shutdown_all():
    # Without this, SDK threads would call into an interpreter that is being torn down.
    with _lock:
        clients = list(_running)
    for client in clients:
        try:
            client._shutdown(3.0)
        except Exception:  # noqa: BLE001 - exiting anyway; one failure must not skip the rest
            pass
