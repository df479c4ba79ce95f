"""Arguments shared by the examples: -n NAMESRV (default $NAMESRV_ADDR; neither given: a
LocalCluster is started for the run), -t TOPIC, -c COUNT."""

import argparse
import contextlib
import os

from rocketmq.testing import LocalCluster


@contextlib.contextmanager
def example_args(description, topic="ExampleTopic", count=10):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", dest="namesrv", default=os.environ.get("NAMESRV_ADDR"))
    parser.add_argument("-t", dest="topic", default=topic)
    parser.add_argument("-c", dest="count", type=int, default=count)
    args = parser.parse_args()
    if args.namesrv:
        yield args
        return
    with LocalCluster() as cluster:
        print(f"started a local cluster, namesrv {cluster.namesrv_addr}")
        args.namesrv = cluster.namesrv_addr
        yield args
