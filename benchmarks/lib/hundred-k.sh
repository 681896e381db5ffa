# Sourced by benchmarks/run.sh: section 8, 100,000 idle connections. A process may hold 20,000
# descriptors here (ulimit -n, hard), so HUNDRED_K_INSTANCES (6) server processes share one port
# (SO_REUSEPORT: waiter.reuse-port=true, or Netty's EpollChannelOption.SO_REUSEPORT; the kernel
# spreads new connections over them by a hash of the addresses and ports), each allowed 20,000
# connections with a backlog of 4096 (the kernel spreads them within a few per cent: 10% headroom is asked); the clients are at least six LoadClient processes of at most
# 15,000 connections, each from a loopback source address of its own (127.0.N.2, .3, ...: one
# address has 28,232 ephemeral ports here). Every client sends one line on each connection and
# reads its reply, then all idle; then the servers' heap after a full GC (summed), RSS (summed),
# threads (summed), then one echo round over all connections. HUNDRED_K_CLIENTS scales it down
# for a check; every step has a deadline; skipped with a message when descriptors or memory fall
# short.

HUNDRED_K_CLIENTS=${HUNDRED_K_CLIENTS:-100000}
HUNDRED_K_INSTANCES=${HUNDRED_K_INSTANCES:-6}
HUNDRED_K_STEP_SECONDS=${HUNDRED_K_STEP_SECONDS:-240}
read -r -a HUNDRED_K_SERVERS <<<"${HUNDRED_K_SERVERS:-echo-waiter-virtual echo-waiter-request-selector echo-waiter-request-platform echo-netty-reuse-port}"
HUNDRED_K_NET=100

# The descriptors and memory the section needs, raising the soft descriptor limit if it may.
hundred_k_fits() {
  local per_server=$(( HUNDRED_K_CLIENTS * 11 / (10 * HUNDRED_K_INSTANCES) + 300 ))
  local per_client=$(( HUNDRED_K_CLIENTS / HUNDRED_K_PROCS + 300 ))
  local need=$(( per_server > per_client ? per_server : per_client ))
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
    if ! ulimit -n "$need" 2>/dev/null; then
      say "100k section skipped: it needs $need open files per process, ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)) and cannot be raised"
      return 1
    fi
  fi
  # about 35 KB per connection on the server side (the connection model, summed) and 25 KB on the
  # clients', plus 300 MB for each JVM
  local need_mb=$(( HUNDRED_K_CLIENTS * 60 / 1024 + (HUNDRED_K_INSTANCES + HUNDRED_K_PROCS) * 300 ))
  local free_mb=$(( $(awk '/MemAvailable/ {print $2}' /proc/meminfo) / 1024 ))
  if [ "$free_mb" -lt "$need_mb" ]; then
    say "100k section skipped: it needs about $need_mb MiB, $free_mb MiB are available"
    return 1
  fi
}

# Starts the instances sharing $PORT; true once all of them listen (ss shows a listener per process).
hundred_k_start() {
  local server=$1 i
  INSTANCE_PIDS=()
  for i in $(seq "$HUNDRED_K_INSTANCES"); do
    server_command "$server" --waiter.reuse-port=true >"$LOG_DIR/$server-$i.log" 2>&1 &
    INSTANCE_PIDS+=($!)
  done
  record_meta "$server"
  local deadline=$(( $(date +%s) + 120 )) listening
  while [ "$(date +%s)" -lt "$deadline" ]; do
    listening=$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -oE 'pid=[0-9]+' | sort -u | wc -l)
    [ "$listening" -ge "$HUNDRED_K_INSTANCES" ] && return 0
    for i in "${INSTANCE_PIDS[@]}"; do
      kill -0 "$i" 2>/dev/null || { say "  an instance of $server died:"; tail -5 "$LOG_DIR/$server"-*.log >&2; return 1; }
    done
    sleep 0.2
  done
  say "  $server: not all $HUNDRED_K_INSTANCES instances listen on $PORT within 120 s"
  return 1
}

sum_over_instances() {  # FUNCTION: the sum of FUNCTION PID over the instances
  local total=0 pid
  for pid in "${INSTANCE_PIDS[@]}"; do total=$(( total + $("$1" "$pid") )); done
  echo "$total"
}

run_hundred_k() {
  SECTION=hundred-k
  [ ${#HUNDRED_K_SERVERS[@]} -gt 0 ] || return 0
  HUNDRED_K_PROCS=$(( (HUNDRED_K_CLIENTS + 14999) / 15000 ))
  [ "$HUNDRED_K_PROCS" -ge 6 ] || HUNDRED_K_PROCS=6
  if ! hundred_k_fits; then HUNDRED_K_SERVERS=(); return 0; fi
  local server begin heap base spread
  for server in "${HUNDRED_K_SERVERS[@]}"; do
    HUNDRED_K_NET=$((HUNDRED_K_NET + 1))
    say "100k: $HUNDRED_K_INSTANCES x $server on one port, $HUNDRED_K_CLIENTS connections from $HUNDRED_K_PROCS client processes"
    if port_open; then say "port $PORT is already taken: stop it first"; exit 1; fi
    if ! hundred_k_start "$server"; then stop_pids "${INSTANCE_PIDS[@]}"; continue; fi
    base=$(sum_over_instances heap_after_gc_kb)
    begin=$(date +%s%N)
    start_clients served "$HUNDRED_K_CLIENTS" "$HUNDRED_K_PROCS" "$HUNDRED_K_NET" $((HUNDRED_K_STEP_SECONDS * 3))
    if clients_wait connected "$HUNDRED_K_STEP_SECONDS"; then
      record "hk-connect" "$server" "$(( ($(date +%s%N) - begin) / 1000000 ))"
    fi
    if clients_wait ready "$HUNDRED_K_STEP_SECONDS"; then
      sleep "${IDLE_SETTLE_SECONDS:-7}"   # idle: past the park delay and the platform pool keep-alive
      for _ in $(seq 600); do [ "$(sum_over_instances fds_of)" -ge "$HUNDRED_K_CLIENTS" ] && break; sleep 0.1; done
      heap=$(sum_over_instances heap_after_gc_kb)
      spread=$(for pid in "${INSTANCE_PIDS[@]}"; do fds_of "$pid"; done | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {print lo "-" hi}')
      say "  descriptors per instance (connections and the JVM's own): $spread"
      record "hk-served" "$server" "$(clients_replies ready)"
      record "hk-heap" "$server" "$((heap / 1024))"
      record "hk-heap-per" "$server" "$(( (heap - base) * 1024 / HUNDRED_K_CLIENTS ))"
      record "hk-rss" "$server" "$(( $(sum_over_instances rss_kb) / 1024 ))"
      record "hk-threads" "$server" "$(sum_over_instances threads_of)"
      clients_send echo
      if clients_wait echoed "$HUNDRED_K_STEP_SECONDS"; then
        record "hk-echo" "$server" "$(clients_slowest_ms echoed)"
      fi
      record "hk-echoed" "$server" "$(clients_replies echoed)"
    else
      say "  not all connected and served in time:"; tail -n 2 "${CLIENT_OUTS[@]}" >&2 || true
    fi
    clients_stop
    stop_pids "${INSTANCE_PIDS[@]}"
  done
}

table_hundred_k() {
  [ ${#HUNDRED_K_SERVERS[@]} -gt 0 ] || return 0
  local server
  echo
  echo "### 8. $HUNDRED_K_CLIENTS idle connections ($HUNDRED_K_INSTANCES server processes on one port, $HUNDRED_K_PROCS client processes), then one echo round"
  echo
  echo "| server | JDK | connect all (ms) | replies to the first request | heap after full GC, all instances (MiB) | heap per connection (bytes) | RSS, all instances (MiB) | threads, all instances | echo round over all (ms) | replies in the echo round |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for server in "${HUNDRED_K_SERVERS[@]}"; do
    echo "| ${server#echo-} | $(server_jdk "$server") | $(med hk-connect "$server") | $(med hk-served "$server") | $(med hk-heap "$server") | $(med hk-heap-per "$server") | $(med hk-rss "$server") | $(med hk-threads "$server") | $(med hk-echo "$server") | $(med hk-echoed "$server") |"
  done
}
