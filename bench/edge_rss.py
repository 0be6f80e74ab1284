#!/usr/bin/env python3
"""Oversized bodies against a running `owui serve`, and its memory meanwhile.

The targets: a 50 MB JSON body and a 10 GB upload are refused early, with
the server's resident memory staying under 200 MB; a normal client gets
/health in under a second while 500 slow connections are held open. This script starts the
binary given (a release build: a debug build's RSS says little) on a fresh
data directory and a free port on 127.0.0.1, signs up an admin, then sends,
each several times at once:

  json-length   POST /api/v1/folders/, 50 MB JSON announced by Content-Length
  json-chunked  the same without a length (chunked), until the server answers
  upload-length POST /api/v1/files/, a 10 GB multipart upload announced
  upload-chunked the same without a length, until the server answers
                (at UPLOAD_MAX_SIZE, 1 GB by default: that much is written
                to disk first, then removed)
  slow          --slow connections (500) that never finish their headers,
                and a normal client's GET /health meanwhile

For each it prints the statuses, the bytes actually sent before the answer,
the time to the answer, and the server's VmRSS and VmHWM (peak) from
/proc/PID/status. Nothing is asserted; it exits 0 when the runs completed.

    cargo build --release && python3 bench/edge_rss.py [--bin target/release/owui] [--clients 8]
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

MB = 1024 * 1024
GB = 1024 * MB
CHUNK = 256 * 1024
BOUNDARY = "----owuibenchboundary"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_of(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0]) // 1024
    return out


def request(port, head, body_total, first=b"", chunked=False, limit_s=600):
    """Send `head`, then `first` and zeros up to `body_total` bytes (as HTTP
    chunks when `chunked`) while reading; stop at the first answer."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head.encode())
    answer = bytearray()
    done = threading.Event()

    def read():
        try:
            while not done.is_set():
                b = s.recv(65536)
                if not b:
                    break
                answer.extend(b)
                if b"\r\n\r\n" in answer:
                    break
        except OSError:
            pass
        done.set()

    t0 = time.monotonic()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    sent = 0
    zeros = bytes(CHUNK)
    piece = first
    try:
        while not done.is_set() and sent < body_total and time.monotonic() - t0 < limit_s:
            data = piece or zeros[: min(CHUNK, body_total - sent)]
            piece = b""
            s.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            sent += len(data)
    except OSError:
        pass
    done.wait(limit_s)
    took = time.monotonic() - t0
    s.close()
    line = bytes(answer).split(b"\r\n", 1)[0].decode(errors="replace")
    return line, sent, took


def run_case(name, pid, port, clients, make):
    results = [None] * clients

    def one(i):
        results[i] = make()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    peak_seen = 0
    while any(t.is_alive() for t in threads):
        peak_seen = max(peak_seen, status_of(pid)["VmRSS"])
        time.sleep(0.05)
    st = status_of(pid)
    lines = sorted({r[0] for r in results})
    sent = max(r[1] for r in results)
    took = max(r[2] for r in results)
    print(
        f"| {name} | {clients} | {', '.join(lines)} | {sent / MB:.1f} MB | {took:.2f} s "
        f"| {max(peak_seen, st['VmRSS'])} MiB | {st['VmHWM']} MiB |"
    )


def slow_connections(pid, port, n):
    """Hold `n` connections that never finish their headers (sending a
    byte now and then), and time a normal client's GET /health meanwhile."""
    held = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        c.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        held.append(c)
    times = []
    for _ in range(20):
        for c in held:
            try:
                c.sendall(b"a")
            except OSError:
                pass
        t = time.monotonic()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10).read()
        times.append(time.monotonic() - t)
        time.sleep(0.05)
    st = status_of(pid)
    for c in held:
        c.close()
    times.sort()
    print(
        f"\n{n} slow connections held open: GET /health from a normal client, "
        f"20 tries: median {times[10] * 1000:.2f} ms, slowest {times[-1] * 1000:.2f} ms; "
        f"server RSS {st['VmRSS']} MiB"
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/owui")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--slow", type=int, default=500, help="slow connections held open")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="owui-edge-")
    port = free_port()
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "xdg"))
    log = open(os.path.join(work, "server.log"), "w")
    srv = subprocess.Popen(
        [a.bin, "--data-dir", os.path.join(work, "data"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=log, env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        req = urllib.request.Request(
            base + "/api/v1/auths/signup",
            data=json.dumps({"name": "A", "email": "a@example.com", "password": "pw-bench-1"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        token = json.load(urllib.request.urlopen(req))["token"]
        print(f"idle: {status_of(srv.pid)}", file=sys.stderr)
        print("| case | clients | answers | most sent before the answer | slowest answer | RSS seen | peak (VmHWM) |")
        print("|---|---|---|---|---|---|---|")
        auth = f"Authorization: Bearer {token}\r\n"
        json_head = "POST /api/v1/folders/ HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
        first_json = b'{"name": "' + b"a" * CHUNK
        run_case("json-length", srv.pid, port, a.clients, lambda: request(
            port, json_head + f"Content-Length: {50 * MB}\r\n\r\n", 50 * MB, first_json))
        run_case("json-chunked", srv.pid, port, a.clients, lambda: request(
            port, json_head + "Transfer-Encoding: chunked\r\n\r\n", 50 * MB, first_json, chunked=True))
        up_head = (
            "POST /api/v1/files/?process=false HTTP/1.1\r\nHost: x\r\n" + auth
            + f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        )
        part = (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        run_case("upload-length", srv.pid, port, a.clients, lambda: request(
            port, up_head + f"Content-Length: {10 * GB}\r\n\r\n", 10 * GB, part))
        run_case("upload-chunked", srv.pid, port, a.clients, lambda: request(
            port, up_head + "Transfer-Encoding: chunked\r\n\r\n", 10 * GB, part, chunked=True))
        slow_connections(srv.pid, port, a.slow)
        left = os.listdir(os.path.join(work, "data", "uploads")) if os.path.isdir(os.path.join(work, "data", "uploads")) else []
        print(f"\nfiles left in uploads/: {len(left)}; server after the runs: {status_of(srv.pid)}")
    finally:
        srv.terminate()
        try:
            srv.wait(30)
        except subprocess.TimeoutExpired:
            srv.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
