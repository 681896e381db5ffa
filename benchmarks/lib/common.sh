# Sourced by benchmarks/run.sh: the servers, starting and stopping them, the results, and the
# helpers every section shares (load-client processes, a server's heap, RSS and threads).
# Needs from run.sh: JAVA, JAVA17, JVM_OPTS, PORT, LOG_DIR, CP, SAMPLE, RESP, WAITER_ARGS,
# NO_READ_TIMEOUT, RESULTS_TSV.

say() { printf '%s\n' "$*" >&2; }

# The waiter echo server's arguments: lean as every peer, room for the idle sections' clients.
ECHO_ARGS=(--waiter.port=$PORT --waiter.address=127.0.0.1 --waiter.max-connections=20000 --waiter.backlog=4096)
# The request model: each line read by waiter's decoder, one WaiterRequestEvent per line.
REQUEST_ARGS=(--bench.request-model=true --waiter.handler-model=request)
ECHO_MAIN=dev.waiter.benchmarks.WaiterEchoApplication

# Runs one server in the foreground (the caller puts it in the background); extra arguments go to
# the waiter echo servers (the 100k section adds --waiter.reuse-port=true).
server_command() {
  local name=$1; shift
  case "$name" in
    waiter-virtual)  exec "$JAVA" "${JVM_OPTS[@]}" -jar "$SAMPLE" "${WAITER_ARGS[@]}" $NO_READ_TIMEOUT --waiter.threads.virtual=true ;;
    waiter-virtual-no-observation) exec "$JAVA" "${JVM_OPTS[@]}" -jar "$SAMPLE" "${WAITER_ARGS[@]}" $NO_READ_TIMEOUT --waiter.threads.virtual=true --waiter.observation.enabled=false ;;
    waiter-virtual-read-timeout) exec "$JAVA" "${JVM_OPTS[@]}" -jar "$SAMPLE" "${WAITER_ARGS[@]}" --waiter.threads.virtual=true --waiter.read-timeout=10s ;;
    waiter-platform) exec "$JAVA" "${JVM_OPTS[@]}" -jar "$SAMPLE" "${WAITER_ARGS[@]}" $NO_READ_TIMEOUT --waiter.threads.virtual=false ;;
    waiter-prefork)  exec "$JAVA" "${JVM_OPTS[@]}" -jar "$SAMPLE" "${WAITER_ARGS[@]}" $NO_READ_TIMEOUT --waiter.mode=prefork --waiter.threads.virtual=false ;;
    waiter-nofork)   exec "$JAVA" "${JVM_OPTS[@]}" -jar "$SAMPLE" "${WAITER_ARGS[@]}" $NO_READ_TIMEOUT --waiter.mode=nofork ;;
    bare-virtual)    exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.BareLoopServer $PORT demo virtual ;;
    bare-platform)   exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.BareLoopServer $PORT demo platform ;;
    netty)           exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.NettyServer $PORT demo ;;
    spring-integration-ip) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.IntegrationIpServer $PORT ;;
    perl-net-server) exec perl benchmarks/perl/demo-server.pl $PORT ;;
    echo-waiter-virtual)  exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" --waiter.threads.virtual=true "$@" ;;
    echo-waiter-virtual-plain) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" --waiter.threads.virtual=true --bench.plain-listener=true "$@" ;;
    echo-waiter-virtual-on-input) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" --waiter.threads.virtual=true --waiter.process-on-input=true "$@" ;;
    echo-waiter-platform) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" --waiter.threads.virtual=false "$@" ;;
    echo-waiter-platform-17) exec "$JAVA17" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" --waiter.threads.virtual=false "$@" ;;
    echo-waiter-request)  exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" "${REQUEST_ARGS[@]}" --waiter.threads.virtual=true "$@" ;;
    echo-waiter-request-thread) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" "${REQUEST_ARGS[@]}" --waiter.threads.virtual=true --waiter.idle-wait=thread "$@" ;;
    echo-waiter-request-selector) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" "${REQUEST_ARGS[@]}" --waiter.threads.virtual=true --waiter.idle-wait=selector "$@" ;;
    echo-waiter-request-platform) exec "$JAVA17" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" "${REQUEST_ARGS[@]}" --waiter.threads.virtual=false "$@" ;;
    echo-bare-virtual)    exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.BareLoopServer $PORT echo virtual ;;
    echo-netty)           exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.NettyServer $PORT echo ;;
    echo-netty-reuse-port) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.NettyServer $PORT echo reuse-port ;;
    frames-waiter-virtual) exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" $ECHO_MAIN "${ECHO_ARGS[@]}" --waiter.threads.virtual=true --waiter.frame.type=length-prefixed ;;
    frames-netty)         exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.NettyServer $PORT frames ;;
    resp-waiter-virtual)  exec "$JAVA" "${JVM_OPTS[@]}" -jar "$RESP" --waiter.port=$PORT --waiter.address=127.0.0.1 --waiter.threads.virtual=true ;;
    resp-waiter-virtual-observation) exec "$JAVA" "${JVM_OPTS[@]}" -jar "$RESP" --waiter.port=$PORT --waiter.address=127.0.0.1 --waiter.threads.virtual=true --waiter.observation.enabled=true ;;
    resp-waiter-connection) exec "$JAVA" "${JVM_OPTS[@]}" -jar "$RESP" --waiter.port=$PORT --waiter.address=127.0.0.1 --waiter.threads.virtual=true --waiter.handler-model=connection ;;
    resp-waiter-platform-17) exec "$JAVA17" "${JVM_OPTS[@]}" -jar "$RESP" --waiter.port=$PORT --waiter.address=127.0.0.1 --waiter.threads.virtual=false ;;
    resp-waiter-platform) exec "$JAVA" "${JVM_OPTS[@]}" -jar "$RESP" --waiter.port=$PORT --waiter.address=127.0.0.1 --waiter.threads.virtual=false ;;
    resp-redis-server)    exec redis-server --port $PORT --bind 127.0.0.1 --save '' --appendonly no --daemonize no ;;
    resp-netty)           exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" dev.waiter.benchmarks.NettyRespServer $PORT ;;
    *) say "unknown server $name"; exit 2 ;;
  esac
}

# The JVM a server runs on, for the tables and the charts' titles.
server_jdk() {
  case "$1" in
    resp-redis-server|perl-net-server) echo "-" ;;
    *-platform-17|*-request-platform) "$JAVA17" -version 2>&1 | head -1 | cut -d'"' -f2 ;;
    *) "$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2 ;;
  esac
}

port_open() { (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; }

start_server() {
  local name=$1
  if port_open; then
    say "port $PORT is already taken (a server left from an earlier run?): stop it first"; exit 1
  fi
  server_command "$name" >"$LOG_DIR/$name.log" 2>&1 &
  SERVER_PID=$!
  record_meta "$name"
  for _ in $(seq 300); do
    if port_open; then return 0; fi
    kill -0 $SERVER_PID 2>/dev/null || { say "$name died:"; tail -20 "$LOG_DIR/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  say "$name did not listen on $PORT within 60s"; tail -20 "$LOG_DIR/$name.log" >&2; exit 1
}

# Stops the processes with these ids (each the server itself: server_command execs it).
stop_pids() {
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for _ in $(seq 100); do port_open || break; sleep 0.1; done
}

stop_server() { stop_pids $SERVER_PID; }

declare -A RESULT   # "workload|server" -> space-separated values
SECTION=setup       # the section recording, the first column of results.tsv

# One measured value, kept for the tables and appended to results.tsv (section, server, metric, value).
record() {
  RESULT["$1|$2"]="${RESULT["$1|$2"]:-} $3"
  printf '%s\t%s\t%s\t%s\n' "$SECTION" "$2" "$1" "$3" >>"$RESULTS_TSV"
}

declare -A RECORDED_META
record_meta() {
  [ -n "${RECORDED_META[$1]:-}" ] && return 0
  RECORDED_META[$1]=1
  printf 'meta\t%s\tjdk\t%s\n' "$1" "$(server_jdk "$1")" >>"$RESULTS_TSV"
}

median() {
  tr ' ' '\n' <<<"$1" | { grep -v '^$' || true; } | sort -g | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else printf "%.0f\n", (v[NR/2]+v[NR/2+1])/2}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-") printf "%.2fx", a / b; else print "-" }'; }

# med KEY SERVER: the median of what was recorded
med() { median "${RESULT["$1|$2"]:-}"; }

# The JVM under a server's wrapper (the pid itself when it is the JVM).
java_pid() { pgrep -P "$1" java 2>/dev/null | head -1 || true; }
server_jvm() { local child; child=$(java_pid "$1"); echo "${child:-$1}"; }

# Heap used after a full GC, in KiB, asked with the jcmd of the JVM's own JDK; 0 when it fails.
heap_after_gc_kb() {
  local pid=$1 jcmd
  jcmd="$(dirname "$(readlink /proc/$pid/exe 2>/dev/null || echo "$JAVA")")/jcmd"
  [ -x "$jcmd" ] || jcmd="$JDK/bin/jcmd"
  timeout 60 "$jcmd" "$pid" GC.run >>"$LOG_DIR/jcmd.log" 2>&1 || true
  timeout 60 "$jcmd" "$pid" GC.heap_info 2>>"$LOG_DIR/jcmd.log" | tee -a "$LOG_DIR/jcmd.log" \
    | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo 0
}
rss_kb() { awk '/^VmRSS/ {print $2}' /proc/$1/status 2>/dev/null || echo 0; }
threads_of() { awk '/^Threads:/ {print $2}' /proc/$1/status 2>/dev/null || echo 0; }
fds_of() { ls /proc/$1/fd 2>/dev/null | wc -l; }

# --- load-client processes driven through FIFOs ------------------------------------------------
# start_clients MODE TOTAL PROCS NET SECONDS: PROCS LoadClient processes (MODE idle or served) of
# TOTAL/PROCS connections each, from 127.0.NET.2, 127.0.NET.3, ... (a fresh NET per run: closed
# connections hold their ports in TIME_WAIT), each ending itself after SECONDS.
CLIENT_PIDS=(); CLIENT_OUTS=(); CLIENT_FDS=()
start_clients() {
  local mode=$1 total=$2 procs=$3 net=$4 seconds=$5 i fifo fd each
  CLIENT_PIDS=(); CLIENT_OUTS=(); CLIENT_FDS=()
  for i in $(seq 0 $((procs - 1))); do
    each=$(( total / procs + (i < total % procs ? 1 : 0) ))
    fifo="$LOG_DIR/client-$i.in"; rm -f "$fifo"; mkfifo "$fifo"
    CLIENT_OUTS+=("$LOG_DIR/client-$i.out")
    "$JAVA" -Xmx512m -cp "$CP" dev.waiter.benchmarks.LoadClient "$mode" $PORT "$each" "$seconds" 127.0.$net.$((i + 2)) \
      <"$fifo" >"$LOG_DIR/client-$i.out" 2>&1 &
    CLIENT_PIDS+=($!)
    exec {fd}>"$fifo"
    CLIENT_FDS+=("$fd")
  done
}

# clients_wait PATTERN SECONDS: until every client has printed a line starting with PATTERN, one
# has failed, or the time is up; true when all have printed it.
clients_wait() {
  local pattern=$1 deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(cat "${CLIENT_OUTS[@]}" | grep -c "^$pattern")" -ge "${#CLIENT_OUTS[@]}" ] && return 0
    grep -q -e 'time limit' -e Exception "${CLIENT_OUTS[@]}" && return 1
    sleep 0.1
  done
  return 1
}

clients_send() { local fd; for fd in "${CLIENT_FDS[@]}"; do echo "$1" >&"$fd" 2>/dev/null || true; done; }
# the sum of the replies the clients' PATTERN lines report, and the longest of their times
clients_replies() { cat "${CLIENT_OUTS[@]}" | awk -v p="^$1" '$0 ~ p {n += $2} END {print n + 0}'; }
clients_slowest_ms() { cat "${CLIENT_OUTS[@]}" | awk -v p="^$1" '$0 ~ p {if ($4 > m) m = $4; k++} END {if (k) print m; else print "-"}'; }

clients_stop() {
  local fd pid
  clients_send stop
  for fd in "${CLIENT_FDS[@]}"; do exec {fd}>&-; done
  for pid in "${CLIENT_PIDS[@]}"; do
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  CLIENT_PIDS=(); CLIENT_FDS=()
}
