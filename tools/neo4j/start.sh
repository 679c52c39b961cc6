#!/usr/bin/env bash
# Start the local Neo4j (Community 5.26, Bolt on 127.0.0.1) in the background and wait until it
# accepts logins. Builds the launcher on first use. Safe to run when it is already running.
#
#   NEO4J_BOLT_PORT   Bolt port                          (default 7687)
#   NEO4J_HOME_DIR    data, logs, pid file               (default <repo>/var/neo4j)
#   NEO4J_PASSWORD    password of user neo4j, set at the first start of a data directory
#                                                        (default partnernet-dev)
#   NEO4J_HEAP        JVM heap                           (default 512m)
#   NEO4J_PAGECACHE   page cache                         (default 256m)
#   NEO4J_START_TIMEOUT seconds to wait for Bolt         (default 180)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${NEO4J_BOLT_PORT:-7687}"
home="${NEO4J_HOME_DIR:-$repo/var/neo4j}"
mkdir -p "$home"
home="$(cd "$home" && pwd)"
pidfile="$home/neo4j.pid"
log="$home/launcher.log"
timeout="${NEO4J_START_TIMEOUT:-180}"
uri="bolt://127.0.0.1:$port"

die() { echo "neo4j: $*" >&2; exit 1; }

ours() {  # is this pid our launcher (not a recycled pid)?
    [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'partnernet.neo4j.LocalNeo4j'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if [[ -f "$pidfile" ]]; then
    pid="$(cat "$pidfile")"
    if ours "$pid"; then
        if [[ "$(cat "$home/ready" 2>/dev/null)" == "$pid" ]]; then
            echo "$uri"
            exit 0
        fi
    else
        rm -f "$pidfile" "$home/ready"
        pid=""
    fi
fi

if [[ -z "${pid:-}" ]]; then
    command -v java >/dev/null || die "java not found; install a Java 17 runtime (apt-get install openjdk-17-jdk-headless) or set NEO4J_URI to an existing Neo4j"
    port_open && die "port $port is already in use by another program; set NEO4J_BOLT_PORT to a free port"

    classpath_file="$here/target/classpath.txt"
    stamp="$here/target/classes/partnernet/neo4j/LocalNeo4j.class"
    if [[ ! -f "$classpath_file" || ! -f "$stamp" || "$here/pom.xml" -nt "$stamp" \
          || -n "$(find "$here/src" -newer "$stamp" -name '*.java' 2>/dev/null)" ]]; then
        command -v mvn >/dev/null || die "mvn not found; install Maven (apt-get install maven) or set NEO4J_URI to an existing Neo4j"
        echo "neo4j: building the launcher (first run downloads Neo4j from Maven Central)..." >&2
        mvn -B -q -f "$here/pom.xml" compile >"$home/build.log" 2>&1 \
            || { tail -n 30 "$home/build.log" >&2; die "building the launcher failed; see $home/build.log"; }
    fi

    cd "$home"
    NEO4J_BOLT_PORT="$port" NEO4J_HOME_DIR="$home" \
        nohup java -Xms256m -Xmx"${NEO4J_HEAP:-512m}" -XX:+UseG1GC -Dfile.encoding=UTF-8 \
        -cp "$here/target/classes:$(cat "$classpath_file")" partnernet.neo4j.LocalNeo4j \
        </dev/null >"$log" 2>&1 &
    pid=$!
    echo "$pid" >"$pidfile"
fi

deadline=$((SECONDS + timeout))
until [[ "$(cat "$home/ready" 2>/dev/null)" == "$pid" ]] && port_open; do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$pidfile"
        tail -n 30 "$log" >&2
        die "the server stopped while starting; see $log and $home/logs/"
    fi
    (( SECONDS < deadline )) || die "Bolt did not open on port $port within ${timeout}s; see $log (pid $pid still running)"
    sleep 0.2
done
echo "$uri"
