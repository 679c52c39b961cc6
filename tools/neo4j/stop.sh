#!/usr/bin/env bash
# Stop the local Neo4j started by start.sh (same NEO4J_HOME_DIR); does nothing if it is not running.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
home="${NEO4J_HOME_DIR:-$repo/var/neo4j}"
pidfile="$home/neo4j.pid"

[[ -f "$pidfile" ]] || { echo "neo4j: not running (no $pidfile)"; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'partnernet.neo4j.LocalNeo4j'; then
    kill -TERM "$pid"
    for _ in $(seq 1 600); do  # a clean shutdown flushes the page cache; give it up to 60 s
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "neo4j: pid $pid did not stop in 60 s; killing it" >&2
        kill -KILL "$pid"
    fi
    echo "neo4j: stopped (pid $pid)"
else
    echo "neo4j: not running (stale pid file removed)"
fi
rm -f "$pidfile" "$home/ready"
