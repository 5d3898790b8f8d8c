"""Any OpenAI-compatible server: vLLM, Ollama, llama.cpp server, TGI, hosted APIs.

Requests go out concurrently (``httpx.AsyncClient``, at most ``concurrency`` in flight). 429,
408, 5xx, timeouts, dropped connections and malformed bodies are retried with exponential
backoff and full jitter, honouring ``Retry-After``; other 4xx answers fail the prompt at once.
A prompt that still fails after ``max_retries`` retries is reported to the sink as failed, never
raised. ``n`` samples are asked for in one request (``n=k``); a server that returns fewer
choices (Ollama ignores ``n``) is asked again for the rest.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import ssl
import threading
from typing import Any, Mapping, Sequence

import httpx

from kg.errors import ConfigError
from kg.prompts import Prompt
from kg.teachers.base import Job, Sink, Teacher, normalize_params
from kg.teachers.cache import CompletionCache
from kg.teachers.simple import RetryPolicy, parse_retry_after

__all__ = ["OpenAICompatTeacher", "RetryPolicy", "server_address", "choice_text", "token_counts"]

API_KEY_ENV = ("KG_TEACHER_API_KEY", "OPENAI_API_KEY")
RETRY_STATUS = frozenset({408, 409, 425, 429})


def _ssl_context() -> ssl.SSLContext:
    try:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:  # pragma: no cover - httpx depends on certifi
        return ssl.create_default_context()


MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""The most of one response body read: a completion is a few KB, so a body past this is a
server (or proxy) gone wrong, and reading it whole would take the run's memory with it (and
again on every rerun)."""


async def _read_capped(response: httpx.Response, limit: int, url: str) -> bytes:
    """The body of ``response``, or :class:`_Permanent` once it passes ``limit`` bytes."""
    told = response.headers.get("content-length", "")
    if told.isdigit() and int(told) > limit:
        raise _Permanent(f"the response from {url} is {int(told):,} bytes, over the {limit:,} a completion may take; not read")
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > limit:
            raise _Permanent(f"the response from {url} passed {limit:,} bytes, more than a completion may take; not read further")
    return bytes(body)


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _Permanent(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def token_counts(usage: Any) -> dict[str, int]:
    """A response's ``usage`` as whole token counts; what is no finite number (a nested
    ``*_details`` object, a count of ``1e999``, which JSON reads as infinity and which failed as an
    uncaught OverflowError) is left out, as the answer does not depend on it."""
    if not isinstance(usage, Mapping):
        return {}
    return {
        str(k): int(v) for k, v in usage.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    }


def choice_text(choice: Mapping[str, Any]) -> str:
    """The text of one choice of a chat or completions response: a chat message's content (its
    ``refusal`` when it has no content: quarantined as one), or a completion's ``text``. Thinking a
    server split off (vLLM, Ollama, DeepSeek: ``reasoning_content``) is kept before the answer in
    ``<think>`` tags, as a model without the split writes it; extractors read
    ``Completion.answer``, the text without it; so are the thinking parts of a content given as a
    list of parts, whose text parts are the answer. A ``TypeError`` for content that is not text."""
    reasoning = None
    if "message" in choice:
        message = choice.get("message") or {}
        content = message.get("content")
        if content is None and isinstance(message.get("refusal"), str):
            content = message["refusal"]
        if not content and message.get("tool_calls"):  # no text, only tool calls: kept as the text
            content = json.dumps(message["tool_calls"], ensure_ascii=False)
        reasoning = message.get("reasoning_content") or message.get("reasoning")
        if isinstance(content, list):  # content as parts (Mistral's Magistral: "thinking" and "text")
            parts = content
            content, reasoning = _parts_text(parts), _parts_text(parts, thinking=True) or reasoning
    else:
        content = choice.get("text")
    if content is not None and not isinstance(content, str):
        raise TypeError("content is not a string")
    text = content or ""
    if isinstance(reasoning, str) and reasoning.strip():
        text = f"<think>\n{reasoning.strip()}\n</think>\n\n{text}"
    return text


_THINKING_PARTS = ("thinking", "reasoning")


def _parts_text(parts: list[Any], *, thinking: bool = False) -> str:
    """The text of a content given as a list of parts: of its text parts, or (``thinking``) of
    its thinking parts, whose own content may again be parts. A ``TypeError`` for a part that
    is no text (an image), which kg cannot read."""
    texts = []
    for part in parts:
        if not isinstance(part, Mapping) or not isinstance(part.get("type"), str):
            raise TypeError("content part is no object with a type")
        kind = part["type"]
        if kind in _THINKING_PARTS:
            if thinking:
                inner = part.get(kind)
                texts.append(_parts_text(inner) if isinstance(inner, list) else str(inner or ""))
        elif isinstance(part.get("text"), str):
            if not thinking:
                texts.append(part["text"])
        else:
            raise TypeError(f"content part of type {kind!r} is no text")
    return "".join(texts)


def choice_finish(choice: Mapping[str, Any]) -> str | None:
    """Why a choice ended: the server's ``finish_reason``, or ``tool_calls`` for a message of
    tool calls and no text whatever the server says (its calls are the completion's text, which
    the extractors then quarantine instead of reading as an answer)."""
    message = choice.get("message") or {}
    if isinstance(message, Mapping) and not message.get("content") and message.get("tool_calls"):
        return "tool_calls"
    return choice.get("finish_reason")


def server_address(base_url: str) -> str:
    """How kg names an OpenAI-compatible server: ``scheme://host:port/path``, scheme and host in
    lower case, the port even where it is the scheme's default, no user, password, query or
    trailing slash (``HTTP://User:pw@LocalHost:8000/v1/`` is ``http://localhost:8000/v1``). The
    same server named either way, or restarted on its URL, is the same teacher."""
    url = httpx.URL(base_url)
    host = url.host.lower()
    port = url.port or (443 if url.scheme == "https" else 80)
    return f"{url.scheme.lower()}://{f'[{host}]' if ':' in host else host}:{port}{url.path.rstrip('/')}"


class OpenAICompatTeacher(Teacher):
    """A teacher on an OpenAI-compatible HTTP API.

    ``base_url`` is the API root (``http://localhost:8000/v1``; a bare host gets ``/v1``).
    ``endpoint="chat"`` posts to ``/chat/completions``; ``"completions"`` to the legacy
    ``/completions`` (base models). The API key comes from ``api_key`` or the first set
    environment variable of ``api_key_env`` (none needed for local servers).
    """

    backend = "openai"

    def __init__(
        self,
        model: str,
        base_url: str,
        *,
        cache: CompletionCache | None = None,
        api_key: str | None = None,
        api_key_env: str | Sequence[str] = API_KEY_ENV,
        endpoint: str = "chat",
        concurrency: int = 8,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        supports_n: bool = True,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(model, cache=cache)
        if not model:
            raise ConfigError("the openai teacher needs a model name: openai:MODEL@URL")
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"teacher URL {base_url!r} must start with http:// or https://")
        if endpoint not in ("chat", "completions"):
            raise ConfigError(f"unknown endpoint {endpoint!r}; use chat or completions")
        if concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1, got {concurrency}")
        base = base_url.rstrip("/")
        if httpx.URL(base).path in ("", "/"):
            base += "/v1"
        self.base_url = base
        self.server = server_address(base)
        """The server as kg names it (``scheme://host:port/path``): part of the teacher's id and its
        cache keys, so two servers that serve one model name are two teachers."""
        self.endpoint = endpoint
        self.url = base + ("/chat/completions" if endpoint == "chat" else "/completions")
        if api_key is None:
            names = [api_key_env] if isinstance(api_key_env, str) else list(api_key_env)
            api_key = next((os.environ[n] for n in names if os.environ.get(n)), None)
        self._headers = dict(headers or {})
        self._key_names = [api_key_env] if isinstance(api_key_env, str) else list(api_key_env)
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self.concurrency = concurrency
        self.timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self.answer_seconds = float(timeout)  # the whole answer, not the gap between two reads
        self.retry = retry or RetryPolicy()
        if max_retries is not None:
            self.retry.max_retries = max_retries
        self.supports_n = supports_n
        self._transport = transport

    @property
    def id(self) -> str:
        """``openai:MODEL@SERVER``: two servers that serve one model name (two llama.cpp servers
        both called ``local``) are two teachers in provenance."""
        return f"{self.backend}:{self.model}@{self.server}"

    @property
    def cache_model(self) -> str:
        """The model as the cache keys it: ``MODEL@SERVER`` (another server's answers are never
        this one's), and the legacy completions endpoint (a base model given the bare text)
        answers otherwise than chat, so its answers get their own keys."""
        return f"{super().cache_model}@{self.server}" + ("" if self.endpoint == "chat" else f" ({self.endpoint})")

    # -- request / response -------------------------------------------------------------------

    def _body(self, text: str, k: int, params: Mapping[str, Any], first: int = 0) -> dict[str, Any]:
        """The request for ``k`` samples from sample index ``first`` on: a ``seed`` is the
        params' plus ``first``, so a request for later samples (a server that answers one at a
        time) is not the first one's copy."""
        body: dict[str, Any] = {"model": self.model, "n": k}
        if self.endpoint == "chat":
            messages = []
            if params.get("system"):
                messages.append({"role": "system", "content": str(params["system"])})
            messages.append({"role": "user", "content": text})
            body["messages"] = messages
        else:
            body["prompt"] = text
        for key in ("temperature", "top_p", "max_tokens", "stop", "seed"):
            if key in params:
                body[key] = params[key]
        if first and isinstance(body.get("seed"), int):
            body["seed"] += first
        if params.get("json_mode"):
            body["response_format"] = {"type": "json_object"}
        return body

    def batch_request(self, prompt: Prompt, n: int, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """One line of a batch request file (OpenAI's Batch API, vLLM's ``run_batch``): the body
        a live call sends for ``prompt`` (``n`` samples), its ``custom_id`` the prompt's id, which
        ``replay:RESULTS`` matches the results by."""
        url = "/v1/chat/completions" if self.endpoint == "chat" else "/v1/completions"
        return {"custom_id": prompt.id, "method": "POST", "url": url, "body": self._body(prompt.text, n, normalize_params(params))}

    def _choices(self, response: httpx.Response, sink: Sink) -> tuple[list[tuple[str, str | None]], dict[str, int]]:
        """The choices and usage of a 200 answer. A body cut off (no JSON) is retried; a whole
        JSON body of a shape kg cannot read is not (asked again, the server answers the same, and
        each time it is paid for): its tokens are counted and the prompt fails with the body."""
        try:
            data = response.json()
        except ValueError as exc:
            head = response.text.lstrip()[:200]
            if "html" in response.headers.get("content-type", "").lower() or head.casefold().startswith(("<!doctype", "<html")):
                # a web page (a chat UI, a login or proxy page) at the address: asked again, the same page
                raise _Permanent(
                    f"{self.url} answered with a web page, not an OpenAI-compatible JSON answer: is it the API's "
                    f"address (often ending in /v1)? The page begins: {' '.join(head.split())[:120]}"
                ) from None
            raise _Retryable(f"malformed response body ({type(exc).__name__}: {exc})") from None
        if isinstance(data, Mapping) and "choices" not in data and isinstance(data.get("error"), (Mapping, str)):
            # a gateway's error in a 200 ({"error": {"message": "model overloaded", "code": 503}})
            error = data["error"]
            code = error.get("code") if isinstance(error, Mapping) else None
            message = error.get("message", error) if isinstance(error, Mapping) else error
            status = int(code) if isinstance(code, int) or (isinstance(code, str) and code.isdigit()) else None
            detail = f"the server answered 200 with an error: {str(message)[:200]}" + (f" (code {code})" if code is not None else "")
            if status is not None and (status in RETRY_STATUS or status >= 500):
                raise _Retryable(detail)
            raise _Permanent(detail)
        usage = token_counts(data.get("usage")) if isinstance(data, Mapping) else {}
        try:
            raw = sorted(data["choices"], key=lambda c: c.get("index", 0))
            choices = [(choice_text(choice), choice_finish(choice)) for choice in raw]
        except (KeyError, TypeError, AttributeError) as exc:
            sink.spent(usage)
            raise _Permanent(f"a response kg cannot read ({type(exc).__name__}: {exc}): {response.text[:300]}") from None
        if not choices:
            sink.spent(usage)
            raise _Permanent(f"a response with no choices: {response.text[:300]}")
        return choices, usage

    async def _post(self, client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
        try:
            # the timeout is for the whole answer: httpx's read timeout is per read, so a server
            # dripping 20 bytes every 1.5 s got past --teacher-timeout 3 for 23 s
            async with asyncio.timeout(self.answer_seconds):
                async with client.stream("POST", self.url, json=body) as streamed:
                    content = await _read_capped(streamed, MAX_RESPONSE_BYTES, self.url)
            # the body is already decoded (aiter_bytes undoes gzip, deflate, br): the headers that
            # describe its encoded form go, or httpx decodes it a second time ("incorrect header check")
            headers = [(k, v) for k, v in streamed.headers.items() if k.lower() not in ("content-encoding", "content-length")]
            response = httpx.Response(streamed.status_code, headers=headers, content=content, request=streamed.request)
        except httpx.DecodingError as exc:
            raise _Retryable(f"malformed response body (its content encoding does not decode: {exc})") from None
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timeout ({type(exc).__name__})") from None
        except TimeoutError:
            raise _Retryable(
                f"timeout (no whole answer within {self.answer_seconds:g} s; a model that reasons may need longer: "
                "--teacher-timeout, teacher.timeout)"
            ) from None
        except httpx.TransportError as exc:
            raise _Retryable(f"connection error ({type(exc).__name__}: {exc})") from None
        status = response.status_code
        if status == 200:
            return response
        detail = response.text[:200].replace("\n", " ")
        if status in RETRY_STATUS or status >= 500:
            raise _Retryable(f"HTTP {status}: {detail}", parse_retry_after(response.headers.get("retry-after")))
        hint = ""
        if status in (401, 403):  # the key: none sent, or one the server refuses
            sent = "a key" if "Authorization" in self._headers else "no key"
            hint = f" (kg sent {sent}; set {' or '.join(self._key_names)} to the server's API key)"
        raise _Permanent(f"HTTP {status} from {self.url}: {detail}{hint}", status)

    # -- the run ------------------------------------------------------------------------------

    async def _one(
        self, clients: "asyncio.Queue[httpx.AsyncClient]", job: Job, params: Mapping[str, Any], sink: Sink
    ) -> None:
        remaining = list(job.sample_indices)
        one_at_a_time = False  # after a 400 to a request for several samples
        attempt = 0
        attempts = 0
        last_error = ""
        try:
            while remaining:
                k = len(remaining) if self.supports_n and not one_at_a_time else 1
                try:
                    client = await clients.get()  # at most `concurrency` requests in flight
                    try:
                        sink.request(retry=attempt > 0)
                        attempts += 1
                        response = await self._post(client, self._body(job.prompt.text, k, params, remaining[0]))
                    finally:
                        clients.put_nowait(client)
                    choices, usage = self._choices(response, sink)
                except _Permanent as exc:
                    if exc.status == 400 and k > 1:
                        # a server that takes one completion per request (llama.cpp builds, TGI:
                        # "Only one completion choice is allowed")? asked for one, it answers
                        one_at_a_time = True
                        continue
                    sink.failed(job, remaining, str(exc), attempts)
                    return
                except _Retryable as exc:
                    last_error = str(exc)
                    attempt += 1
                    if attempt > self.retry.max_retries:
                        sink.failed(job, remaining, f"gave up after {attempts} attempts: {last_error}", attempts)
                        return
                    await asyncio.sleep(self.retry.delay(attempt, exc.retry_after))
                    continue
                if one_at_a_time:
                    self.supports_n = False  # n was what the server refused: ask every prompt so
                taken = choices[: len(remaining)]
                for j, (text, finish) in enumerate(taken):
                    shared = dict(usage)
                    if len(taken) > 1:  # the request's usage, counted with its first choice (own_tokens)
                        shared |= {"request_choices": len(taken), "request_choice": j}
                    sink.completed(job, remaining[j], text, finish_reason=finish, usage=shared, count_tokens=j == 0)
                remaining = remaining[len(taken) :]
                attempt = 0  # progress made: the retry budget starts afresh
        except Exception as exc:  # noqa: BLE001 - a bug must not lose the prompt silently
            sink.failed(job, remaining, f"internal error: {type(exc).__name__}: {exc}", attempts)

    async def acomplete_jobs(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        """Run every job; at most ``concurrency`` requests in flight.

        Each slot is its own one-connection client: httpcore's shared pool scans every
        connection for every request, which costs more CPU than the request itself at 32+.
        """
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        clients: asyncio.Queue[httpx.AsyncClient] = asyncio.Queue()
        verify = _ssl_context()  # one for all clients: loading the CA bundle costs ~50 ms each
        opened = [
            httpx.AsyncClient(
                timeout=self.timeout, limits=limits, headers=self._headers, transport=self._transport, verify=verify
            )
            for _ in range(min(self.concurrency, max(1, len(jobs))))
        ]
        for client in opened:
            clients.put_nowait(client)
        try:
            await asyncio.gather(*(self._one(clients, job, params, sink) for job in jobs))
        finally:
            for client in opened:
                await client.aclose()

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            asyncio.run(self.acomplete_jobs(jobs, params, sink))
            return
        # called from inside an event loop (a notebook, a server): run on a thread of our own
        errors: list[BaseException] = []

        def target() -> None:
            try:
                asyncio.run(self.acomplete_jobs(jobs, params, sink))
            except BaseException as exc:  # noqa: BLE001 - pragma: no cover - re-raised below
                errors.append(exc)

        thread = threading.Thread(target=target, name="kg-teacher")
        thread.start()
        thread.join()
        if errors:
            raise errors[0]
