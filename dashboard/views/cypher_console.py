"""Cypher console: read-only queries, example queries, results as a table with CSV download."""

import pandas as pd
import streamlit as st

from dashboard import data, ui
from graph.cypher.dashboard import EXAMPLE_QUERIES
from graph.store import QuerySyntaxError, QueryTimeout, ReadOnlyViolation, StoreError


def ui_value(value: object) -> object:
    """Engine values (nodes, lists, dates) as plain table cells."""
    if isinstance(value, (dict, list, tuple)):
        return str(value)
    return value


st.title("Cypher console")
h = data.holder()
st.caption(f"Read-only: writes, schema changes and writing procedures are refused. Time limit "
           f"{h.settings.query_timeout_s:g} s, at most {h.settings.query_row_cap:,} rows. Backend: {h.settings.graph}.")
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
    except StoreError as exc:
        st.error(f"Failed: {exc}")
    else:
        df = pd.DataFrame([[ui_value(v) for v in row] for row in result.rows], columns=result.columns) \
            if result.columns else pd.DataFrame()
        st.success(f"{len(df):,} row(s)" + (" (truncated at the row cap)" if result.truncated else ""))
        ui.table(df, "cypher_result", key="cy-result")
