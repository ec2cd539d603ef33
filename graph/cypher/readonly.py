"""What the read-only Cypher console accepts, judged token by token before a query reaches an engine.

One statement, read clauses only, and only allow-listed procedures and namespaced functions. Words are
judged as tokens (:mod:`graph.cypher.tokens`): a keyword inside a string, a comment or backticks is not
a keyword, and a word used as a name — a map key (``{set: 1}``), a variable before a label
(``(start:Paper)``), an alias (``AS load``), a property (``p.delete``) or a label — is a name.
Procedure and function names are normalised (backticks dropped, parts joined with dots, case folded)
before the allow-list sees them, so ``CALL `dbms`.listConfig()`` is ``dbms.listconfig`` and refused.

This is the first of three walls (docs/console-security.md): the engines run the query read-only with
no file or network access configured, in a worker process with memory and time limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.cypher.tokens import Kind, Token, TokenError, tokenize

WRITE_OR_ADMIN = frozenset({
    # writes
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH", "INSERT", "UPDATE",
    "UPSERT", "DROP", "ALTER", "RENAME", "COMMENT", "TRUNCATE",
    # files, extensions, other databases
    "LOAD", "COPY", "IMPORT", "EXPORT", "INSTALL", "UNINSTALL", "ATTACH", "USE", "PERIODIC",
    # transactions and engine state
    "BEGIN", "COMMIT", "ROLLBACK", "CHECKPOINT", "VACUUM", "OPTIMIZE", "ANALYZE", "TRANSACTIONS", "PRAGMA",
    "PROJECT",
    # administration
    "GRANT", "DENY", "REVOKE", "START", "STOP", "TERMINATE", "KILL", "ENABLE", "DISABLE", "DEALLOCATE",
    "REALLOCATE", "DRYRUN",
})
"""Words refused wherever they stand as keywords (not as names)."""

SHOW_ALLOWED = frozenset({"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS"})
_SHOW_INDEX_KINDS = frozenset({"ALL", "RANGE", "TEXT", "POINT", "LOOKUP", "FULLTEXT", "VECTOR"})

READ_PROCEDURES = frozenset({
    # Neo4j
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
    # LadybugDB
    "show_tables", "table_info", "show_connection", "db_version", "show_functions", "show_indexes",
})
"""Procedures ``CALL`` may name (normalised): catalogue reads only, nothing that reads files or settings."""

READ_FUNCTION_NAMESPACES = ("date.", "datetime.", "localdatetime.", "localtime.", "time.", "duration.",
                            "point.", "vector.similarity.")
READ_FUNCTIONS = frozenset({"db.namefromelementid"})
"""Namespaced functions allowed (a prefix or a full name); every other namespaced function is refused."""

DENIED_FUNCTIONS = frozenset({
    "read_csv", "read_csv_parallel", "read_csv_serial", "read_parquet", "read_npy", "read_pandas",
    "read_json", "copy_csv", "copy_parquet", "file_info", "project_graph", "project_graph_cypher",
    "drop_projected_graph", "nextval", "setval", "setseed", "clear_warnings", "current_setting",
    "linenumber", "file", "_cache_array_column_locally", "sqlite_scan", "postgres_scan", "duckdb_scan",
})
"""Bare (LadybugDB) functions that read files, change session or sequence state, or read settings."""

_DENIED_FUNCTION_PREFIXES = ("read_", "copy_", "load_", "file_", "export_", "import_", "attach_", "install_")

_NAME_AFTER = ("AS",)
"""Keywords after which a word is always a name (an alias)."""
_EXPRESSION_AFTER = ("RETURN", "WITH", "WHERE", "DISTINCT", "AND", "OR", "XOR", "NOT", "IN", "BY", "SKIP",
                     "LIMIT", "UNWIND", "WHEN", "THEN", "ELSE", "CASE", "YIELD", "IS", "CONTAINS")
_EXPRESSION_AFTER_SYMBOLS = (",", "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "/", "%", "^", "=~", "[", "+=")
"""Tokens an operand must follow: a word there is an expression, never the start of a clause.
(Not ``*``, ``)``, ``}``, ``{`` or ``|``: a clause may follow ``RETURN *``, a pattern, a subquery's
opening brace or ``FOREACH (x IN l |``.)"""


class Refusal(ValueError):
    """Why the console refuses a query; the message is one line."""


@dataclass(frozen=True)
class Checked:
    """A query the console accepts: ``text`` is what runs (a trailing ``;`` dropped)."""

    text: str
    tokens: tuple[Token, ...]


def _name_position(tokens: list[Token], i: int) -> bool:
    """True when the word at ``i`` is used as a name, not as a keyword."""
    prev = tokens[i - 1] if i else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.is_symbol(":", "."):  # map key, variable before a label or a property
        return True
    if prev is None:
        return False
    if prev.is_symbol(":"):  # label or relationship type
        return True
    if prev.is_symbol(".") and i >= 2 and tokens[i - 2].kind in (Kind.WORD, Kind.NAME, Kind.PARAM) \
            or prev.is_symbol(".") and i >= 2 and tokens[i - 2].is_symbol(")", "]", "}"):
        return True  # property access
    if prev.is_word(*_NAME_AFTER):
        return True
    if prev.is_word(*_EXPRESSION_AFTER) or prev.is_symbol(*_EXPRESSION_AFTER_SYMBOLS):
        return True  # an operand: no clause can start here (``ORDER BY load``, ``RETURN x, set``)
    return prev.is_symbol("(") and nxt is not None and nxt.is_symbol(")")  # a lone node variable


def _dotted_name(tokens: list[Token], i: int) -> tuple[str, int]:
    """The normalised dotted name starting at ``i`` (words and backtick names) and the index after it."""
    parts: list[str] = []
    j = i
    while j < len(tokens) and tokens[j].kind in (Kind.WORD, Kind.NAME):
        parts.append(tokens[j].value)
        if j + 1 < len(tokens) and tokens[j + 1].is_symbol(".") and j + 2 < len(tokens) \
                and tokens[j + 2].kind in (Kind.WORD, Kind.NAME):
            j += 2
            continue
        j += 1
        break
    # A backtick name may itself hold dots (`db.labels`): split, then fold case.
    name = ".".join(p.strip() for part in parts for p in part.split("."))
    return name.casefold(), j


def _check_call(tokens: list[Token], i: int) -> None:
    """``CALL`` at ``i``: a subquery (checked like the rest) or an allow-listed procedure."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None:
        raise Refusal("CALL needs a procedure or a subquery")
    if nxt.is_symbol("{", "("):
        return
    if nxt.kind not in (Kind.WORD, Kind.NAME):
        raise Refusal(f"CALL {nxt.text} is not a read procedure")
    name, _ = _dotted_name(tokens, i + 1)
    if name not in READ_PROCEDURES:
        raise Refusal(f"procedure {name} is not on the console's read-only list")


def _check_function(name: str) -> None:
    if "." in name:
        if name in READ_FUNCTIONS or name.startswith(READ_FUNCTION_NAMESPACES):
            return
        raise Refusal(f"function {name} is not on the console's read-only list")
    if name in DENIED_FUNCTIONS or name.startswith(_DENIED_FUNCTION_PREFIXES):
        raise Refusal(f"function {name} reads files or changes state")


def _check_show(tokens: list[Token], i: int) -> None:
    words = [t.upper for t in tokens[i + 1:i + 3] if t.kind is Kind.WORD]
    if words and words[0] in SHOW_ALLOWED:
        return
    if len(words) == 2 and words[0] in _SHOW_INDEX_KINDS and words[1] in SHOW_ALLOWED:
        return
    what = " ".join(t.text for t in tokens[i + 1:i + 2]) or "(nothing)"
    raise Refusal(f"SHOW {what.upper()} is not allowed (only SHOW INDEXES and SHOW CONSTRAINTS)")


def check(query: str) -> Checked:
    """Accept a read-only query or raise :class:`Refusal` naming the clause, procedure or function."""
    try:
        tokens = tokenize(query)
    except TokenError as exc:
        raise Refusal(str(exc)) from exc
    if not tokens:
        raise Refusal("the query is empty")
    end = len(query)
    for k, tok in enumerate(tokens):
        if tok.is_symbol(";"):
            if k != len(tokens) - 1:
                raise Refusal("one statement at a time (found ';' before the end)")
            end = tok.start
            tokens = tokens[:k]
            if not tokens:
                raise Refusal("the query is empty")
            break
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.WORD and not _name_position(tokens, i):
            word = tok.upper
            if word in WRITE_OR_ADMIN:
                raise Refusal(f"{word} is not a read clause")
            if word == "SHOW":
                _check_show(tokens, i)
            elif word == "CALL":
                _check_call(tokens, i)
                if i + 1 < len(tokens) and tokens[i + 1].kind in (Kind.WORD, Kind.NAME):
                    i = _dotted_name(tokens, i + 1)[1]  # the procedure name is judged; skip it
                    continue
        if tok.kind in (Kind.WORD, Kind.NAME) and not (i and tokens[i - 1].is_symbol(".", ":")):
            name, after = _dotted_name(tokens, i)
            if after < len(tokens) and tokens[after].is_symbol("(") and (tok.kind is Kind.NAME or
                                                                         not _keyword_before_paren(tok)):
                _check_function(name)
        i += 1
    return Checked(query[:end], tuple(tokens))


_PAREN_KEYWORDS = frozenset({"MATCH", "OPTIONAL", "MERGE", "CREATE", "WHERE", "AND", "OR", "XOR", "NOT", "IN",
                             "RETURN", "WITH", "UNWIND", "WHEN", "THEN", "ELSE", "CASE", "DISTINCT", "BY",
                             "SKIP", "LIMIT", "IS", "CONTAINS", "STARTS", "ENDS", "AS", "ON", "CALL", "YIELD",
                             "UNION", "ALL", "ANY", "NONE", "SINGLE", "EXISTS", "COUNT", "COLLECT", "SHORTEST",
                             "SHORTESTPATH", "ALLSHORTESTPATHS", "FILTER", "EXTRACT", "REDUCE"})
"""Words a ``(`` may follow that are syntax (``MATCH (n)``), not a function call to judge."""


def _keyword_before_paren(tok: Token) -> bool:
    return tok.upper in _PAREN_KEYWORDS


def write_reason(query: str) -> str | None:
    """Why ``query`` is refused, or ``None`` when it reads only (the older interface)."""
    try:
        check(query)
    except Refusal as exc:
        return str(exc)
    return None
