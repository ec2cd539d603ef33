"""Cypher console: read-only queries, example queries, results as a table with CSV download."""

import pandas as pd
import streamlit as st

from dashboard import data, ui
from graph.console import ConsoleLimitError, ConsoleUsageError
from graph.cypher.dashboard import EXAMPLE_QUERIES
from graph.store import QuerySyntaxError, QueryTimeout, ReadOnlyViolation, StoreError


def ui_value(value: object) -> object:
    """Engine values (nodes, lists, dates) as plain table cells."""
    if isinstance(value, (dict, list, tuple)):
        return str(value)
    return value


st.title("Cypher console")
h = data.holder()
st.caption(f"Read-only: one statement of read clauses; writes, files, settings and admin procedures are "
           f"refused. Each query runs in its own worker: time limit {h.settings.query_timeout_s:g} s, memory "
           f"{h.settings.query_memory_mb:,} MB, at most {h.settings.query_row_cap:,} rows and "
           f"{h.settings.query_byte_cap / 2**20:g} MB. Backend: {h.settings.graph}.")
with st.expander("Schema: labels, properties, relationship types"):
    ui.schema_panel(data.counts())
example = st.selectbox("Start from an example", ["(none)", *EXAMPLE_QUERIES], key="cy-example")
if example != "(none)" and st.session_state.get("cy-last-example") != example:
    st.session_state["cy-query"] = EXAMPLE_QUERIES[example]
    st.session_state["cy-last-example"] = example
query = st.text_area("Query", key="cy-query", height=140, placeholder="MATCH (p:Paper) RETURN p.title LIMIT 10")
limit = st.number_input("Time limit (s)", min_value=0.01, max_value=float(h.settings.query_timeout_s),
                        value=float(h.settings.query_timeout_s), key="cy-timeout")
if st.button("Run", type="primary", key="cy-run") and query.strip():
    try:
        result = data.run_cypher(query, timeout_s=float(limit))
    except ReadOnlyViolation as exc:
        st.error(f"Refused: {exc}")
    except QueryTimeout as exc:
        st.error(f"Timed out: {exc}")
    except QuerySyntaxError as exc:
        st.error(f"Query error: {exc}")
    except ConsoleLimitError as exc:
        st.error(f"Stopped: {exc}")
    except ConsoleUsageError as exc:
        st.error(f"Bad option: {exc}")
    except StoreError as exc:
        st.error(f"Failed: {exc}")
    else:
        df = pd.DataFrame([[ui_value(v) for v in row] for row in result.rows], columns=result.columns) \
            if result.columns else pd.DataFrame()
        st.success(f"{len(df):,} row(s)" + (" (truncated at the row or byte cap)" if result.truncated else ""))
        ui.table(df, "cypher_result", key="cy-result")
