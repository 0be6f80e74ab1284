#!/usr/bin/env python3
"""Ingest and query a knowledge base over HTTP, as the web UI does.

Starts `owui serve` (the release binary by default) on a fresh data dir and a
free loopback port with the built-in embedding model read from a local
directory, signs up an admin, creates a knowledge base, then uploads
--docs documents of about --size bytes each (multipart `POST
/api/v1/files/` with `metadata.knowledge_id`, --concurrency at a time, as the
Knowledge page does) and waits until every file is `completed`. Then it
times --queries `POST /api/v1/retrieval/query/doc` on the knowledge base
(plain vector search, then hybrid), and reads the server's RSS.

Prints one JSON object:
  {"docs", "chunks", "ingest_s", "docs_per_s", "chunks_per_s",
   "query_ms": {"p50", "p95"}, "hybrid_query_ms": {"p50", "p95"},
   "rss_mb_after_ingest", "rss_mb_after_queries", "rss_mb_peak", "load_before"}

Usage:
  python3 bench/ingest.py [--bin target/release/owui] [--model DIR]
                          [--docs 200] [--size 3000] [--concurrency 4]
"""

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

WORDS = (
    "otter seal harbour tide kelp urchin shell stone river estuary current "
    "sand reef coral plankton whale dolphin gull cliff wave storm lighthouse "
    "fisher net boat anchor rope sail compass chart map island bay inlet "
    "marsh heron crab clam mussel oyster salt brine foam spray pebble dune"
).split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def document(i: int, size: int, rng: random.Random) -> str:
    """About `size` characters of prose, in paragraphs, unique per `i`."""
    out, n = [f"# Field note {i}\n\n"], 0
    while n < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16)))
        sentence = sentence.capitalize() + f" (note {i}).\n"
        if rng.random() < 0.2:
            sentence += "\n"
        out.append(sentence)
        n += len(sentence)
    return "".join(out)


class Client:
    def __init__(self, base: str):
        self.base = base
        self.token = ""

    def call(self, method: str, path: str, body=None, headers=None, raw=None):
        h = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if raw is not None:
            data = raw
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, headers=h, method=method)
        with urllib.request.urlopen(req, timeout=600) as r:
            text = r.read()
        return json.loads(text) if text else None

    def upload(self, name: str, text: str, metadata: dict) -> dict:
        boundary = uuid.uuid4().hex
        parts = [
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/markdown\r\n\r\n".encode(),
            text.encode(),
            f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n"
            f"{json.dumps(metadata)}\r\n--{boundary}--\r\n".encode(),
        ]
        return self.call(
            "POST",
            "/api/v1/files/",
            raw=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def hwm_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentiles(xs):
    xs = sorted(xs)
    return {
        "p50": round(statistics.median(xs), 2),
        "p95": round(xs[min(len(xs) - 1, int(len(xs) * 0.95))], 2),
    }


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(root, "target", "release", "owui"))
    ap.add_argument("--model", default=os.path.join(root, "target", "models", "all-MiniLM-L6-v2"))
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--size", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--timeout", type=float, default=1200)
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.model, "model.safetensors")):
        sys.exit(f"no model at {a.model} (cargo test --lib retrieval::embed fetches it)")

    data = tempfile.mkdtemp(prefix="owui-ingest-")
    port = free_port()
    env = dict(os.environ, RAG_EMBEDDING_MODEL=a.model, ENABLE_OPENAI_API="false",
               ENABLE_OLLAMA_API="false", WEBUI_SECRET_KEY="bench")
    log = open(os.path.join(data, "server.log"), "w")
    srv = subprocess.Popen(
        [a.bin, "--data-dir", data, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=log,
    )
    try:
        c = Client(f"http://127.0.0.1:{port}")
        deadline = time.time() + 30
        while True:
            try:
                c.call("GET", "/health")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline:
                    sys.exit("owui did not start")
                time.sleep(0.05)
        c.token = c.call("POST", "/api/v1/auths/signup",
                         {"name": "Bench", "email": "bench@example.com", "password": "bench-pw-1"})["token"]
        kb = c.call("POST", "/api/v1/knowledge/create", {"name": "Field notes", "description": "bench"})["id"]
        rng = random.Random(7)
        docs = [document(i, a.size, rng) for i in range(a.docs)]
        load_before = os.getloadavg()[0]

        ids, lock, todo = [], threading.Lock(), list(enumerate(docs))
        t0 = time.time()

        def worker():
            while True:
                with lock:
                    if not todo:
                        return
                    i, text = todo.pop(0)
                f = c.upload(f"note-{i}.md", text, {"knowledge_id": kb})
                with lock:
                    ids.append(f["id"])

        threads = [threading.Thread(target=worker) for _ in range(a.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        pending = set(ids)
        while pending:
            if time.time() - t0 > a.timeout:
                sys.exit(f"{len(pending)} files not processed in {a.timeout} s")
            for fid in list(pending):
                st = c.call("GET", f"/api/v1/files/{fid}/process/status")["status"]
                if st == "completed":
                    pending.discard(fid)
                elif st == "failed":
                    sys.exit(f"file {fid} failed: {c.call('GET', f'/api/v1/files/{fid}')['data']}")
            time.sleep(0.05)
        ingest = time.time() - t0
        rss_ingest = rss_mb(srv.pid)
        files = c.call("GET", f"/api/v1/knowledge/{kb}/files?page=1")
        linked = files.get("total", len(files.get("items", [])))
        assert linked == a.docs, f"{linked} files linked, {a.docs} uploaded"

        queries = [" ".join(rng.choice(WORDS) for _ in range(5)) for _ in range(a.queries)]

        def timed(hybrid: bool):
            out = []
            for q in queries:
                t = time.perf_counter()
                r = c.call("POST", "/api/v1/retrieval/query/doc",
                           {"collection_name": kb, "query": q, "hybrid": hybrid})
                out.append((time.perf_counter() - t) * 1000)
                assert r["documents"][0], r
            return out

        plain = timed(False)
        chunks = c.call("POST", "/api/v1/retrieval/query/doc",
                        {"collection_name": kb, "query": "otter", "k": 100000, "hybrid": False})
        n_chunks = len(chunks["documents"][0])
        cfg = c.call("GET", "/api/v1/retrieval/config")
        cfg["ENABLE_RAG_HYBRID_SEARCH"] = True
        c.call("POST", "/api/v1/retrieval/config/update", cfg)
        hybrid = timed(True)
        print(json.dumps({
            "docs": a.docs,
            "chunks": n_chunks,
            "ingest_s": round(ingest, 2),
            "docs_per_s": round(a.docs / ingest, 2),
            "chunks_per_s": round(n_chunks / ingest, 1),
            "query_ms": percentiles(plain),
            "hybrid_query_ms": percentiles(hybrid),
            "rss_mb_after_ingest": round(rss_ingest, 1),
            "rss_mb_after_queries": round(rss_mb(srv.pid), 1),
            "rss_mb_peak": round(hwm_mb(srv.pid), 1),
            "load_before": round(load_before, 2),
        }, indent=1))
        return 0
    finally:
        srv.terminate()
        try:
            srv.wait(10)
        except subprocess.TimeoutExpired:
            srv.kill()
        log.close()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
