# Locust's figure for Benchmarks/http-target/run.sh: 32 users asking for nginx's small static
# file back to back (no wait), with Locust's fastest client (FastHttpUser, geventhttpclient).
from locust import FastHttpUser, constant, task


class StaticFileUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def static_file(self):
        self.client.get("/index.html")
