"""A real OpenAI-compatible HTTP server on loopback, for tests and benchmarks (a test double
in the spirit of ``httpx.MockTransport``, but over real sockets).

>>> with FakeOpenAIServer(answer=lambda prompt, i: f"1. {prompt[:5]}") as server:
...     server.base_url  # doctest: +ELLIPSIS
'http://127.0.0.1:.../v1'

Faults are scripted per prompt: ``faults={"marker": ["429", "500", "ok"]}`` makes the requests
for any prompt containing ``marker`` answer in that order (then ``ok``). Actions: ``ok``,
``429`` (with ``Retry-After: retry_after``), ``500``, ``503``, ``400``, ``slow`` (sleep
``slow_seconds`` then answer), ``badjson`` (200 with a truncated body), ``xml200`` (200 with
``<error>busy</error>``), ``drop`` (close the
connection without answering), ``length`` and ``content_filter`` (answer with that
``finish_reason``), ``huge`` (a 200 whose body has no length and goes on for 64 MB),
``odd-usage`` (an answer whose ``usage`` counts are ``1e999`` and ``NaN``).
The server counts requests and the choices it answered successfully, per prompt.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Mapping, Sequence

__all__ = ["FakeOpenAIServer"]

Answer = Callable[[str, int], "str | Mapping[str, object]"]
"""The answer to the ``index``-th sample of a prompt: its text, or (chat) the message's fields,
e.g. ``{"content": "1. Spain", "reasoning_content": "..."}`` or ``{"content": None, "refusal": "..."}``."""


def _default_answer(prompt: str, index: int) -> str:
    return f"1. answer {index} to {prompt[-20:].strip()}\n2. another answer"


class FakeOpenAIServer:
    """``/v1/chat/completions`` and ``/v1/completions`` on ``127.0.0.1`` and a free port."""

    def __init__(
        self,
        answer: Answer = _default_answer,
        *,
        delay: float = 0.0,
        faults: Mapping[str, Sequence[str]] | None = None,
        retry_after: str = "0",
        slow_seconds: float = 2.0,
        max_choices: int | None = None,
        gzip: bool = False,
        usage: bool = True,
    ) -> None:
        self.answer = answer
        self.gzip = gzip  # answer with gzip-compressed bodies, as a server or proxy honouring Accept-Encoding does
        self.usage = usage  # False: no "usage" in answers (some llama.cpp builds, gateways)
        self.delay = delay
        self.faults = {k: list(v) for k, v in (faults or {}).items()}
        self.retry_after = retry_after
        self.slow_seconds = slow_seconds
        self.max_choices = max_choices
        self.lock = threading.Lock()
        self.requests = 0
        self.requests_per_prompt: Counter[str] = Counter()
        self.served: Counter[str] = Counter()  # choices answered with status 200, per prompt
        self.actions: Counter[str] = Counter()
        self.auth: list[str | None] = []
        self.bodies: list[dict] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> "FakeOpenAIServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in separate writes

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                owner._handle(self)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that time out or hang up are part of the tests

        server = Server(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.request_queue_size = 256
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeOpenAIServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    # -- handling -----------------------------------------------------------------------------

    def _action(self, prompt: str) -> str:
        for marker, script in self.faults.items():
            if marker in prompt and script:
                return script.pop(0)
        return "ok"

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = json.loads(handler.rfile.read(length) or b"{}")
        chat = handler.path.endswith("/chat/completions")
        prompt = body["messages"][-1]["content"] if chat else body.get("prompt", "")
        n = int(body.get("n", 1))
        with self.lock:
            self.requests += 1
            self.requests_per_prompt[prompt] += 1
            self.auth.append(handler.headers.get("Authorization"))
            self.bodies.append(body)
            action = self._action(prompt)
            self.actions[action] += 1
        if self.delay:
            time.sleep(self.delay)
        if action == "drop":
            handler.close_connection = True
            try:
                handler.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if action == "slow":
            time.sleep(self.slow_seconds)
            self._send(handler, 503, {"error": "too slow"})  # the client has given up by now
            return
        if action in ("429", "500", "503", "400", "401"):
            headers = {"Retry-After": self.retry_after} if action == "429" else {}
            self._send(handler, int(action), {"error": {"message": f"injected {action}"}}, headers)
            return
        if action == "huge":  # a body without end (no length; closed after 64 MB)
            handler.close_connection = True
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Connection", "close")
            handler.end_headers()
            try:
                handler.wfile.write(b'{"choices": [{"index": 0, "text": "')
                for _ in range(64):
                    handler.wfile.write(b"x" * (1 << 20))
            except OSError:
                pass
            return
        if action == "drip":  # a whole answer, 20 bytes every 0.3 s: each read is quick, the answer slow
            raw = json.dumps({"choices": [{"index": 0, "message": {"content": "1. Spain"}, "finish_reason": "stop"}]}).encode()
            try:
                handler.wfile.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(raw)}\r\n\r\n".encode())
                for i in range(0, len(raw), 20):
                    handler.wfile.write(raw[i : i + 20])
                    handler.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                handler.close_connection = True
            return
        if action == "html":  # a web page at the address, with 200
            handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 44\r\n\r\n<html><body>Open WebUI login</body></html>\n\n")
            return
        if action == "xml200":  # a proxy's transient error, no JSON and no web page, in a 200 said to be JSON
            self._write(handler, 200, b"<error>busy</error>")
            return
        if action == "error200":  # a gateway's transient error in a 200
            self._send(handler, 200, {"error": {"message": "model overloaded", "code": 503}})
            return
        if action == "badgzip":  # says gzip, is not
            self._write(handler, 200, b"not gzip at all", {"Content-Encoding": "gzip"})
            return
        if action == "badjson":
            self._write(handler, 200, b'{"choices": [{"index": 0, "message": {"content": "trunc')
            return
        k = n if self.max_choices is None else min(n, self.max_choices)
        with self.lock:
            start = self.served[prompt]
            self.served[prompt] += k
        finish = action if action in ("length", "content_filter") else "stop"
        choices = []
        for j in range(k):
            text = self.answer(prompt, start + j)
            choice: dict[str, object] = {"index": j, "finish_reason": finish}
            if chat:
                choice["message"] = {"role": "assistant", **text} if isinstance(text, Mapping) else {"role": "assistant", "content": text}
            else:
                choice["text"] = text.get("content") if isinstance(text, Mapping) else text
            choices.append(choice)
        usage: dict[str, float] = {"prompt_tokens": len(prompt.split()), "completion_tokens": 5 * k, "total_tokens": len(prompt.split()) + 5 * k}
        if action == "odd-usage":  # json.dumps writes Infinity and NaN, which JSON readers read as 1e999 is
            usage = {"prompt_tokens": float("inf"), "completion_tokens": float("nan"), "total_tokens": 7}
        answer = {"id": "x", "object": "chat.completion", "model": body.get("model"), "choices": choices}
        self._send(handler, 200, {**answer, "usage": usage} if self.usage else answer)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, payload: object, headers: Mapping[str, str] | None = None) -> None:
        raw = json.dumps(payload).encode("utf-8")
        if self.gzip and "gzip" in (handler.headers.get("Accept-Encoding") or ""):
            raw, headers = gzip.compress(raw), {**(headers or {}), "Content-Encoding": "gzip"}
        FakeOpenAIServer._write(handler, status, raw, headers)

    @staticmethod
    def _write(handler: BaseHTTPRequestHandler, status: int, raw: bytes, headers: Mapping[str, str] | None = None) -> None:
        # status line, headers and body in one write: one segment on the wire, one wake-up
        # of the client (http.server would send headers and body separately)
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", "Content-Type: application/json", f"Content-Length: {len(raw)}"]
        lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
        try:
            handler.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + raw)
        except OSError:  # the client went away (it timed out)
            handler.close_connection = True

def main(argv: Sequence[str] | None = None) -> None:
    """Serve until stdin closes: ``python -m kg.teachers.testing --delay 0.2`` prints the base
    URL on its first line (a server in its own process, as a real one would be)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="a fake OpenAI-compatible server on loopback")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)
    with FakeOpenAIServer(delay=args.delay) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
