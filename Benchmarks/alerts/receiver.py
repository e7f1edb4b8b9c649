#!/usr/bin/env python3
"""A webhook receiver for Benchmarks/alerts/webhook.sh, on 127.0.0.1 only.

Usage: receiver.py PORT LOG [MODE]
Appends one JSON line per POST to LOG: {"received": <unix seconds>, "body": <the posted JSON>}.
MODE "ok" (default) answers 200 at once; "slow" sleeps 10 s before answering 200.
Ends by itself after 1200 s.
"""
import http.server
import json
import sys
import threading
import time

PORT = int(sys.argv[1])
LOG = sys.argv[2]
MODE = sys.argv[3] if len(sys.argv) > 3 else "ok"
lock = threading.Lock()


class Hook(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        arrived = time.time()
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = {"unparsable": body}
        with lock, open(LOG, "a") as log:
            log.write(json.dumps({"received": arrived, "body": parsed}) + "\n")
        if MODE == "slow":
            time.sleep(10)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Hook)
threading.Timer(1200, server.shutdown).start()
server.serve_forever()
