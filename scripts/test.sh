#!/usr/bin/env bash
# Install everything and run the whole test suite: the README's test command, and what CI runs.
#   bash scripts/test.sh [pytest args...]
# Creates .venv (if missing), installs sotagraph with its test extras, Debian's chromium for the
# browser tests, starts a local Neo4j 5.26 (scripts/neo4j_local.sh) and stops it on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

SUDO=""; [[ "$(id -u)" == 0 ]] || SUDO="sudo"
if ! command -v chromium >/dev/null 2>&1; then
    echo "test.sh: installing Debian chromium for the browser tests" >&2
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null; } \
        || echo "test.sh: warning: chromium could not be installed; browser tests will skip" >&2
fi

if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
    echo "test.sh: installing docker-compose to check docker-compose.yml (no engine is needed)" >&2
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq docker-compose >/dev/null; } \
        || echo "test.sh: warning: docker-compose could not be installed" >&2
fi

export NEO4J_PASSWORD="${NEO4J_PASSWORD:-sotagraph-test}"
export SOTAGRAPH_NEO4J_DIR="${SOTAGRAPH_NEO4J_DIR:-$(mktemp -d /tmp/sotagraph-neo4j.XXXXXX)}"
# 7687 unless taken (another Neo4j, another checkout's tests): then any free port; start and env agree
SOTAGRAPH_NEO4J_BOLT_PORT="$(bash scripts/neo4j_local.sh port)"
export SOTAGRAPH_NEO4J_BOLT_PORT
bash scripts/neo4j_local.sh start
trap 'bash scripts/neo4j_local.sh stop || true' EXIT
eval "$(bash scripts/neo4j_local.sh env)"

set +e
.venv/bin/python -m pytest "$@"
code=$?
set -e
if [[ $code == 5 ]]; then
    echo "test.sh: pytest collected no tests" >&2
fi
exit $code
