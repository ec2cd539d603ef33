"""Schema DDL: LadybugDB declares typed tables; Neo4j declares constraints and indexes."""

from __future__ import annotations

from graph.schema import NODES, RELS


def ladybug_ddl() -> list[str]:
    """``CREATE NODE/REL TABLE IF NOT EXISTS`` for every table of the schema, then
    ``ALTER TABLE ... ADD IF NOT EXISTS`` for each property, so a store made by an older schema
    gains the new columns (filled with NULL) instead of failing its first write."""
    out = []
    for node in NODES:
        cols = ", ".join(f"`{name}` {typ}" for name, typ in node.properties)
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {node.label}({cols}, PRIMARY KEY(`{node.key}`))")
    for rel in RELS:
        cols = "".join(f", `{name}` {typ}" for name, typ in rel.properties)
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.type}(FROM {rel.src} TO {rel.dst}{cols})")
    for node in NODES:
        out.extend(f"ALTER TABLE {node.label} ADD IF NOT EXISTS `{name}` {typ}"
                   for name, typ in node.properties if name != node.key)
    for rel in RELS:
        out.extend(f"ALTER TABLE {rel.type} ADD IF NOT EXISTS `{name}` {typ}" for name, typ in rel.properties)
    return out


def neo4j_ddl() -> list[str]:
    """Uniqueness constraints on every key and range indexes on filtered properties."""
    out = []
    for node in NODES:
        out.append(f"CREATE CONSTRAINT {node.label.lower()}_{node.key} IF NOT EXISTS "
                   f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE")
        for prop in node.indexed:
            out.append(f"CREATE INDEX {node.label.lower()}_{prop} IF NOT EXISTS FOR (n:{node.label}) ON (n.{prop})")
    return out
