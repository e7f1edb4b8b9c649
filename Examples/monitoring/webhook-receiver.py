#!/usr/bin/env python3
"""A minimal Alertmanager webhook receiver: logs every alert it is sent, one JSON line each.

Usage: webhook-receiver.py --port PORT --log FILE [--host 127.0.0.1]

Alertmanager posts a group of alerts per notification (webhook payload version 4). For each
alert in it, this appends one line to FILE:
  {"receivedAt": <unix seconds, float>, "status": "firing"|"resolved", "alertname": ...,
   "labels": {...}, "annotations": {...}, "startsAt": "...", "groupKey": "..."}
and prints the same line, shortened, on standard output. It answers 200 to every POST that
holds JSON, 400 to anything else, and stops on SIGTERM or SIGINT. Standard library only.
"""
import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True, help="file the alert lines are appended to")
    arguments = parser.parse_args()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received = time.time()
            length = int(self.headers.get("Content-Length") or 0)
            try:
                payload = json.loads(self.rfile.read(length) or b"null")
                alerts = payload["alerts"]
            except (ValueError, KeyError, TypeError) as error:
                self.send_error(400, f"not an Alertmanager webhook payload: {error}")
                return
            lines = []
            for alert in alerts:
                labels = alert.get("labels", {})
                lines.append(json.dumps({
                    "receivedAt": received,
                    "status": alert.get("status"),
                    "alertname": labels.get("alertname"),
                    "labels": labels,
                    "annotations": alert.get("annotations", {}),
                    "startsAt": alert.get("startsAt"),
                    "groupKey": payload.get("groupKey"),
                }, sort_keys=True))
            with lock, open(arguments.log, "a", encoding="utf-8") as log:
                for line in lines:
                    log.write(line + "\n")
            for alert in alerts:
                labels = alert.get("labels", {})
                stamp = time.strftime("%H:%M:%S", time.localtime(received))
                print(f"{stamp} {alert.get('status')} {labels.get('alertname')} "
                      f"{ {k: v for k, v in labels.items() if k != 'alertname'} }", flush=True)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer((arguments.host, arguments.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"webhook receiver listening on http://{arguments.host}:{arguments.port}/, "
          f"logging to {arguments.log}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
