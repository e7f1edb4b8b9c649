#!/usr/bin/env python3
"""/healthz latency of `perfgate serve` while N connections that never send a byte are open.

Usage: python3 Benchmarks/hardening/healthz_under_idle.py PERFGATE [IDLE=500] [PROBES=50]

Starts `PERFGATE serve` on a free 127.0.0.1 port, opens IDLE silent connections, then times
PROBES sequential `GET /healthz` requests (each on a new connection, as a scraper does) and prints
their status codes and latency percentiles. Stops the server at the end; bounded to about 60 s.
"""
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=10.0):
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, (time.perf_counter() - start) * 1000


def main():
    perfgate = sys.argv[1]
    idle = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    probes = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    port = free_port()
    server = subprocess.Popen(
        [perfgate, "serve", "--port", str(port), "--rate", "200", "--duration", "60"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if get(port, "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        sockets = []
        for _ in range(idle):
            try:
                sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError:
                break
        time.sleep(0.5)
        results = []
        for _ in range(probes):
            try:
                results.append(get(port, "/healthz"))
            except OSError:
                results.append((0, float("nan")))
        codes = {}
        for status, _ in results:
            codes[status] = codes.get(status, 0) + 1
        latencies = sorted(ms for status, ms in results if status == 200)

        def pct(p):
            return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

        print(f"idle connections open: {len(sockets)}; /healthz probes: {probes}; status counts: {codes}")
        print(f"latency of 200s: p50 {pct(0.5):.2f} ms, p95 {pct(0.95):.2f} ms, max {latencies[-1] if latencies else float('nan'):.2f} ms")
        for s in sockets:
            s.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
