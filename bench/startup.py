#!/usr/bin/env python3
"""Time from process spawn to the first 200 answer from GET /health.

Each run uses a fresh, empty data dir and a fresh process. The client retries
the TCP connect every 1 ms (poll interval configurable) and sends a plain
HTTP/1.1 request as soon as the port accepts; a connection refused, a reset or a
non-200 answer counts as "not ready yet". Each run is bounded by --timeout.

Prints one JSON object: {"runs_ms": [...], "min_ms", "median_ms", "max_ms"}.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health_ok(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as s:
            s.sendall(
                b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            head = s.recv(64)
            return head.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200"))
    except OSError:
        return False


def one_run(binary: str, parent: str, timeout: float, poll: float, log) -> float:
    data_dir = tempfile.mkdtemp(prefix="startup-", dir=parent)
    port = free_port()
    cmd = [binary, "--data-dir", data_dir, "serve", "--host", "127.0.0.1", "--port", str(port)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    try:
        deadline = t0 + timeout
        while True:
            if health_ok(port):
                return (time.perf_counter() - t0) * 1000.0
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with code {proc.returncode} before /health answered")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"/health did not answer 200 within {timeout} s")
            time.sleep(poll)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True, help="path to the owui binary")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per run")
    ap.add_argument("--poll-ms", type=float, default=1.0)
    ap.add_argument("--workdir", default=None, help="parent dir for the temp data dirs")
    ap.add_argument("--log", default=os.devnull, help="file for the server's output")
    args = ap.parse_args()

    runs = []
    with open(args.log, "ab") as log:
        for _ in range(args.runs):
            runs.append(one_run(args.bin, args.workdir, args.timeout, args.poll_ms / 1000.0, log))
    print(json.dumps({
        "runs_ms": [round(r, 2) for r in runs],
        "min_ms": round(min(runs), 2),
        "median_ms": round(statistics.median(runs), 2),
        "max_ms": round(max(runs), 2),
    }))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print(f"startup.py: {e}", file=sys.stderr)
        sys.exit(1)
