#!/usr/bin/env bash
# A real Neo4j Community server (5.26 LTS) for development and CI, fetched from Maven Central.
#
# Maven Central does not carry the server tarball, but it does carry the jars the tarball's lib/
# holds: org.neo4j.app:neo4j-server (Bolt, HTTP), org.neo4j:neo4j (the DBMS, with
# org.neo4j.server.CommunityEntryPoint, the class bin/neo4j starts) and org.neo4j:neo4j-command-line
# (neo4j-admin, for the initial password). `fetch` resolves them with mvn into a Maven repository
# inside the cache and records the classpath; `start` runs CommunityEntryPoint on that classpath with
# a neo4j.conf it writes, exactly as the packaged launcher does. Nothing is written into the repo.
#
# Usage: scripts/neo4j_local.sh fetch|start|stop|status|env|port|reset
#   fetch   resolve the jars (once; later calls are a no-op)
#   start   fetch if needed, write conf, set the initial password on a new instance, start, and wait
#           until Bolt answers `RETURN 1`
#   stop    stop the server this script started (the pid in the pid file, nothing else)
#   status  exit 0 when running and answering, 3 when not running, 1 when running but not answering
#   env     print `export NEO4J_URI=... NEO4J_USER=... NEO4J_PASSWORD=... NEO4J_DATABASE=...`
#   port    print the Bolt port to use: SOTAGRAPH_NEO4J_BOLT_PORT when set, else 7687 when it is free,
#           else a free port (scripts/test.sh exports it, so start and env agree on it)
#   reset   stop, then delete the instance's data and logs (the cache of jars stays)
#
# Environment (all optional):
#   SOTAGRAPH_NEO4J_VERSION    Neo4j version (default 5.26.30, the latest 5.26.x when written)
#   SOTAGRAPH_NEO4J_CACHE      cache of jars (default ~/.cache/sotagraph/neo4j)
#   SOTAGRAPH_NEO4J_DIR        instance directory: conf, data, logs, run/neo4j.pid
#                              (default $SOTAGRAPH_NEO4J_CACHE/instance)
#   SOTAGRAPH_NEO4J_BOLT_PORT  Bolt port on 127.0.0.1 (default 7687)
#   NEO4J_PASSWORD             password of user neo4j (default sotagraph-dev); set on a new instance only
#   SOTAGRAPH_NEO4J_HEAP       JVM heap, -Xms and -Xmx (default 1g)
#   SOTAGRAPH_NEO4J_PAGECACHE  server.memory.pagecache.size (default 512m)
#   SOTAGRAPH_NEO4J_START_TIMEOUT  seconds to wait for Bolt (default 180)
#   SOTAGRAPH_NEO4J_TX_MEMORY  db.memory.transaction.max, one transaction's memory (default 0: no cap of
#                              its own; the app's wipe and bulk writes of a full snapshot need over 512m)
#   SOTAGRAPH_NEO4J_TX_TOTAL_MEMORY  dbms.memory.transaction.total.max, all transactions together
#                              (default: Neo4j's, 70% of the heap); a query past it fails, the server stays up
#   SOTAGRAPH_NEO4J_CONF_EXTRA extra neo4j.conf lines, newline-separated
#   SOTAGRAPH_PYTHON           python with the `neo4j` driver for the RETURN 1 probe (default: the repo's
#                              .venv/bin/python if present, else python3); without the driver the probe
#                              falls back to a port check plus the server's "Started." log line
set -euo pipefail

VERSION="${SOTAGRAPH_NEO4J_VERSION:-5.26.30}"
CACHE="${SOTAGRAPH_NEO4J_CACHE:-$HOME/.cache/sotagraph/neo4j}"
INSTANCE="${SOTAGRAPH_NEO4J_DIR:-$CACHE/instance}"
PORT="${SOTAGRAPH_NEO4J_BOLT_PORT:-7687}"
PASSWORD="${NEO4J_PASSWORD:-sotagraph-dev}"
HEAP="${SOTAGRAPH_NEO4J_HEAP:-1g}"
PAGECACHE="${SOTAGRAPH_NEO4J_PAGECACHE:-512m}"
START_TIMEOUT="${SOTAGRAPH_NEO4J_START_TIMEOUT:-180}"
TX_MEMORY="${SOTAGRAPH_NEO4J_TX_MEMORY:-0}"
TX_TOTAL_MEMORY="${SOTAGRAPH_NEO4J_TX_TOTAL_MEMORY:-}"
PROC_ALLOWLIST="db.awaitIndexes,db.labels,db.relationshipTypes,db.propertyKeys,db.schema.visualization,db.schema.nodeTypeProperties,db.schema.relTypeProperties"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

M2="$CACHE/m2"
BUILD="$CACHE/build-$VERSION"
CLASSPATH_FILE="$CACHE/neo4j-$VERSION.classpath"
PID_FILE="$INSTANCE/run/neo4j.pid"
MAIN_CLASS="org.neo4j.server.CommunityEntryPoint"

log() { echo "neo4j_local: $*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

python_bin() {
    if [[ -n "${SOTAGRAPH_PYTHON:-}" ]]; then echo "$SOTAGRAPH_PYTHON"
    elif [[ -x "$REPO_ROOT/.venv/bin/python" ]]; then echo "$REPO_ROOT/.venv/bin/python"
    else echo python3; fi
}

require_java() {
    command -v java >/dev/null || die "java not found: Neo4j $VERSION needs Java 17 or 21 on PATH"
    local major
    major="$(java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }')"
    [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]] || die "Java 17 or newer needed, found '${major:-unknown}'"
}

fetched() {
    [[ -s "$CLASSPATH_FILE" ]] || return 1
    local jar
    while IFS= read -r jar; do [[ -f "$jar" ]] || return 1; done < <(tr ':' '\n' < "$CLASSPATH_FILE")
}

cmd_fetch() {
    if fetched; then log "Neo4j $VERSION already fetched ($CLASSPATH_FILE)"; return 0; fi
    command -v mvn >/dev/null || die "mvn not found: fetching Neo4j needs Maven"
    require_java
    local t0; t0="$(now)"
    mkdir -p "$BUILD" "$M2"
    cat > "$BUILD/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sotagraph</groupId>
  <artifactId>neo4j-local</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>$VERSION</version></dependency>
    <dependency><groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId><version>$VERSION</version></dependency>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j-command-line</artifactId><version>$VERSION</version></dependency>
  </dependencies>
</project>
EOF
    log "fetching Neo4j $VERSION from Maven Central into $M2 ..."
    mvn -B -q -f "$BUILD/pom.xml" -Dmaven.repo.local="$M2" \
        dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$CLASSPATH_FILE.tmp" \
        > "$BUILD/mvn.log" 2>&1 || { tail -20 "$BUILD/mvn.log" >&2; die "mvn could not resolve Neo4j $VERSION"; }
    mv "$CLASSPATH_FILE.tmp" "$CLASSPATH_FILE"
    fetched || die "classpath written but some jars are missing: $CLASSPATH_FILE"
    log "fetched Neo4j $VERSION ($(tr ':' '\n' < "$CLASSPATH_FILE" | wc -l) jars) in $(elapsed "$t0") s"
}

running_pid() {
    # The pid from the pid file, only if that process is alive and is the server of this instance.
    [[ -f "$PID_FILE" ]] || return 1
    local pid; pid="$(cat "$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$MAIN_CLASS --home-dir=$INSTANCE " || return 1
    echo "$pid"
}

write_conf() {
    mkdir -p "$INSTANCE/conf" "$INSTANCE/data" "$INSTANCE/logs" "$INSTANCE/run" "$INSTANCE/plugins" \
        "$INSTANCE/import"
    cat > "$INSTANCE/conf/neo4j.conf" <<EOF
# Written by scripts/neo4j_local.sh on every start; edit the environment variables, not this file.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$PORT
server.bolt.advertised_address=127.0.0.1:$PORT
server.bolt.tls_level=DISABLED
server.http.enabled=false
server.https.enabled=false
dbms.routing.enabled=false
server.memory.pagecache.size=$PAGECACHE
server.directories.data=$INSTANCE/data
server.directories.logs=$INSTANCE/logs
server.directories.run=$INSTANCE/run
server.directories.plugins=$INSTANCE/plugins
server.directories.import=$INSTANCE/import
db.tx_log.rotation.retention_policy=256M size
dbms.usage_report.enabled=false
dbms.security.auth_enabled=true
# The read-only console's walls behind its query filter: LOAD CSV reads no local file and
# fetches no URL (every IPv4 and IPv6 range is blocked), only the procedures the app calls
# are loaded from plugins, and transaction memory is bounded.
dbms.security.allow_csv_import_from_file_urls=false
internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0
dbms.security.procedures.allowlist=$PROC_ALLOWLIST
db.memory.transaction.max=$TX_MEMORY
${TX_TOTAL_MEMORY:+dbms.memory.transaction.total.max=$TX_TOTAL_MEMORY}
${SOTAGRAPH_NEO4J_CONF_EXTRA:-}
EOF
}

bolt_probe() {
    # 0 when `RETURN 1` answers over Bolt, 2 when authentication fails, 1 otherwise.
    port_in_use || return 1
    local py; py="$(python_bin)"
    if "$py" -c 'import neo4j' >/dev/null 2>&1; then
        NEO4J_PROBE_PORT="$PORT" NEO4J_PROBE_PASSWORD="$PASSWORD" "$py" - <<'EOF' 2>/dev/null
import os, sys
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError
uri = "bolt://127.0.0.1:" + os.environ["NEO4J_PROBE_PORT"]
try:
    with GraphDatabase.driver(uri, auth=("neo4j", os.environ["NEO4J_PROBE_PASSWORD"]),
                              connection_timeout=3) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS ok")
        sys.exit(0 if records[0]["ok"] == 1 else 1)
except AuthError:
    sys.exit(2)
except Exception:
    sys.exit(1)
EOF
    else
        grep -q 'INFO  Started\.' "$INSTANCE/logs/neo4j.log" 2>/dev/null
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

cmd_start() {
    local pid
    if pid="$(running_pid)"; then log "already running (pid $pid, bolt://127.0.0.1:$PORT)"; return 0; fi
    port_in_use && die "port 127.0.0.1:$PORT is already in use; set SOTAGRAPH_NEO4J_BOLT_PORT"
    cmd_fetch
    require_java
    local t0; t0="$(now)"
    write_conf
    if [[ ! -f "$INSTANCE/data/dbms/auth.ini" && ! -d "$INSTANCE/data/databases/system" ]]; then
        NEO4J_HOME="$INSTANCE" NEO4J_CONF="$INSTANCE/conf" \
            java -cp "$(cat "$CLASSPATH_FILE")" org.neo4j.cli.AdminTool dbms set-initial-password \
            "$PASSWORD" > "$INSTANCE/logs/set-initial-password.log" 2>&1 \
            || { cat "$INSTANCE/logs/set-initial-password.log" >&2; die "could not set the initial password"; }
    fi
    local -a jvm=(
        "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow
        -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC
        -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
        -Djdk.tls.ephemeralDHKeySize=2048 -Djdk.tls.rejectClientInitiatedRenegotiation=true
        -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
    )
    # setsid: the server outlives this shell and is not hit by a Ctrl-C meant for the caller.
    setsid java "${jvm[@]}" -cp "$INSTANCE/plugins/*:$INSTANCE/conf/*:$(cat "$CLASSPATH_FILE")" \
        "$MAIN_CLASS" --home-dir="$INSTANCE" --config-dir="$INSTANCE/conf" \
        < /dev/null > "$INSTANCE/logs/console.log" 2>&1 &
    pid=$!
    echo "$pid" > "$PID_FILE"
    log "started pid $pid (heap $HEAP, page cache $PAGECACHE, data $INSTANCE/data); waiting for Bolt ..."
    local deadline rc
    deadline=$(( $(date +%s) + START_TIMEOUT ))
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            tail -20 "$INSTANCE/logs/console.log" "$INSTANCE/logs/neo4j.log" >&2 2>/dev/null || true
            die "Neo4j exited during start-up (logs in $INSTANCE/logs)"
        fi
        rc=0; bolt_probe || rc=$?
        if [[ $rc -eq 0 ]]; then break; fi
        if [[ $rc -eq 2 ]]; then
            die "Neo4j is up but rejects NEO4J_PASSWORD: this instance was created with another password" \
                "(run '$0 reset' or use another SOTAGRAPH_NEO4J_DIR); the server is left running, pid $pid"
        fi
        if (( $(date +%s) >= deadline )); then
            die "Bolt did not answer within $START_TIMEOUT s (pid $pid still running; logs in $INSTANCE/logs)"
        fi
        sleep 0.5
    done
    log "Neo4j $VERSION answers on bolt://127.0.0.1:$PORT (pid $pid); start took $(elapsed "$t0") s"
}

cmd_stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PID_FILE"; log "not running"; return 0
    fi
    kill -TERM "$pid"
    local i
    for i in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; log "stopped pid $pid"; return 0; }
        sleep 0.5
    done
    log "pid $pid did not stop within 60 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
}

cmd_status() {
    local pid
    if ! pid="$(running_pid)"; then echo "not running ($INSTANCE)"; return 3; fi
    local rc=0; bolt_probe || rc=$?
    if [[ $rc -eq 0 ]]; then
        echo "running: pid $pid, bolt://127.0.0.1:$PORT, Neo4j $VERSION, instance $INSTANCE"; return 0
    fi
    if [[ $rc -eq 2 ]]; then
        echo "running but rejects NEO4J_PASSWORD: pid $pid, bolt://127.0.0.1:$PORT, instance $INSTANCE"
        return 1
    fi
    echo "running but not answering on bolt://127.0.0.1:$PORT: pid $pid, instance $INSTANCE"; return 1
}

cmd_env() {
    printf 'export NEO4J_URI=%q\n' "bolt://127.0.0.1:$PORT"
    printf 'export NEO4J_USER=%q\n' "neo4j"
    printf 'export NEO4J_PASSWORD=%q\n' "$PASSWORD"
    printf 'export NEO4J_DATABASE=%q\n' "neo4j"
}

cmd_port() {
    if [[ -n "${SOTAGRAPH_NEO4J_BOLT_PORT:-}" ]] || ! port_in_use; then echo "$PORT"; return 0; fi
    "$(python_bin)" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
        || die "port $PORT is in use and no free port could be found"
}

cmd_reset() {
    cmd_stop
    rm -rf "$INSTANCE/data" "$INSTANCE/logs" "$INSTANCE/run"
    log "deleted data and logs of $INSTANCE"
}

case "${1:-}" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    port) cmd_port ;;
    reset) cmd_reset ;;
    *) echo "usage: $0 fetch|start|stop|status|env|port|reset" >&2; exit 2 ;;
esac
