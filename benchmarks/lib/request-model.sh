# Sourced by benchmarks/run.sh: section 7, the request model (--waiter.handler-model=request:
# waiter reads each line with its decoder and publishes one WaiterRequestEvent per line; between
# requests a connection holds no thread) against the connection model and Netty.
#   7.  echo at 100 and 10,000 clients (REQUEST_ECHO_SERVERS, ROUNDS rounds, alternating)
#   7b. connections idle after one request each, at IDLE_CLIENTS and SCALE_CLIENTS
#       (REQUEST_IDLE_SERVERS): heap after a full GC, heap per connection, RSS, the server's threads
# The request-model rows need benchmarks' RequestModelEcho, which needs waiter's request model: on
# a build without it they are left out, saying so.

read -r -a REQUEST_ECHO_SERVERS <<<"${REQUEST_ECHO_SERVERS:-echo-waiter-request echo-waiter-request-selector echo-waiter-request-platform echo-waiter-virtual echo-netty}"
read -r -a REQUEST_IDLE_SERVERS <<<"${REQUEST_IDLE_SERVERS:-echo-waiter-request echo-waiter-request-selector echo-waiter-request-platform echo-waiter-virtual echo-waiter-platform-17 echo-netty}"
REQUEST_ECHO_N=(100 10000)
IDLE_SETTLE_SECONDS=${IDLE_SETTLE_SECONDS:-7}
# a thread per connection on platform threads: at the larger count only when asked
REQUEST_PLATFORM_MAX=${REQUEST_PLATFORM_MAX:-10000}

# Leaves the request-model rows out of every section when this build has no RequestModelEcho.
request_model_check() {
  if [ -f benchmarks/target/classes/dev/waiter/benchmarks/RequestModelEcho.class ]; then return 0; fi
  say "no request model in this build (benchmarks' RequestModelEcho is missing): request-model rows left out"
  without_request_rows REQUEST_ECHO_SERVERS
  without_request_rows REQUEST_IDLE_SERVERS
  without_request_rows HUNDRED_K_SERVERS
}

without_request_rows() {
  local -n servers=$1
  local kept=() s
  for s in "${servers[@]}"; do [[ "$s" == *request* ]] || kept+=("$s"); done
  servers=("${kept[@]}")
}

run_request_model() {
  SECTION=request-echo
  local round server n line
  for round in $(seq "$ROUNDS"); do
    for server in "${REQUEST_ECHO_SERVERS[@]}"; do
      say "request-model echo round $round: $server"
      start_server "$server"
      "$JAVA" -cp "$CP" dev.waiter.benchmarks.LoadClient echo $PORT 50 1 >/dev/null 2>&1 || true   # warm-up
      for n in "${REQUEST_ECHO_N[@]}"; do
        line=$(timeout $((ECHO_SECONDS + 120)) "$JAVA" -cp "$CP" dev.waiter.benchmarks.LoadClient echo $PORT $n $ECHO_SECONDS 2>&1 \
          | grep requests_per_second || echo "requests_per_second=0 p50_us=0 p99_us=0")
        record "echo-$n" "$server" "$(sed -E 's/.*requests_per_second=([0-9]+).*/\1/' <<<"$line")"
        record "echo-$n-p50" "$server" "$(sed -E 's/.*p50_us=([0-9-]+).*/\1/' <<<"$line")"
        record "echo-$n-p99" "$server" "$(sed -E 's/.*p99_us=([0-9-]+).*/\1/' <<<"$line")"
      done
      stop_server
    done
  done

  SECTION=request-idle
  local net=40 pid base heap procs
  for n in $IDLE_CLIENTS $SCALE_CLIENTS; do
    for server in "${REQUEST_IDLE_SERVERS[@]}"; do
      if [[ "$server" == echo-waiter-platform* ]] && [ "$n" -gt "$REQUEST_PLATFORM_MAX" ]; then continue; fi
      net=$((net + 1))
      procs=$(( (n + 9999) / 10000 ))
      say "request-model idle: $server, $n connections after one request each ($procs client processes)"
      start_server "$server"
      pid=$(server_jvm $SERVER_PID)
      base=$(heap_after_gc_kb "$pid")
      start_clients served "$n" "$procs" "$net" 300
      if clients_wait ready 240; then
        for _ in $(seq 600); do [ "$(fds_of "$pid")" -ge "$n" ] && break; sleep 0.1; done
        # idle means idle: past the request model's park delay (1 s) and the platform pool's keep-alive (5 s)
        sleep "$IDLE_SETTLE_SECONDS"
        heap=$(heap_after_gc_kb "$pid")
        record "idle-$n-heap" "$server" "$((heap / 1024))"
        record "idle-$n-heap-per" "$server" "$(( (heap - base) * 1024 / n ))"
        record "idle-$n-rss" "$server" "$(( $(rss_kb "$pid") / 1024 ))"
        record "idle-$n-threads" "$server" "$(threads_of "$pid")"
        record "idle-$n-replies" "$server" "$(clients_replies ready)"
      else
        say "  not all connected and served:"; tail -n 3 "${CLIENT_OUTS[@]}" >&2 || true
      fi
      clients_stop
      stop_server
    done
  done
}

table_request_model() {
  local server n rps row
  [ ${#REQUEST_ECHO_SERVERS[@]} -gt 0 ] || [ ${#REQUEST_IDLE_SERVERS[@]} -gt 0 ] || return 0
  echo
  echo "### 7. The request model: echo on persistent connections (requests/s, p50/p99 latency in µs)"
  echo
  echo "| server | JDK | 100 clients | 10,000 clients | 100 vs netty | 10,000 vs netty |"
  echo "|---|---|---:|---:|---:|---:|"
  for server in "${REQUEST_ECHO_SERVERS[@]}"; do
    row="| ${server#echo-} | $(server_jdk "$server") "
    for n in "${REQUEST_ECHO_N[@]}"; do
      rps=$(med "echo-$n" "$server")
      if [ "$rps" = "-" ]; then row+="| not run "; else row+="| $rps ($(med "echo-$n-p50" "$server")/$(med "echo-$n-p99" "$server")) "; fi
    done
    for n in "${REQUEST_ECHO_N[@]}"; do row+="| $(ratio "$(med "echo-$n" "$server")" "$(med "echo-$n" echo-netty)") "; done
    echo "$row|"
  done
  for n in $IDLE_CLIENTS $SCALE_CLIENTS; do
    echo
    echo "### 7b. $n connections idle after one request each"
    echo
    echo "| server | JDK | heap after full GC (MiB) | heap per connection, idle server's heap taken out (bytes) | RSS (MiB) | server threads | replies to the one request | heap vs netty |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    for server in "${REQUEST_IDLE_SERVERS[@]}"; do
      [ "$(med "idle-$n-heap" "$server")" = "-" ] && continue
      echo "| ${server#echo-} | $(server_jdk "$server") | $(med "idle-$n-heap" "$server") | $(med "idle-$n-heap-per" "$server") | $(med "idle-$n-rss" "$server") | $(med "idle-$n-threads" "$server") | $(med "idle-$n-replies" "$server") | $(ratio "$(med "idle-$n-heap" "$server")" "$(med "idle-$n-heap" echo-netty)") |"
    done
  done
}
