"""Builds the rocketmq wheel once per session (incrementally: a persistent CMake build
directory and ccache), installs it into a directory outside the source tree and puts that
first on sys.path, so every test imports the package as users get it.

Environment:
  RMQ_BUILD_DIR     the C++ build tree whose namesrv and broker the cluster fixture runs
                    (unset: the programs shipped in the wheel)
  RMQ_PY_BUILD_DIR  the wheel's CMake build directory; the wheel and its install go to its
                    dist/ and site/ (default: <repo>/build/python)
  RMQ_PY_INSTALLED  set to 1 to test an already installed rocketmq instead of building one
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("RMQ_PY_BUILD_DIR", REPO / "build" / "python"))


def build_wheel():
    """The wheel of bindings-python, built offline with the build tools already installed.

    The flags match the C++ `test` preset's (RelWithDebInfo, -O2 -g1; -Werror under CI), and
    the CMake build directory sits at the same depth under the repository as build/test, so
    ccache serves the objects that build already compiled (with CCACHE_BASEDIR, paths are
    hashed relative to the build directory).
    """
    dist = BUILD / "dist"
    for old in dist.glob("*.whl"):
        old.unlink()
    # ccache's own settings come from the environment unchanged: they must be those the C++
    # build ran with for its objects to be found (the test command exports
    # CCACHE_BASEDIR=<repo> and CCACHE_NOHASHDIR=true for both).
    env = dict(os.environ)
    env.setdefault("PIP_ROOT_USER_ACTION", "ignore")
    # The compilers CMake picks by default, as in the presets: scikit-build-core would
    # otherwise use Python's (g++, gcc), and ccache keys on the compiler's name.
    env.setdefault("CXX", "c++")
    env.setdefault("CC", "cc")
    command = [
        sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index",
        "--disable-pip-version-check", "-q", "-w", str(dist), str(REPO / "bindings-python"),
        "-C", f"build-dir={BUILD}",
        "-C", "cmake.build-type=RelWithDebInfo",
        "-C", "cmake.define.CMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1",
        "-C", "cmake.define.CMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1",
        "-C", "install.strip=true",
    ]
    if env.get("CI") == "true":
        command += ["-C", "cmake.define.RMQ_WERROR=ON"]
    subprocess.run(command, check=True, env=env)
    (wheel,) = dist.glob("*.whl")
    return wheel


def pytest_configure(config):
    if os.environ.get("RMQ_PY_INSTALLED") == "1":
        return
    wheel = build_wheel()
    site = BUILD / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--upgrade", "-q",
         "--disable-pip-version-check", "--target", str(site), str(wheel)],
        check=True, env=dict(os.environ, PIP_ROOT_USER_ACTION="ignore"),
    )
    sys.path.insert(0, str(site))
    config.rocketmq_wheel = wheel


@pytest.fixture(scope="session")
def wheel(pytestconfig):
    path = getattr(pytestconfig, "rocketmq_wheel", None)
    if path is None:
        pytest.skip("testing an installed package; no wheel was built")
    return path


@pytest.fixture(scope="session")
def cluster():
    """One namesrv + broker for the session (programs from $RMQ_BUILD_DIR or the wheel)."""
    from rocketmq.testing import LocalCluster

    with LocalCluster(broker_options={"transactionCheckInterval": 1000, "transactionTimeOut": 1000,
                                      "traceTopicEnable": "true"}) as c:
        yield c


@pytest.fixture
def namesrv(cluster):
    return cluster.namesrv_addr


@pytest.fixture
def topic(request):
    """A topic of the test's own (auto-created by the broker on first send)."""
    name = request.node.name
    for ch in "[]-.:,= ":
        name = name.replace(ch, "_")
    return ("T_" + name)[:120]


@pytest.fixture
def producer(namesrv):
    import rocketmq

    with rocketmq.Producer("pytest_producer", namesrv_addr=namesrv) as p:
        yield p
