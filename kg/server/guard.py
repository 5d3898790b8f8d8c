"""What ``kg serve`` checks in a query before the store runs it, and the network sandbox of the
processes that run it.

Two layers, the second the guarantee:

* :func:`check_sparql` reads the query with a SPARQL tokenizer and refuses ``SERVICE`` (and
  ``LOAD`` in updates) with a clear ``403``, and a query nested deeper than
  :data:`MAX_NESTING` or longer than the endpoint's size limit with a ``400``. It runs in the
  query worker, never in the server's event loop, and in linear time (possessive quantifiers: no
  regex backtracking), so a crafted query costs the worker at most its timeout.
* :func:`deny_network` installs a seccomp filter in a worker process before it opens the store:
  from then on the process cannot create a socket other than a Unix one, so whatever text gets
  past the tokenizer, the store cannot connect out. A query that tries anyway (Oxigraph runs a
  ``SERVICE`` or ``LOAD``, even ``SILENT``) kills its worker with ``SIGSYS``, and the server
  answers ``403``. The decision that counts is thus made on Oxigraph's own reading of the
  query, not on ours: another parser (rdflib's, say) reads ``"\\u005C"`` per the SPARQL spec
  (escape first, then parse) while Oxigraph decodes escapes inside the token, and Oxigraph runs
  ``SERVICESILENT<...>``, which no tokenizer of the grammar reads as a keyword.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import re
import signal
import socket
import struct
from dataclasses import dataclass
from typing import NamedTuple

from kg.errors import QueryError

__all__ = [
    "MAX_NESTING",
    "NETWORK_DENIED",
    "QueryRejected",
    "RefusedQuery",
    "check_sparql",
    "decode_escapes",
    "deny_network",
    "keywords",
    "offline",
    "scan",
    "tokens",
]

MAX_NESTING = 256
"""Deepest nesting of ``( { [ <<`` a query may have (Oxigraph recurses on it)."""

NETWORK_DENIED = signal.SIGSYS
"""The signal a sandboxed worker dies of when the query it runs tries to open a socket."""


class RefusedQuery(QueryError):
    """A query or update using an operation this endpoint does not allow (SERVICE, LOAD): 403."""


class QueryRejected(QueryError):
    """A query this endpoint will not run as written (nested too deeply, too long): 400."""


SERVICE_REFUSED = (
    "SERVICE is disabled on this endpoint (federated queries make the server send requests); "
    "start kg serve with --allow-service to enable it"
)
LOAD_REFUSED = (
    "LOAD is disabled on this endpoint (it makes the server fetch a URL); start kg serve with "
    "--allow-load to enable it"
)

# -- the tokenizer ---------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(text: str) -> str:
    """SPARQL codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) decoded everywhere, as the SPARQL
    spec reads a query (section 19.2). Oxigraph decodes them only inside strings and IRIs; the
    guard reads a query both ways and refuses what either reading refuses."""

    def repl(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ESCAPE.sub(repl, text)


# Every repetition is possessive (``*+``) and every alternative starts on a distinct character or
# ends where it can: no backtracking, so one pass over the text is linear. An unterminated string
# runs to the end of its line (short) or of the text (long) instead of failing and being retried.
_TOKEN = re.compile(
    r"""
    (?P<space>\s++)
  | (?P<comment>\#[^\n\r]*+)
  | (?P<string>'''(?:[^'\\]|\\(?:.|\Z)|'(?!''))*+(?:'''|\Z)
              |\"\"\"(?:[^"\\]|\\(?:.|\Z)|"(?!""))*+(?:\"\"\"|\Z)
              |'(?:[^'\\\n\r]|\\(?:.|\Z))*+'?
              |"(?:[^"\\\n\r]|\\(?:.|\Z))*+"?)
  | (?P<open><<|[({\[])
  | (?P<close>>>|[)}\]])
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]*+)
  | (?P<name>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*+)
    (?P<local>:(?:[\w.\-:\u00b7\u00c0-\uffff]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*+)?
  | (?P<pname>:(?:[\w.\-:\u00b7\u00c0-\uffff]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Scan:
    """What the tokenizer found in a query text."""

    words: frozenset[str]
    """Upper-cased runs of letters outside strings, IRIs, comments and variables that are not
    the prefix of a prefixed name: the keywords (glued ones stay glued: ``true.SERVICE``,
    ``SERVICESILENT``)."""
    prefixes: frozenset[str]
    """The upper-cased prefixes of prefixed names (``from`` of ``from:x``); Oxigraph reads one as a
    keyword where a keyword may stand (``SERVICE:x { }`` is SERVICE ``:x``)."""
    depth: int
    """The deepest nesting of ``( { [ <<``."""


def scan(text: str) -> Scan:
    """Tokenize ``text`` (as Oxigraph does: escapes are part of their string or IRI) in one
    linear pass."""
    words: set[str] = set()
    prefixes: set[str] = set()
    depth = deepest = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "name":
            words.add(m.group("name").upper())
        elif kind == "local":  # a prefixed name ends on its local part
            prefixes.add(m.group("name").upper())
        elif kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
    return Scan(frozenset(words), frozenset(prefixes), deepest)


class Token(NamedTuple):
    """A token of a SPARQL text other than space and comments: ``kind`` is ``name`` (a bare word),
    ``pname`` (a prefixed name), ``iri``, ``var``, ``string``, ``open``, ``close`` or ``other``
    (one character)."""

    kind: str
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` as Oxigraph reads them (escapes part of their string or IRI), in
    one linear pass."""
    found = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        found.append(Token("pname" if kind == "local" else kind, m.group(), m.start(), m.end()))
    return found


def keywords(text: str) -> set[str]:
    """The bare words of a SPARQL text (upper-cased), read both as Oxigraph reads it and with
    its escapes decoded first (the spec's reading)."""
    found = set(scan(text).words)
    if "\\" in text:
        found |= scan(decode_escapes(text)).words
    return found


def _uses(found: Scan, keyword: str) -> bool:
    # Oxigraph matches keywords without a word boundary (``SERVICESILENT<iri>`` is SERVICE
    # SILENT): a run of letters holding the keyword anywhere counts; a prefix counts where one
    # of its parts starts with it (``SERVICE:x``, ``true.SERVICE:x``; not ``webservice:``)
    return any(keyword in word for word in found.words) or any(
        part.startswith(keyword) for prefix in found.prefixes for part in re.split(r"[^A-Z]+", prefix)
    )


def check_sparql(
    text: str,
    *,
    update: bool,
    allow_service: bool = False,
    allow_load: bool = False,
    max_chars: int | None = None,
) -> Scan:
    """Raise :class:`RefusedQuery` if ``text`` uses SERVICE (or LOAD in an update) and that is
    not allowed, :class:`QueryRejected` if it is nested deeper than :data:`MAX_NESTING` or longer
    than ``max_chars``; return the scan (the worker reads ``FROM`` off it).

    This is the fast, readable refusal. The guarantee is :func:`deny_network`: a spelling that
    gets past it still cannot make the sandboxed store connect out."""
    if max_chars is not None and len(text) > max_chars:
        raise QueryRejected(
            f"the query is {len(text):,} characters long; this endpoint takes at most {max_chars:,}"
        )
    found = scan(text)
    decoded = scan(decode_escapes(text)) if "\\" in text else found
    if found.depth > MAX_NESTING:
        raise QueryRejected(
            f"the query is nested {found.depth} levels deep (parentheses, braces, brackets); "
            f"this endpoint allows {MAX_NESTING}"
        )
    if not allow_service and (_uses(found, "SERVICE") or _uses(decoded, "SERVICE")):
        raise RefusedQuery(SERVICE_REFUSED)
    if update and not allow_load and (_uses(found, "LOAD") or _uses(decoded, "LOAD")):
        raise RefusedQuery(LOAD_REFUSED)
    return found


_PROBE_TRIPLE = "<urn:kg:probe> <urn:kg:probe> <urn:kg:probe>"
_GRAPH_TERM = ("iri", "pname", "var")


def offline(update: str) -> str | None:
    """``update`` with what would reach the network taken out, to be tried on an empty store:
    ``SERVICE [SILENT] <iri>`` is dropped (its group stays, matched locally) and ``LOAD [SILENT]
    <iri> [INTO GRAPH <g>]`` becomes an ``INSERT DATA`` of one triple where the load would put
    its triples (the unnamed graph without ``INTO``). None when a spelling of either is left
    that this does not take out (glued, escaped, a prefix): such an update cannot be tried."""
    found = tokens(update)
    out, last, i = [], 0, 0
    while i < len(found):
        word = found[i].text.upper() if found[i].kind == "name" else ""
        if word not in ("SERVICE", "LOAD"):
            i += 1
            continue
        j = i + 1
        if j < len(found) and found[j].kind == "name" and found[j].text.upper() == "SILENT":
            j += 1
        if j >= len(found) or found[j].kind not in _GRAPH_TERM:
            return None
        replacement = " "
        if word == "LOAD":
            into = [t.text.upper() if t.kind == "name" else t.kind for t in found[j + 1:j + 4]]
            if into[:2] == ["INTO", "GRAPH"] and len(into) == 3 and into[2] in _GRAPH_TERM:
                replacement = f" INSERT DATA {{ GRAPH {found[j + 3].text} {{ {_PROBE_TRIPLE} }} }} "
                j += 3
            else:
                replacement = f" INSERT DATA {{ {_PROBE_TRIPLE} }} "
        out += [update[last:found[i].start], replacement]
        last = found[j].end
        i = j + 1
    probe = "".join(out) + update[last:]
    for reading in (scan(probe), scan(decode_escapes(probe))):
        if _uses(reading, "SERVICE") or _uses(reading, "LOAD"):
            return None
    return probe


# -- the network sandbox -----------------------------------------------------------------------------

# (AUDIT_ARCH, socket, connect, io_uring_setup, seccomp) syscall numbers
_ARCH = {
    "x86_64": (0xC000003E, 41, 42, 425, 317),
    "aarch64": (0xC00000B7, 198, 203, 425, 277),
}
_BPF_LD_W_ABS, _BPF_JEQ_K, _BPF_JGE_K, _BPF_RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW, _RET_ERRNO, _RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000


def _filter(arch: int, nr_socket: int, nr_connect: int, nr_io_uring: int) -> bytes:
    """A classic-BPF seccomp program: ``socket()`` of any family but ``AF_UNIX`` kills the
    process (SIGSYS); ``connect()`` fails with EACCES (a Unix socket could reach a local
    resolver); ``io_uring_setup()`` fails with ENOSYS (io_uring can open sockets without the
    syscalls); any other ABI (x32, i386) kills the process. Everything else is allowed."""

    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    kill, allow = _RET_KILL_PROCESS, _RET_ALLOW
    return b"".join(
        [
            op(_BPF_LD_W_ABS, 0, 0, 4),  # 0: the ABI
            op(_BPF_JEQ_K, 1, 0, arch),  # 1: native -> 3
            op(_BPF_RET_K, 0, 0, kill),  # 2: a foreign ABI
            op(_BPF_LD_W_ABS, 0, 0, 0),  # 3: the syscall number
            op(_BPF_JGE_K, 8, 0, 0x40000000),  # 4: x32 -> 13
            op(_BPF_JEQ_K, 0, 2, nr_socket),  # 5: socket -> 6, else -> 8
            op(_BPF_LD_W_ABS, 0, 0, 16),  # 6: its first argument, the family
            op(_BPF_JEQ_K, 4, 5, socket.AF_UNIX),  # 7: AF_UNIX -> 12, else -> 13
            op(_BPF_JEQ_K, 0, 1, nr_connect),  # 8: connect -> 9, else -> 10
            op(_BPF_RET_K, 0, 0, _RET_ERRNO | errno.EACCES),  # 9
            op(_BPF_JEQ_K, 0, 1, nr_io_uring),  # 10: io_uring_setup -> 11, else -> 12
            op(_BPF_RET_K, 0, 0, _RET_ERRNO | errno.ENOSYS),  # 11
            op(_BPF_RET_K, 0, 0, allow),  # 12
            op(_BPF_RET_K, 0, 0, kill),  # 13
        ]
    )


def deny_network() -> bool:
    """Forbid this process (all its threads, and those it starts later) to open network sockets.
    Returns False where that cannot be done (not Linux on x86-64 or arm64, or seccomp refused);
    the caller says so (``/health`` reports ``network_sandbox``)."""
    numbers = _ARCH.get(platform.machine())
    if os.name != "posix" or platform.system() != "Linux" or numbers is None:
        return False
    arch, nr_socket, nr_connect, nr_io_uring, nr_seccomp = numbers
    program = _filter(arch, nr_socket, nr_connect, nr_io_uring)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    buffer = ctypes.create_string_buffer(program)
    fprog = SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_NO_NEW_PRIVS, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC = 38, 1, 1
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    # seccomp(2) with TSYNC: every thread of the process, not only the calling one
    if libc.syscall(nr_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog)) != 0:
        return False
    return True
