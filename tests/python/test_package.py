"""The package as shipped: the wheel's contents, stubs and docstrings, a fresh virtualenv,
interpreter exit without shutdown, logging."""

import inspect
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import rocketmq
import rocketmq.aio
import rocketmq.client
import rocketmq.testing


def test_wheel_is_self_contained(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("rocketmq/py.typed", "rocketmq/_native.pyi", "rocketmq/_bin/namesrv",
                     "rocketmq/_bin/broker", "rocketmq/client.py", "rocketmq/testing/__init__.py"):
        assert required in names
    assert any(n.startswith("rocketmq/_native.") and n.endswith(".so") for n in names)
    assert any(n.startswith("rocketmq/_libs/libevent_core") for n in names)


def test_public_items_have_docstrings():
    missing = []
    for module in (rocketmq, rocketmq.aio, rocketmq.testing):
        for name in getattr(module, "__all__", []):
            item = getattr(module, name)
            if (inspect.isclass(item) or inspect.isfunction(item)) and not (item.__doc__ or "").strip():
                missing.append(f"{module.__name__}.{name}")
    assert not missing


def test_fresh_virtualenv_imports_the_wheel_and_runs_a_cluster(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                    "--disable-pip-version-check", str(wheel)], check=True)
    script = textwrap.dedent("""
        import rocketmq, rocketmq.client, sys
        from rocketmq.testing import LocalCluster
        assert "site-packages" in rocketmq.__file__, rocketmq.__file__
        with LocalCluster() as cluster:  # the programs shipped in the wheel
            with rocketmq.Producer("venv", namesrv_addr=cluster.namesrv_addr) as p:
                r = p.send("VenvTopic", b"\\x00\\xff")
            with rocketmq.LitePullConsumer("venv", namesrv_addr=cluster.namesrv_addr,
                                           consume_from="FIRST_OFFSET") as c:
                while True:  # until the broker registered the topic it just created
                    try:
                        c.subscribe("VenvTopic")
                        break
                    except rocketmq.NotFoundError:
                        pass
                for m in c:
                    assert m.body == b"\\x00\\xff"
                    break
        print("OK", rocketmq.__version__)
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RMQ_BUILD_DIR")}
    out = subprocess.run([str(python), "-c", script], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("OK " + rocketmq.__version__)


def test_exit_without_shutdown_neither_hangs_nor_crashes(namesrv, tmp_path):
    script = textwrap.dedent(f"""
        import rocketmq, threading
        p = rocketmq.Producer("exit", namesrv_addr="{namesrv}")
        p.start()
        futures = [p.send_async("ExitTopic", b"x") for _ in range(100)]
        c = rocketmq.PushConsumer("exit", namesrv_addr="{namesrv}", listener=lambda m: None)
        c.subscribe("ExitTopic")
        c.start()
        l = rocketmq.LitePullConsumer("exit2", namesrv_addr="{namesrv}")
        l.start()
        print("started")
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "started"


def test_sdk_log_lines_reach_python_logging(namesrv, caplog):
    caplog.set_level("INFO", logger="rocketmq")
    rocketmq.set_log_level("INFO")
    try:
        with rocketmq.Producer("g_logging", namesrv_addr=namesrv):
            pass
        # The bridge thread delivers asynchronously.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any("g_logging" in r.getMessage() for r in caplog.records):
            time.sleep(0.05)
        assert any("g_logging" in r.getMessage() for r in caplog.records)
    finally:
        rocketmq.set_log_level("WARNING")


def test_stubs_match_the_native_module():
    import ast

    import rocketmq._native as native

    stub = ast.parse((Path(native.__file__).parent / "_native.pyi").read_text())
    declared = {node.name for node in stub.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    declared |= {t.id for node in stub.body if isinstance(node, ast.AnnAssign) for t in [node.target]}
    public = {name for name in dir(native) if not name.startswith("_")} | {"__version__"}
    assert public <= declared | {"Bytes"}, public - declared
    for name in public:
        item = getattr(native, name)
        if isinstance(item, type) and not issubclass(item, BaseException):
            stub_class = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == name)
            stub_members = {n.name for n in stub_class.body if isinstance(n, ast.FunctionDef)} | {
                n.target.id for n in stub_class.body if isinstance(n, ast.AnnAssign)}
            runtime = {m for m in vars(item) if not m.startswith("_")}
            assert runtime <= stub_members | set(item.__members__ if hasattr(item, "__members__") else ()), (
                name, runtime - stub_members)


def test_ctrl_c_interrupts_a_poll(namesrv, tmp_path):
    import signal

    # The child sets Python's own SIGINT handler itself: a process started with SIGINT
    # ignored (a CI job run in the background by a non-interactive shell, nohup) passes that
    # on through exec, and Python then keeps it ignored, so the SIGINT below would do nothing
    # and the poll would run its whole minute and return normally: exit 0, nothing printed.
    # That was this test's failure in two fresh-clone CI runs; a terminal's Ctrl-C always
    # finds the handler installed. faulthandler: a crash or SIGUSR1 prints every thread's stack.
    script = textwrap.dedent(f"""
        import faulthandler, signal, sys, time
        faulthandler.enable()
        faulthandler.register(signal.SIGUSR1)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import rocketmq
        c = rocketmq.LitePullConsumer("ctrlc", namesrv_addr="{namesrv}")
        c.start()
        try:
            print("polling", flush=True)
            c.poll(timeout=60)
            print("poll returned", flush=True)
        except KeyboardInterrupt:
            print("interrupted", time.monotonic(), flush=True)
            c.shutdown()
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    try:
        first = proc.stdout.readline().strip()
        if first != "polling":
            out, err = proc.communicate(timeout=30)
            raise AssertionError(f"the child did not start polling: {_exit_status(proc.returncode)}\n"
                                 f"stdout: {first}{out}\nstderr: {err}")
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGUSR1)  # its threads' stacks, to stderr
            time.sleep(1)
            proc.kill()
            out, err = proc.communicate()
            raise AssertionError(f"the child still ran 30 s after SIGINT\nstdout: {out}\nstderr: {err}")
        what = f"{_exit_status(proc.returncode)}\nstdout: {out}\nstderr: {err}"
        lines = out.split()
        assert lines[:1] == ["interrupted"], what
        # CLOCK_MONOTONIC: one clock for every process of the machine.
        assert float(lines[1]) - signalled < 5, what
        assert proc.returncode == 0, what
    finally:
        proc.kill()
        proc.wait()


def _exit_status(returncode):
    """A child's exit status in words: its code, or the signal that ended it."""
    import signal

    if returncode is None:
        return "still running"
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exit code {returncode}"


def test_import_alone_starts_no_thread():
    script = "import threading, rocketmq, rocketmq.client, rocketmq.aio; print(threading.active_count())"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"


def test_pytest_plugin_provides_a_cluster(tmp_path):
    # Found through the wheel's pytest11 entry point: nothing names the plugin here.
    (tmp_path / "test_user.py").write_text(textwrap.dedent("""
        import rocketmq

        def test_send(rocketmq_cluster):
            with rocketmq.Producer("plugin", namesrv_addr=rocketmq_cluster.namesrv_addr) as p:
                assert p.send("PluginTopic", b"x").status == rocketmq.SendStatus.OK
    """))
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(tmp_path / "test_user.py")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert out.returncode == 0, out.stdout + out.stderr
