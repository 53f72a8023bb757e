#!/usr/bin/env python3
"""The fault server every suite runs the fault matrix against (tests/contract/faults.json).

    python3 tests/faults/server.py tests/contract/faults.json

Listens on an ephemeral port of 127.0.0.1 only and prints one JSON line on stdout,
`{"port": P, "refusedPort": R}` (R: a loopback port nothing listens on, for "connection
refused"), then serves until its stdin closes, so a suite that dies takes it along.

A client of case `id` uses the base URL `http://127.0.0.1:P/<id>`: the server strips that prefix
and answers the case's requests with its `replies`, in order, one per request (a request past the
end gets a 599, which no case expects). `GET /<id>/_faults/requests` gives back, as JSON, every
request the case got: `"METHOD /path?query"`, so a suite can count resends and see which page
was asked for. Replies are faults or answers (see `about` in the table):

    {"status", "headers", "body"}   an answer (`body` a string as is, else JSON)
    "delaySeconds": s               ... sent only after s seconds
    "resetAfterBytes": n            ... cut after n bytes of the body with a TCP reset
    "closeAfterBytes": n            ... cut after n bytes of the body with an orderly close (FIN)
    "stallAfterBytes": n            ... the rest of the body only after `stallSeconds` more
    {"silentSeconds": s}            no answer at all: the request is read, then nothing for s
                                    seconds, then the connection is closed
    {"page": {"totalCount": t}}     the page the request's pageNum/itemsPerPage ask for, of t
                                    items `item-1`..`item-t`
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit

REQUESTS_PATH = "/_faults/requests"


class Script:
    """Each case's replies and what it received; one lock, since handlers run in threads."""

    def __init__(self, table: Dict[str, Any]) -> None:
        self.replies = {case["id"]: list(case["replies"]) for case in table["cases"]}
        self.received: Dict[str, List[str]] = {case_id: [] for case_id in self.replies}
        self.lock = threading.Lock()

    def next_reply(self, case_id: str, request_line: str) -> Any:
        with self.lock:
            seen = self.received[case_id]
            seen.append(request_line)
            replies = self.replies[case_id]
            return replies[len(seen) - 1] if len(seen) <= len(replies) else None


def page_body(page: Dict[str, Any], query: str) -> Dict[str, Any]:
    args = parse_qs(query)
    number = int(args.get("pageNum", ["1"])[0])
    size = int(args.get("itemsPerPage", ["100"])[0])
    total = page["totalCount"]
    first = (number - 1) * size + 1
    items = [{"id": f"item-{i}", "name": f"item {i}"} for i in range(first, min(first + size, total + 1))]
    return {"results": items, "totalCount": total, "links": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    script: Script

    def log_message(self, format: str, *args: Any) -> None:  # quiet: suites print their own
        pass

    def do_GET(self) -> None:
        self.handle_any()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def handle_any(self) -> None:
        self.close_connection = True
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        case_id, _, rest = self.path.lstrip("/").partition("/")
        rest = "/" + rest
        if case_id not in self.script.replies:
            return self.answer({"status": 404, "body": {"detail": f"no case {case_id}"}})
        if rest == REQUESTS_PATH:
            with self.script.lock:
                return self.answer({"status": 200, "body": self.script.received[case_id]})
        reply = self.script.next_reply(case_id, f"{self.command} {rest}")
        if reply is None:
            return self.answer({"status": 599, "body": {"detail": "the case's replies ran out"}})
        if "silentSeconds" in reply:
            time.sleep(reply["silentSeconds"])
            return
        if "page" in reply:
            reply = {"status": 200, "headers": {"content-type": "application/json"},
                     "body": page_body(reply["page"], urlsplit(rest).query)}
        time.sleep(reply.get("delaySeconds", 0))
        self.answer(reply)

    def answer(self, reply: Dict[str, Any]) -> None:
        body = reply.get("body", "")
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        headers = {"content-type": "application/json", **reply.get("headers", {})}
        head = f"HTTP/1.1 {reply['status']} Fault\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"content-length: {len(data)}\r\nconnection: close\r\n\r\n"
        reset, close = reply.get("resetAfterBytes"), reply.get("closeAfterBytes")
        cut = reset if reset is not None else close
        try:
            stall = reply.get("stallAfterBytes")
            if stall is not None:
                self.wfile.write(head.encode("latin-1") + data[:stall])
                self.wfile.flush()
                time.sleep(reply["stallSeconds"])
                head, data = "", data[stall:]
            self.wfile.write(head.encode("latin-1") + (data if cut is None else data[:cut]))
            self.wfile.flush()
            if reset is not None:
                # SO_LINGER with a zero timeout makes close() send a RST, not a FIN.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
        except OSError:
            pass  # the client gave up first (a timeout case): nothing to tell it


def refused_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main() -> None:
    table = json.loads(open(sys.argv[1], encoding="utf-8").read())
    Handler.script = Script(table)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(json.dumps({"port": server.server_address[1], "refusedPort": refused_port()}), flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the suite closes it (or dies)
    server.shutdown()


if __name__ == "__main__":
    main()
