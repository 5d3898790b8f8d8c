"""Whether a SPARQL update uses the store's unnamed default graph, read off its tokens.

The endpoint's default graph is the union of ``accepted`` and ``inferred`` for queries; an
update's pattern without ``GRAPH`` (and without ``WITH``/``USING``) is the store's unnamed graph,
which holds nothing here. So ``INSERT DATA { <a> <b> <c> }`` wrote where no query reads, and
``DELETE WHERE { res:sydney ?p ?o }`` matched nothing and answered ``204``. The worker refuses
both (kg/server/worker.py, the ``check`` operation), this reading first, then a trial run of the
update on an empty store (Oxigraph's own reading, for the writes).
"""

from __future__ import annotations

from kg.server.guard import Token, tokens

__all__ = ["UNNAMED_GRAPH_COPIED", "UNNAMED_GRAPH_READ", "UNNAMED_GRAPH_WRITE", "unnamed_graph_use"]

UNNAMED_GRAPH_WRITE = (
    "this update writes triples outside any named graph, where no query of this endpoint reads "
    "them (its default graph is accepted + inferred): name a graph (INSERT DATA { GRAPH <g> { ... } }, "
    "or WITH <g>); nothing was written"
)
UNNAMED_GRAPH_READ = (
    "this update matches or deletes triples outside any named graph (a WHERE, DELETE WHERE or DELETE "
    "pattern without GRAPH): an update does not see the query default graph (accepted + inferred), so it "
    "would change nothing; name the graph: GRAPH <g> { ... } in the pattern, WITH <g>, or USING <g> for "
    "the WHERE; nothing was changed"
)
UNNAMED_GRAPH_COPIED = (
    "this update copies DEFAULT (ADD, COPY or MOVE DEFAULT TO <g>): in an update DEFAULT is the store's "
    "unnamed graph, which is empty here, not the query default graph (accepted + inferred), so COPY or "
    "MOVE would leave <g> empty; name the graphs: COPY GRAPH graph:accepted TO <g> ; ADD GRAPH "
    "graph:inferred TO <g>; nothing was changed"
)

_TERMS = ("iri", "pname", "var", "string")
_STARTS = ("[", "<<")  # a blank node or triple term as subject
_SKIPPED = ("GRAPH", "SERVICE", "VALUES")  # their { } are not the unnamed graph
_MODIFIERS = ("GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET")


def unnamed_graph_use(update: str) -> str | None:
    """:data:`UNNAMED_GRAPH_WRITE` or :data:`UNNAMED_GRAPH_READ` when an operation of ``update``
    has a triple pattern outside ``GRAPH`` where the unnamed graph is meant: ``INSERT DATA``,
    ``DELETE DATA``, ``DELETE WHERE``, a template without ``WITH``, a ``WHERE`` without ``WITH``
    or ``USING``; or copies a graph ``TO DEFAULT`` (``ADD``, ``COPY``, ``MOVE``).
    :data:`UNNAMED_GRAPH_COPIED` when it copies ``DEFAULT TO`` a graph (the caller refuses it
    when that graph is empty). None otherwise, and for a text whose braces do not pair (the
    parser says what is wrong with it)."""
    found = tokens(update)
    match = _pairs(found)
    if match is None:
        return None
    writes = reads = copies = False
    words: list[str] = []  # the operation's words and blocks ("{}") at the top level
    with_graph = using = False
    blocks: list[tuple[str, bool]] = []  # (role, a triple outside GRAPH)
    i = 0
    while i <= len(found):
        token = found[i] if i < len(found) else None
        if token is None or token.text == ";":  # an operation ends
            writes |= words[-2:] == ["TO", "DEFAULT"]  # ADD, COPY or MOVE <g> TO DEFAULT
            copies |= "TO" in words and words[words.index("TO") - 1] == "DEFAULT"  # ... DEFAULT TO <g>
            for role, outside in blocks:
                if not outside:
                    continue
                if role == "INSERT DATA" or (role == "INSERT" and not with_graph):
                    writes = True
                elif role in ("DELETE DATA", "DELETE WHERE") or (role == "DELETE" and not with_graph):
                    reads = True
                elif role == "WHERE" and not (with_graph or using):
                    reads = True
            words, blocks, with_graph, using = [], [], False, False
            i += 1
            continue
        if token.kind == "name":
            word = token.text.upper()
            with_graph |= word == "WITH"
            using |= word == "USING"
            words.append(word)
        elif token.text == "{":
            close = match[i]
            role = _role(words)
            if role:
                blocks.append((role, _outside_graph(found, i + 1, close, match)))
            words.append("{}")
            i = close
        i += 1
    return (
        UNNAMED_GRAPH_WRITE if writes else UNNAMED_GRAPH_READ if reads else UNNAMED_GRAPH_COPIED if copies else None
    )


def _role(words: list[str]) -> str:
    """What a top-level ``{`` after ``words`` opens: a data block, a template, a WHERE."""
    last = words[-1] if words else ""
    before = words[-2] if len(words) > 1 else ""
    if last == "DATA" and before in ("INSERT", "DELETE"):
        return f"{before} DATA"
    if last == "WHERE":
        return "DELETE WHERE" if before == "DELETE" else "WHERE"
    return last if last in ("INSERT", "DELETE") else ""


def _pairs(found: list[Token]) -> dict[int, int] | None:
    """The index of each ``{``'s closing ``}``; None if they do not pair."""
    match: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(found):
        if token.text == "{":
            stack.append(i)
        elif token.text == "}":
            if not stack:
                return None
            match[stack.pop()] = i
    return None if stack else match


def _outside_graph(found: list[Token], start: int, end: int, match: dict[int, int]) -> bool:
    """Whether the group ``found[start:end]`` has a triple pattern outside ``GRAPH`` (or
    ``SERVICE``, ``VALUES``): a term where a triple may start (after ``{``, ``.``, a group, a
    ``FILTER (...)``), not one a keyword takes (``SELECT ?x``, ``GROUP BY ?x``, ``GRAPH <g>``)."""
    expect = True  # a triple may start here
    parens = 0
    skip_block = keyword_args = False  # the next { is GRAPH's ...; a SELECT's or ORDER BY's terms
    i = start
    while i < end:
        token = found[i]
        if token.text == "{":
            if not skip_block and _outside_graph(found, i + 1, match[i], match):
                return True
            skip_block = keyword_args = False
            expect = parens == 0
            i = match[i] + 1
            continue
        if parens:
            parens += {"(": 1, ")": -1}.get(token.text, 0)
            expect = parens == 0 and not keyword_args
        elif token.kind == "name":
            word = token.text.upper()
            skip_block |= word in _SKIPPED
            keyword_args |= word == "SELECT" or word in _MODIFIERS
            keyword_args &= word != "WHERE"
            expect = False
        elif token.text == "(":
            if expect:
                return True  # a collection as subject
            parens = 1
        elif token.text == ".":
            expect = True
        elif token.kind in _TERMS or token.text in _STARTS:
            if expect and not keyword_args:
                return True
            expect = False
        i += 1
    return False
