# Locust's figures for Benchmarks/http-target/run.sh: users asking for one path back to back (no
# wait), with Locust's fastest client (FastHttpUser, geventhttpclient). The path is TARGET_PATH
# (/index.html, nginx's small static file, by default; / for http-fixture-server).
import os

from locust import FastHttpUser, constant, task

TARGET_PATH = os.environ.get("TARGET_PATH", "/index.html")


class TargetPathUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def target_path(self):
        self.client.get(TARGET_PATH)
