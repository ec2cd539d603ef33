"""What the read-only Cypher console refuses before a query reaches the engine.

The engines enforce read-only too (LadybugDB ``BEGIN TRANSACTION READ ONLY``, Neo4j READ
access mode); this check gives the same clear message on both and blocks statements an
engine might allow in a read transaction (``LOAD CSV``, ``COPY ... TO``, ``ATTACH``).
"""

from __future__ import annotations

import re

_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_WRITE = re.compile(
    r"(?<![.\w$])(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|ALTER|COPY|LOAD|INSTALL|ATTACH|IMPORT|EXPORT|"
    r"BEGIN|COMMIT|ROLLBACK|CHECKPOINT|FOREACH|USE|TERMINATE|GRANT|DENY|REVOKE|START|STOP)\b",
    re.IGNORECASE,
)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
READ_PROCEDURES = (
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization", "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties", "db.indexes", "db.constraints", "dbms.components", "show_tables",
    "table_info", "show_connection", "db.info",
)


def _strip(query: str) -> str:
    return _STRINGS.sub("''", _COMMENTS.sub(" ", query))


def write_reason(query: str) -> str | None:
    """Why ``query`` is refused, or ``None`` when it reads only."""
    text = _strip(query)
    for match in _CALL.finditer(text):
        name = match.group(1).lower()
        if name.lower() not in READ_PROCEDURES:
            return f"procedure {match.group(1)} is not on the read-only list"
    match = _WRITE.search(text)
    if match:
        return f"{match.group(1).upper()} writes or changes the database"
    if ";" in text.strip().rstrip(";"):
        return "one statement at a time"
    return None
