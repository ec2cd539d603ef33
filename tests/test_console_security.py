"""The read-only console against a hostile user, on both backends.

An attack corpus (every attack from the security review plus more), property-based variants that
hide write and file clauses behind strings, comments, backticks, Unicode and case, and a corpus of
legitimate reads that must keep working. Every attack must be refused, leave the file system and the
graph unchanged, and never reach a loopback HTTP listener. Behind the query filter, the engine walls
are tested on their own (filter switched off): the embedded worker's sandbox and Neo4j's server
configuration. The worker's limits (time, memory, bytes) and the CLI's one-line errors close the file.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.console import ConsoleLimitError, ConsoleUsageError, run_console_query
from graph.cypher.readonly import Refusal, check
from graph.store import GraphStore, QueryResult, QueryTimeout, ReadOnlyViolation, StoreError, open_store
from tests.conftest import ROOT, make_store, run_cli
from tracker.config import ConfigError, load_settings
from tracker.records import PaperRecord

BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


# -- fixtures --------------------------------------------------------------------------------------------
class Listener:
    """A loopback HTTP server that counts every request it gets (an SSRF attempt must bring none)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append(self.path)
                body = b"a,b\n1,2\n"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def _paper(i: int, abstract: str = "We study things.") -> PaperRecord:
    return PaperRecord(arxiv_id=f"2501.{i:05d}", version=1, title=f"Paper {i}", abstract=abstract,
                       authors=["Ada Lovelace", "Alan Turing"], categories=["cs.LG", "cs.AI"],
                       published=date(2025, 1, 2), updated=date(2025, 1, 3))


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A small graph per backend, shared by the corpus tests (they must not change it).

    The embedded store is written, closed and reopened read-only, as the dashboard holds it, so a
    console worker can open it beside this process. ``console_settings`` point a worker at it.
    """
    backend = request.param
    home = tmp_path_factory.mktemp(f"console-{backend}") / "home"
    papers = [_paper(i, abstract="x" * 3000) for i in range(1, 9)]
    if backend == "embedded":
        settings = load_settings(home=home, graph="embedded")
        with open_store(settings) as writer:
            writer.write_batch(papers)
        store = open_store(settings, read_only=True)
    else:
        store = make_store("neo4j", home)
        store.write_batch(papers)
        settings = load_settings(home=home, graph="neo4j")
    store.console_settings = settings  # type: ignore[attr-defined]
    yield store
    store.close()


ATTACK_FILES = {"exported", "x.csv", "papers.csv", "fuzz-export.csv", "fuzz-exported", "other.lbug", "fuzz.lbug"}
"""Every file or folder name an attack in this module tries to create (relative or under /tmp)."""


def _listing(store: GraphStore) -> dict[str, set[str]]:
    """The store's home (recursively) and the top level of the places a relative or /tmp path lands."""
    home = Path(store.console_settings.home)  # type: ignore[attr-defined]
    tops = {str(p): {c.name for c in p.iterdir()} for p in {ROOT, Path.cwd(), Path("/tmp")}}
    tops["home"] = {str(p.relative_to(home)) for p in home.rglob("*")} if home.exists() else set()
    return tops


@pytest.fixture
def unchanged(loaded: GraphStore, listener: Listener) -> Iterator[None]:
    """After the test: same graph, no attack file anywhere, nothing new in the store's home, no HTTP request."""
    before_files = _listing(loaded)
    before_graph = loaded.dump()
    before_requests = len(listener.requests)
    yield
    assert listener.requests[before_requests:] == []
    assert loaded.dump() == before_graph
    after = _listing(loaded)
    assert after["home"] == before_files["home"]
    for place, names in after.items():
        assert not (names - before_files[place]) & ATTACK_FILES, place


# -- the attack corpus ---------------------------------------------------------------------------------------
def attacks(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/"
    return [
        # from the security review
        "WITH '//' AS u LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
        "RETURN '//' AS x; EXPORT DATABASE 'exported'",
        "COPY (MATCH (p:Paper) RETURN p.title) TO 'x.csv'",
        "COPY Paper TO 'papers.csv'",
        "LOAD EXTENSION '/tmp/libevil.so'",
        f"WITH '//' AS u LOAD CSV FROM '{url}' AS r RETURN r",
        "CALL `file_search_path`='/etc'",
        "LOAD FROM 'hostname' (file_format='csv', header=false) RETURN *",
        "CALL `dbms`.listConfig()",
        "CALL `db`.clearQueryCaches()", "RETURN `db`.clearQueryCaches()", "`db`.clearQueryCaches()",
        "CALL dbms.listConfig() YIELD name RETURN name",
        "SHOW USERS", "SHOW SETTINGS", "SHOW TRANSACTIONS", "SHOW DATABASES", "show users", "SHOW CURRENT USER",
        "SHOW PRIVILEGES", "SHOW SERVERS", "SHOW ALIASES FOR DATABASE",
        # multi-statement and comment/string tricks
        "RETURN 1; MATCH (p:Paper) DETACH DELETE p",
        "RETURN '/*' AS a; CREATE (n:Paper {arxiv_id: 'x'}) RETURN '*/'",
        "RETURN \"//\" AS x LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
        "RETURN 1 // harmless\nCREATE (n:Paper {arxiv_id: 'x'})",
        "RETURN 1 /* harmless */ CREATE (n:Paper {arxiv_id: 'x'})",
        "RETURN 1 //\rCREATE (n:Paper {arxiv_id: 'x'})",
        "RETURN 1 //\u2028CREATE (n:Paper {arxiv_id: 'x'})",
        "RETURN 'it\\'s' AS a CREATE (n:Paper {arxiv_id: 'x'})",
        "RETURN \"a\\\"b\" AS a CREATE (n:Paper {arxiv_id: 'x'})",
        "MATCH (p:Paper) RETURN p.`title` AS `//` SET p.title = 'x'",
        "MATCH (p:Paper) WITH p AS `a``b` SET p.title = 'x'",
        # writes in every spelling
        "CREATE (n:Paper {arxiv_id: '2509.00001'})", "create (n:Paper {arxiv_id: '2509.00001'})",
        "CrEaTe (n:Paper {arxiv_id: '2509.00001'})", "MERGE (n:Paper {arxiv_id: '2509.00001'})",
        "MATCH (p:Paper) SET p.title = 'x'", "MATCH (p:Paper) ſet p.title = 'x'",
        "MATCH (p:Paper) ＳＥＴ p.title = 'x'", "MATCH (p:Paper) S\u200bET p.title = 'x'",
        "MATCH (p:Paper) DELETE p", "MATCH (p:Paper) DETACH DELETE p", "MATCH (p:Paper) NODETACH DELETE p",
        "MATCH (p:Paper) REMOVE p.title", "MATCH (p:Paper) FOREACH (x IN [1] | SET p.title = 'x')",
        "INSERT (n:Paper {arxiv_id: 'x'})", "MATCH (p:Paper) CALL { WITH p DETACH DELETE p } IN TRANSACTIONS",
        "MATCH (p:Paper) CALL (p) { SET p.title = 'x' } RETURN 1",
        "MATCH (p:Paper) CALL { MATCH (q:Paper) DELETE q } RETURN p",
        "UNWIND [1] AS x CREATE (:Paper {arxiv_id: toString(x)})",
        "MATCH (p:Paper) WITH p ORDER BY p.title LIMIT 1 SET p.title = 'x'",
        "OPTIONAL MATCH (p:Paper) MERGE (p)-[:IN_CATEGORY]->(:Category {code: 'x'})",
        "EXPLAIN CREATE (n:Paper {arxiv_id: 'x'})", "PROFILE MATCH (p:Paper) SET p.title = 'x'",
        # schema, files, extensions, databases, transactions
        "DROP TABLE Paper", "ALTER TABLE Paper ADD x INT64", "CREATE NODE TABLE X(id INT64, PRIMARY KEY(id))",
        "CREATE INDEX i IF NOT EXISTS FOR (p:Paper) ON (p.title)", "DROP INDEX paper_title",
        "CREATE CONSTRAINT c IF NOT EXISTS FOR (p:Paper) REQUIRE p.doi IS UNIQUE",
        "COMMENT ON TABLE Paper IS 'x'", "EXPORT DATABASE '/tmp/exported'", "IMPORT DATABASE '/tmp/exported'",
        "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)", "DETACH other", "USE other",
        "INSTALL httpfs", "UNINSTALL httpfs", "LOAD httpfs", "BEGIN TRANSACTION", "COMMIT", "ROLLBACK", "CHECKPOINT",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        f"LOAD CSV WITH HEADERS FROM '{url}' AS line RETURN line",
        f"LOAD FROM '{url}x.csv' RETURN *",
        "USING PERIODIC COMMIT LOAD CSV FROM 'file:///x' AS l CREATE (:X)",
        "CREATE DATABASE evil", "STOP DATABASE neo4j", "START DATABASE neo4j", "TERMINATE TRANSACTIONS 'x'",
        "CREATE USER eve SET PASSWORD 'x'", "ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'",
        "GRANT ROLE admin TO eve", "DENY READ ON GRAPH * TO reader", "REVOKE ROLE admin FROM neo4j",
        "CREATE MACRO m(x) AS x + 1", "CREATE SEQUENCE s", "RETURN nextval('s')",
        "PROJECT GRAPH g (Paper, AUTHORED)", "ANALYZE", "CREATE GRAPH g2", "USE GRAPH g2",
        # procedures and functions off the list, however spelled
        "CALL db.createLabel('Hacked')", "CALL `db.createLabel`('Hacked')", "CALL DB.CREATELABEL('Hacked')",
        "CALL db . createLabel('Hacked')", "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
        "CALL dbms.killQuery('x')", "CALL db.index.fulltext.createNodeIndex('x', ['Paper'], ['title'])",
        "CALL apoc.load.json('file:///etc/passwd')", "RETURN apoc.version()",
        "CALL project_graph('g', ['Paper'], ['AUTHORED'])", "CALL current_setting('file_search_path') RETURN *",
        "CALL threads=1", "CALL spill_to_disk=true", "CALL read_csv('/etc/passwd') RETURN *",
        "RETURN read_csv('/etc/passwd')", "RETURN `read_parquet`('/etc/passwd')", "RETURN file_info('/etc/passwd')",
        "CALL clear_warnings()", "CALL show_attached_databases() RETURN *",
        # where the engines lex differently from a naive tokenizer: LadybugDB reads `1LOAD` as 1 then
        # LOAD, Neo4j decodes \\uXXXX before it lexes (so an escape can close a string or a comment)
        "MATCH (p:Paper) WHERE 1=1LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
        "UNWIND [1] AS x WITH x WHERE x=$1LOAD FROM '/etc/passwd' (header=false) RETURN *",
        "UNWIND [1] AS x WITH x WHERE x=1CALL storage_info('Paper') RETURN count(*) AS n",
        "UNWIND [1] AS x WITH x WHERE x=1.5LOAD FROM '/etc/passwd' (header=false) RETURN *",
        "UNWIND [1] AS x WITH x WHERE x=0x1FLOAD FROM '/etc/passwd' (header=false) RETURN *",
        r"WITH '\u0027 AS a CALL dbms.listConfig() YIELD name, value RETURN name, value //' AS x RETURN x",
        r"/* \u002a/ SHOW USERS YIELD user RETURN user //*/ MATCH (n) RETURN count(n)",
        r"/* \u002a/ TERMINATE TRANSACTIONS 'neo4j-transaction-1' //*/ MATCH (n) RETURN count(n)",
        r"WITH '\uuu0027 AS a CALL db.clearQueryCaches() YIELD value RETURN value //' AS x RETURN x",
        f"WITH '\\u0027 AS a LOAD CSV FROM '{url}' AS l RETURN l //' AS x RETURN x",
        "RETURN 1 AS x // \\u000a CALL db.clearQueryCaches() YIELD value RETURN value",
        # unterminated quoting: nothing past it is judged, so nothing past it runs
        "RETURN 'abc", "RETURN \"abc", "RETURN `abc", "RETURN 1 /* CREATE (n)", "", "   ", ";",
    ]


def test_the_corpus_is_big_enough(listener: Listener) -> None:
    assert len(attacks(listener.port)) >= 80


def test_the_filter_itself_refuses_every_attack(listener: Listener) -> None:
    """The first wall alone (the engines' own refusals are not counted here)."""
    let_through = []
    for query in attacks(listener.port):
        try:
            check(query)
        except Refusal:
            continue
        let_through.append(query)
    assert let_through == []


def test_every_attack_is_refused(loaded: GraphStore, listener: Listener, unchanged: None) -> None:
    missed = []
    for query in attacks(listener.port):
        try:
            loaded.read_only_query(query)
        except ReadOnlyViolation as exc:
            assert str(exc).startswith("refused: the console is read-only (") and "\n" not in str(exc), query
        else:
            missed.append(query)
    assert missed == []


def test_attacks_through_the_worker_path_too(loaded: GraphStore, listener: Listener, unchanged: None,
                                             tmp_path: Path) -> None:
    """The CLI's and dashboard's path refuses before starting a worker: same one-line error."""
    settings = load_settings(home=tmp_path / "home", graph=loaded.backend)
    for query in attacks(listener.port)[:12]:
        with pytest.raises(ReadOnlyViolation):
            run_console_query(settings, query)


# -- fuzzed variants -----------------------------------------------------------------------------------------
CORES = [
    ("CREATE", "(n:Paper {arxiv_id: '2509.09999'})"),
    ("MERGE", "(n:Paper {arxiv_id: '2509.09999'})"),
    ("SET", "p.title = 'x'"),
    ("DETACH DELETE", "p"),
    ("DELETE", "p"),
    ("REMOVE", "p.title"),
    ("LOAD FROM", "'/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *"),
    ("LOAD CSV FROM", "'file:///etc/passwd' AS r RETURN r"),
    ("LOAD CSV FROM", "'http://127.0.0.1:{port}/' AS r RETURN r"),
    ("COPY", "Paper TO 'fuzz-export.csv'"),
    ("EXPORT DATABASE", "'fuzz-exported'"),
    ("LOAD EXTENSION", "'/tmp/libfuzz.so'"),
    ("CALL", "file_search_path='/etc'"),
    ("CALL", "dbms.listConfig()"),
    ("CALL", "db.clearQueryCaches()"),
    ("SHOW", "USERS"),
    ("FOREACH", "(x IN [1] | SET p.title = 'x')"),
    ("INSTALL", "httpfs"),
    ("ATTACH", "'/tmp/fuzz.lbug' AS f (dbtype lbug)"),
]
PREFIXES = ["MATCH (p:Paper)", "MATCH (p:Paper) WITH p", "MATCH (p:Paper) WITH p, '//' AS u",
            "MATCH (p:Paper) WITH p, \"/*\" AS u", "MATCH (p:Paper) WITH p, '*/' AS u, `//x` AS v",
            "MATCH (p:Paper) WHERE p.title <> 'CREATE' WITH p", "MATCH (p:Paper) RETURN p; "]
PADDING = [" ", "  ", "\n", "\t", "\u00a0", "\u2003", "\u3000", " /* */ ", " /* '// */ ", " /* \" */ ",
           " // ' comment\n", " // /*\n", "\r\n", " /**/ "]


def _random_case(draw: Any, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.lower() if f else c.upper() for c, f in zip(word, flips, strict=True))


def _disguise_word(draw: Any, word: str) -> str:
    """Random case, sometimes a full-width letter, a long s, or an invisible character inside."""
    word = _random_case(draw, word)
    trick = draw(st.sampled_from(["none", "none", "fullwidth", "zwsp", "long-s"]))
    if trick == "fullwidth":
        i = draw(st.integers(0, len(word) - 1))
        word = word[:i] + chr(ord(word[i].upper()) + 0xFEE0) + word[i + 1:]
    elif trick == "zwsp" and len(word) > 1:
        i = draw(st.integers(1, len(word) - 1))
        word = word[:i] + draw(st.sampled_from(["\u200b", "\u200d", "\ufeff"])) + word[i:]
    elif trick == "long-s" and "S" in word.upper():
        i = word.upper().index("S")
        word = word[:i] + "ſ" + word[i + 1:]
    return word


@st.composite
def disguised_attack(draw: Any, port: int) -> str:
    keyword, rest = draw(st.sampled_from(CORES))
    pad = lambda: draw(st.sampled_from(PADDING))  # noqa: E731
    words = [_disguise_word(draw, w) for w in keyword.split()]
    rest = rest.replace("{port}", str(port))
    if keyword == "CALL" and draw(st.booleans()):  # backtick the procedure name's parts
        name, _, tail = rest.partition("(") if "(" in rest else rest.partition("=")
        sep = "(" if "(" in rest else "="
        rest = ".".join(f"`{part}`" for part in name.split(".")) + sep + tail
    prefix = draw(st.sampled_from(PREFIXES))
    return prefix + pad() + pad().join(words) + pad() + rest + draw(st.sampled_from(["", ";", " ", " // end"]))


FUZZ = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(data=st.data())
def test_fuzzed_attacks_are_refused_by_the_filter(data: st.DataObject) -> None:
    query = data.draw(disguised_attack(9))
    with pytest.raises(Refusal):
        check(query)


def test_fuzzed_attacks_are_refused_on_both_backends(loaded: GraphStore, listener: Listener, unchanged: None) -> None:
    seen: list[str] = []

    @settings(max_examples=60, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        query = data.draw(disguised_attack(listener.port))
        seen.append(query)
        with pytest.raises(ReadOnlyViolation):
            loaded.read_only_query(query)

    run()
    assert len(seen) >= 50


# -- legitimate reads ----------------------------------------------------------------------------------------
LEGIT = [
    "RETURN {set: 1} AS m",
    "RETURN 1.5e3 AS a, 2E-2 AS c, 10 AS d, 7 + 3 AS e",
    "MATCH (start:Paper) RETURN start.title AS t ORDER BY t LIMIT 3",
    "MATCH (p:Paper) RETURN p.title AS load ORDER BY load LIMIT 3",
    "MATCH (p:Paper) RETURN p.arxiv_id AS copy, p.title AS delete ORDER BY copy, delete LIMIT 2",
    "WITH {load: 1, copy: 2, merge: 3} AS m RETURN m.load + m.copy + m.merge AS n",
    "MATCH (p:Paper)-[:IN_CATEGORY {`primary`: true}]->(c:Category) RETURN c.code, count(p) "
    "ORDER BY count(p) DESC LIMIT 5",
    "MATCH (p:Paper) RETURN count(p) AS papers",
    "MATCH (p:Paper) RETURN p.arxiv_id, p.title, p.published ORDER BY p.published DESC LIMIT 20",
    "MATCH (p:Paper) RETURN p.primary_category AS category, count(*) AS papers ORDER BY papers DESC LIMIT 20",
    "MATCH (m:Model)<-[:OF_MODEL]-(r:Result)-[:ON_BENCHMARK]->(b:Benchmark {key: 'mmlu'}) "
    "RETURN m.name AS model, m.is_open AS open, r.value AS value ORDER BY value DESC LIMIT 20",
    "MATCH (a:Model)-[:BASED_ON]->(b:Model) RETURN a.name AS model, b.name AS base LIMIT 50",
    "MATCH (o:Organization)-[:LOCATED_IN]->(c:Country) RETURN c.code AS country, count(o) AS organisations "
    "ORDER BY organisations DESC",
    "MATCH (p:Paper)-[s:SIMILAR_TO]->(q:Paper) RETURN p.arxiv_id, q.arxiv_id, s.score ORDER BY s.score DESC LIMIT 20",
    "MATCH (a:Author)-[:AUTHORED]->(p:Paper) RETURN a.name AS author, count(p) AS n ORDER BY n DESC, author LIMIT 5",
    "MATCH (p:Paper) WHERE p.title CONTAINS 'Paper' RETURN count(*) AS n",
    "MATCH (p:Paper) WHERE p.title STARTS WITH 'Paper 1' RETURN p.arxiv_id",
    "MATCH (p:Paper) WHERE p.title ENDS WITH '3' RETURN p.arxiv_id",
    "MATCH (p:Paper) WHERE p.arxiv_id IN ['2501.00001', '2501.00002'] RETURN p.arxiv_id ORDER BY p.arxiv_id",
    "MATCH (p:Paper) WHERE p.title = 'CREATE (n) // LOAD FROM x' RETURN p",
    "MATCH (p:Paper) RETURN p.title AS `SET`, '/* not a comment */' AS s, \"// nor this\" AS t LIMIT 1",
    "MATCH (p:Paper) // a comment with CREATE and LOAD CSV\nRETURN count(p) AS n",
    "MATCH (p:Paper) /* DELETE everything; EXPORT DATABASE 'x' */ RETURN count(p) AS n",
    "MATCH (p:Paper) RETURN count(p) AS n;",
    "match (p:Paper) return count(p) as n",
    "UNWIND [1, 2, 3] AS x RETURN sum(x) AS s",
    "UNWIND range(1, 10) AS x WITH x WHERE x % 2 = 0 RETURN collect(x) AS evens",
    "WITH 'it\\'s' AS s RETURN s",
    "RETURN CASE WHEN 1 < 2 THEN 'yes' ELSE 'no' END AS answer",
    "MATCH (p:Paper) RETURN p.arxiv_id ORDER BY p.arxiv_id SKIP 2 LIMIT 2",
    "MATCH (p:Paper) RETURN DISTINCT p.primary_category AS c",
    "MATCH (p:Paper) RETURN p.arxiv_id AS id UNION MATCH (p:Paper) RETURN p.arxiv_id AS id",
    "MATCH (p:Paper) RETURN p.arxiv_id AS id UNION ALL MATCH (q:Paper) RETURN q.arxiv_id AS id",
    "OPTIONAL MATCH (m:Model) RETURN count(m) AS models",
    "MATCH (p:Paper) WITH p.primary_category AS c, count(*) AS n WHERE n > 1 RETURN c, n",
    "MATCH (a:Author)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(b:Author) WHERE a.name < b.name "
    "RETURN a.name, b.name, count(p) AS together ORDER BY together DESC LIMIT 3",
    "MATCH (p:Paper) WHERE p.published >= date('2025-01-01') RETURN count(p) AS n",
    "MATCH (p:Paper) RETURN size(p.abstract) AS chars ORDER BY chars DESC LIMIT 1",
    "MATCH (p:Paper) RETURN coalesce(p.doi, 'none') AS doi LIMIT 1",
    "MATCH (p:Paper) RETURN toUpper(p.title) AS t, lower(p.title) AS l LIMIT 1",
    "MATCH (p:Paper) WHERE p.doi IS NULL RETURN count(*) AS n",
    "MATCH (p:Paper) WHERE NOT p.title = 'x' AND (p.version = 1 OR p.version = 2) RETURN count(*) AS n",
    "MATCH (p:Paper {arxiv_id: $id}) RETURN p.title AS t",
    "MATCH (c:Category) RETURN c.code ORDER BY c.code",
    "MATCH (r:IngestRun) RETURN r.status, count(*) AS n",
    "MATCH (p:Paper) RETURN size(p.categories) AS n LIMIT 1",
    "MATCH (a:Author)-[w:AUTHORED]->(p:Paper) RETURN w.position AS pos, count(*) AS n ORDER BY pos",
    "MATCH path = (a:Author)-[:AUTHORED]->(p:Paper) RETURN length(path) AS l LIMIT 1",
]
LEGIT_BY_BACKEND = {
    "embedded": ["CALL show_tables() RETURN *", "CALL table_info('Paper') RETURN *", "CALL db_version() RETURN *"],
    "neo4j": ["CALL db.labels() YIELD label RETURN label", "CALL db.relationshipTypes() YIELD relationshipType "
              "RETURN count(*) AS n", "CALL `db`.`propertyKeys`() YIELD propertyKey RETURN count(*) AS n",
              "SHOW INDEXES YIELD name RETURN count(*) AS n", "RETURN date.truncate('month', date('2025-03-04')) AS m"],
}


def readme_queries() -> list[tuple[str, dict[str, Any] | None]]:
    """Every ``sotagraph cypher`` example in README.md, with its ``--params``, as a shell would pass them."""
    out = []
    for line in (ROOT / "README.md").read_text().splitlines():
        at = line.find("sotagraph cypher ")
        if at < 0 or line.lstrip().startswith("|"):
            continue
        args = shlex.split(line[at:], comments=True)[2:]
        params, positional = None, []
        while args:
            arg = args.pop(0)
            if arg == "--params":
                params = json.loads(args.pop(0))
            elif arg in ("--limit", "--timeout"):
                args.pop(0)
            elif not arg.startswith("--"):
                positional.append(arg)
        out.append((positional[0], params))
    return out


def test_the_legitimate_corpus_is_big_enough() -> None:
    assert len(LEGIT) >= 40 and len(readme_queries()) >= 4


def test_every_legitimate_read_runs(loaded: GraphStore, unchanged: None) -> None:
    failed = []
    corpus = [(q, {"id": "2501.00001"} if "$id" in q else None) for q in LEGIT + LEGIT_BY_BACKEND[loaded.backend]]
    for query, params in corpus + readme_queries():
        try:
            result = loaded.read_only_query(query, params)
        except StoreError as exc:
            failed.append(f"{query}: {exc}")
        else:
            assert isinstance(result, QueryResult)
    assert failed == []


def test_legitimate_reads_through_the_worker(loaded: GraphStore) -> None:
    """The CLI's and dashboard's path: a fresh worker per query, the answers the in-process path gives."""
    settings = _worker_settings(loaded)
    for query in (LEGIT[1], LEGIT[5], "MATCH (p:Paper {arxiv_id: $id}) RETURN p.title AS t"):
        params = {"id": "2501.00003"} if "$id" in query else None
        got = run_console_query(settings, query, params)
        assert got == loaded.read_only_query(query, params), query


# -- settings never persist ----------------------------------------------------------------------------------
def test_a_setting_changed_by_one_query_does_not_reach_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """Filter switched off on purpose: each console query gets a fresh connection, so a
    ``file_search_path`` set by one is gone in the next and ``LOAD FROM 'hostname'`` finds nothing."""
    store = make_store("embedded", tmp_path)
    try:
        monkeypatch.setattr("graph.console.checked_query", lambda query: query)
        default = store.read_only_query("CALL current_setting('file_search_path') RETURN *").rows
        store.read_only_query("CALL file_search_path='/etc'")
        assert store.read_only_query("CALL current_setting('file_search_path') RETURN *").rows == default
        with pytest.raises(StoreError):
            store.read_only_query("LOAD FROM 'hostname' (file_format='csv', header=false) RETURN *")
    finally:
        store.close()


# -- engine walls, with the filter switched off ---------------------------------------------------------------
SANDBOX_PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import ladybug
    from graph import sandbox
    from graph.embedded import EmbeddedStore
    path, port, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    net = sandbox.no_network()
    confined = sandbox.confine([path.parent])  # before the engine starts its threads, as the worker does
    store = EmbeddedStore(path, read_only=True)
    conn = ladybug.Connection(store._db)
    results = {}
    for name, q in {
        "read_etc": "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
        "export": f"EXPORT DATABASE '{out / 'exported'}'",
        "copy_to": f"COPY (MATCH (p:Paper) RETURN p.title) TO '{out / 'x.csv'}'",
        "http": f"LOAD FROM 'http://127.0.0.1:{port}/x.csv' RETURN *",
        "extension": "LOAD EXTENSION 'httpfs'",
        "papers": "MATCH (p:Paper) RETURN count(p)",
    }.items():
        try:
            results[name] = ["ran", str(conn.execute(q).get_all())[:200]]
        except Exception as exc:
            results[name] = ["refused", str(exc)[:200]]
    print(json.dumps({"net": net, "confined": confined, "results": results}))
""")


def test_the_embedded_worker_sandbox_holds_without_the_filter(tmp_path: Path, listener: Listener) -> None:
    store = make_store("embedded", tmp_path)
    store.write_batch([_paper(1)])
    path = store.path
    store.close()
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-c", SANDBOX_PROBE, str(path), str(listener.port), str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    if not report["confined"]:
        pytest.skip("this kernel has no Landlock: the embedded worker relies on the filter and RLIMIT_FSIZE")
    results = report["results"]
    assert results["papers"][0] == "ran" and "1" in results["papers"][1]
    for name in ("read_etc", "export", "copy_to", "http", "extension"):
        assert results[name][0] == "refused", (name, results[name])
    assert list(out.iterdir()) == []
    assert listener.requests == []


@pytest.mark.neo4j
def test_the_neo4j_server_refuses_files_and_urls_without_the_filter(listener: Listener, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The server configuration (scripts/neo4j_local.sh, docker-compose.yml): no file URLs, every
    address blocked for LOAD CSV, READ access mode for everything else."""
    store = make_store("neo4j", tmp_path)
    try:
        store.write_batch([_paper(1)])
        monkeypatch.setattr("graph.console.checked_query", lambda query: query)
        for query in (f"LOAD CSV FROM 'http://127.0.0.1:{listener.port}/' AS r RETURN r",
                      f"LOAD CSV FROM 'http://[::1]:{listener.port}/' AS r RETURN r",
                      f"LOAD CSV FROM 'http://localhost:{listener.port}/' AS r RETURN r",
                      "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r"):
            with pytest.raises(StoreError) as err:
                store.read_only_query(query)
            assert "\n" not in str(err.value)
        with pytest.raises(ReadOnlyViolation):
            store.read_only_query("MATCH (p:Paper) SET p.title = 'x'")
        assert listener.requests == []
        assert store.read_only_query("MATCH (p:Paper) RETURN p.title AS t").rows == [["Paper 1"]]
    finally:
        store.close()


def test_the_local_neo4j_conf_and_compose_set_the_walls() -> None:
    script = (ROOT / "scripts" / "neo4j_local.sh").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    for line in ("dbms.security.allow_csv_import_from_file_urls=false", "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0",
                 "dbms.security.procedures.allowlist=$PROC_ALLOWLIST", "db.memory.transaction.max=",
                 "dbms.memory.transaction.total.max=$TX_TOTAL_MEMORY"):
        assert line in script
    for key in ("NEO4J_dbms_security_allow__csv__import__from__file__urls: \"false\"",
                "NEO4J_internal_dbms_cypher__ip__blocklist: \"0.0.0.0/0,::/0\"",
                "NEO4J_dbms_security_procedures_allowlist:", "NEO4J_db_memory_transaction_max:",
                "NEO4J_dbms_memory_transaction_total_max:"):
        assert key in compose
    assert "db.awaitIndexes" in script and "db.awaitIndexes" in compose  # the app's own schema set-up needs it


def test_the_compose_healthcheck_keeps_the_password_off_the_command_line() -> None:
    import yaml

    health = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["neo4j"]["healthcheck"]["test"]
    command = " ".join(health)
    assert "cypher-shell" in command and " -p " not in command and "--password" not in command
    assert "NEO4J_PASSWORD=" in command.split("cypher-shell")[0]  # handed over in the environment


def test_the_env_example_placeholder_password_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
               if "=" in line and not line.startswith("#"))
    monkeypatch.setenv("NEO4J_PASSWORD", env["NEO4J_PASSWORD"])
    with pytest.raises(ConfigError) as err:
        load_settings(graph="neo4j")
    assert "placeholder" in str(err.value) and "\n" not in str(err.value)
    proc = run_cli("stats", env={"SOTAGRAPH_GRAPH": "neo4j", "NEO4J_PASSWORD": env["NEO4J_PASSWORD"],
                                 "SOTAGRAPH_HOME": str(tmp_path)}, timeout=120)
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("error: NEO4J_PASSWORD is still the placeholder")


# -- resource bounds -----------------------------------------------------------------------------------------
def _worker_settings(store: GraphStore) -> Any:
    """A copy of the settings that point a console worker at ``store`` (tests change its limits)."""
    return dataclasses.replace(store.console_settings)  # type: ignore[attr-defined]


def test_a_runaway_query_stops_with_one_line(loaded: GraphStore) -> None:
    settings = _worker_settings(loaded)
    with pytest.raises((QueryTimeout, ConsoleLimitError)) as err:
        run_console_query(settings, "UNWIND range(1, 600000000) AS x RETURN sum(x)", timeout_s=2)
    assert "\n" not in str(err.value) and ("time limit" in str(err.value) or "memory limit" in str(err.value))


def test_a_result_past_the_byte_cap_stops_with_one_line(loaded: GraphStore) -> None:
    settings = _worker_settings(loaded)
    settings.query_byte_cap = 8 * 1024  # the fixture's abstracts are 8 x 3,000 characters
    with pytest.raises(ConsoleLimitError) as err:
        run_console_query(settings, "MATCH (p:Paper) RETURN collect(p.abstract) AS abstracts")
    assert "byte cap" in str(err.value) and "\n" not in str(err.value)
    cut = run_console_query(settings, "MATCH (p:Paper) RETURN p.abstract AS a ORDER BY p.arxiv_id")
    assert cut.truncated and 1 <= len(cut.rows) < 8


def test_the_memory_limit_is_enforced_in_the_worker(tmp_path: Path) -> None:
    """The embedded engine builds ``range()`` lists before it looks at its clock: only the worker's
    address-space limit stops this one (one line, no traceback, the parent unharmed)."""
    settings = load_settings(home=tmp_path / "home", graph="embedded")
    with open_store(settings) as writer:
        writer.write_batch([_paper(1)])
    settings.query_memory_mb = 256
    with pytest.raises((ConsoleLimitError, QueryTimeout)) as err:
        run_console_query(settings, "UNWIND range(1, 600000000) AS x RETURN collect(x)", timeout_s=30)
    assert "\n" not in str(err.value)
    assert run_console_query(settings, "MATCH (p:Paper) RETURN count(p) AS n").rows == [[1]]


@pytest.mark.parametrize("option", [{"timeout_s": -5}, {"timeout_s": 0}, {"row_cap": 0}])
def test_out_of_range_options_are_usage_errors(tmp_path: Path, option: dict[str, Any]) -> None:
    with pytest.raises(ConsoleUsageError):
        run_console_query(load_settings(home=tmp_path, graph="embedded"), "RETURN 1", **option)


# -- the CLI: one line and a non-zero exit for every usage or query error -----------------------------------------
@pytest.fixture
def cli_home(home: Path, tmp_path: Path) -> Path:
    from graph.embedded import EmbeddedStore

    settings = load_settings(home=home, graph="embedded")
    with EmbeddedStore(settings.store_path) as store:
        store.write_batch([_paper(1), _paper(2)])
    return home


CLI_ERRORS = [
    (["RETURN 1; RETURN 2"], 1, "error: refused: the console is read-only (one statement at a time"),
    (["RETURN 1", "--params", "{bad"], 2, "error: --params is not valid JSON"),
    (["RETURN 1", "--params", "[1, 2]"], 2, "error: --params must be a JSON object"),
    (["RETURN 1", "--timeout", "-5"], 2, "error: the time limit must be between 0 and 86400 s"),
    (["RETURN 1", "--timeout", "soon"], 2, "error: --timeout must be a number"),
    (["RETURN 1", "--limit", "0"], 2, "error: the row cap must be at least 1"),
    (["RETURN 1", "--limit", "many"], 2, "error: --limit must be an integer"),
    (["WITH '//' AS u LOAD FROM '/etc/passwd' (file_format='csv') RETURN *"], 1,
     "error: refused: the console is read-only (LOAD is not a read clause)"),
    (["CALL `file_search_path`='/etc'"], 1, "error: refused: the console is read-only (procedure file_search_path"),
    (["MATCH (p:Paper RETURN p"], 1, "error: query error:"),
    (["RETURN 'unterminated"], 1, "error: refused: the console is read-only (unterminated string literal)"),
]


def test_cli_errors_are_one_line_with_a_non_zero_exit(cli_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every case through the CLI's ``main`` (exit code and stderr as a user sees them); the first
    three again as a real subprocess, so no traceback can hide outside ``main``."""
    from tracker.cli import main

    for args, code, start in CLI_ERRORS:
        assert main(["--no-progress", "cypher", *args]) == code, args
        err = capsys.readouterr().err
        assert err.startswith(start), (args, err)
        assert err.strip().count("\n") == 0 and "Traceback" not in err, (args, err)
    for args, code, start in CLI_ERRORS[:3]:
        proc = run_cli("cypher", *args, timeout=120)
        assert proc.returncode == code and proc.stderr.startswith(start), (args, proc.stderr)
        assert proc.stderr.strip().count("\n") == 0, (args, proc.stderr)
    ok = run_cli("cypher", "--json", "MATCH (start:Paper) RETURN start.arxiv_id AS load ORDER BY load", timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == '[{"load": "2501.00001"}, {"load": "2501.00002"}]'
