#!/usr/bin/env bash
# Starts each benchmark server in turn, drives it, stops it, and prints markdown tables:
#   1. the Net::Waiter demo under wrk (connect, reply, close) at c=1, 64, 256
#   2. line echo on persistent connections at 1, 100 and 10,000 clients (benchmarks' LoadClient)
#   3. 10,000 idle connections: the server's heap after a full GC, and its RSS, for the first 10,000
#      clients after start (cold) and for the third 10,000 (warm: the JIT has compiled the path)
#   3b. 19,000 idle connections from two client processes on two loopback source addresses:
#      time to connect them, heap after a full GC, RSS, then one echo round over all of them
#   2b. the same echo with length-prefixed frames: waiter's frame API against Netty's
#      LengthFieldBasedFrameDecoder, at 100 and 10,000 clients
#   4. the Redis protocol under redis-benchmark: the RESP example on waiter, redis-server, and a
#      Netty server on netty-codec-redis (-t ping,set,get -c 50, with -P 1 and -P 16, and -d 1000)
#   5. the demo behind HAProxy (Debian's haproxy, TCP mode): without a header, with send-proxy (v1)
#      and with send-proxy-v2, to one sample app whose named server takes the PROXY protocol
#   6. restarts on one port: HandOverDriver (the restart test's driver) in its own network namespace,
#      with net.ipv4.tcp_migrate_req=0 and =1, counting failed connections
#   7. the request model (benchmarks/lib/request-model.sh): echo at 100 and 10,000 clients, and
#      10,000 / 19,000 connections idle after one request each (heap, heap per connection, RSS, threads)
#   8. 100,000 idle connections (benchmarks/lib/hundred-k.sh): six servers on one port (SO_REUSEPORT),
#      seven client processes on their own loopback addresses, then one echo round
# Every value also goes to results.tsv (section, server, metric, value); benchmarks/charts.py then
# draws bar charts from it into docs/charts/.
# Servers run alternately (A B C ... A B C ...) for ROUNDS rounds; tables show medians and the
# ratio to the bare ServerSocket loop. Everything talks to 127.0.0.1 only, bounded in time.
# Usage: benchmarks/run.sh            (ROUNDS=3 WRK_SECONDS=5 ECHO_SECONDS=5 to measure longer;
#        DEMO_SERVERS="waiter-virtual bare-virtual" ECHO_SERVERS=... IDLE_SERVERS=... RESP_SERVERS=...
#        LB_RUNS="plain v1 v2" HANDOVER_SYSCTLS="0 1" REQUEST_ECHO_SERVERS=... REQUEST_IDLE_SERVERS=...
#        HUNDRED_K_SERVERS=... for a subset; a single space runs none of a section; IDLE_CLIENTS,
#        SCALE_CLIENTS, HUNDRED_K_CLIENTS scale down; BENCH_SKIP_BUILD=1 reuses the build; CHARTS=0)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
WRK_SECONDS=${WRK_SECONDS:-3}
ECHO_SECONDS=${ECHO_SECONDS:-3}
IDLE_CLIENTS=${IDLE_CLIENTS:-10000}
JDK=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JDK/bin/java"
JVM_OPTS=(-Xms256m -Xmx1g -XX:+UseG1GC)
PORT=${BENCH_PORT:-19123}
LOG_DIR=$(mktemp -d /tmp/waiter-bench.XXXXXX)

JAVA17=$(ls -d /usr/lib/jvm/java-17*/bin/java 2>/dev/null | head -1 || true); JAVA17=${JAVA17:-java}
RESULTS_TSV=${RESULTS_TSV:-$LOG_DIR/results.tsv}
CHARTS=${CHARTS:-1}
# Debian's python3, where python3-matplotlib installs (a python3 earlier on PATH may not see it)
PYTHON=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3 )}
# shellcheck source=lib/common.sh
. benchmarks/lib/common.sh
# shellcheck source=lib/request-model.sh
. benchmarks/lib/request-model.sh
# shellcheck source=lib/hundred-k.sh
. benchmarks/lib/hundred-k.sh

# --- tools: wrk and Perl's Net::Server (Debian packages), installed when missing -------------
if ! command -v wrk >/dev/null || ! perl -MNet::Server::PreFork -e1 2>/dev/null \
    || ! command -v redis-benchmark >/dev/null || ! command -v redis-server >/dev/null || ! command -v haproxy >/dev/null \
    || ! command -v ss >/dev/null || { [ "$CHARTS" = 1 ] && ! "$PYTHON" -c 'import matplotlib' 2>/dev/null; }; then
  say "installing wrk, libnet-server-perl, redis-server, redis-tools, haproxy, iproute2 and python3-matplotlib"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk libnet-server-perl redis-server redis-tools haproxy iproute2 python3-matplotlib >/dev/null
fi

# --- build: the sample app's jar and the benchmark classes with their libraries --------------
say "building (JDK $("$JAVA" -version 2>&1 | head -1))"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  JAVA_HOME="$JDK" ./mvnw -B -ntp -q -DskipTests install >"$LOG_DIR/build.log" 2>&1 || { cat "$LOG_DIR/build.log"; exit 1; }
fi
SAMPLE=$(ls sample-app/target/sample-app-*.jar 2>/dev/null | grep -v -e plain -e sources -e javadoc | head -1 || true)
RESP=$(ls resp-example/target/resp-example-*.jar 2>/dev/null | grep -v -e plain -e sources -e javadoc | head -1 || true)
: >"$RESULTS_TSV"
request_model_check
CP="benchmarks/target/classes:benchmarks/target/lib/*"
# The sample app as it ships, but without its per-connection INFO log line, without its
# 10 s read timeout, which no peer here has (row waiter-virtual-read-timeout shows its cost), and
# without its slow-request defences, which no peer here has either and whose per-peer cap of 64
# would refuse wrk's 256 connections from 127.0.0.1 (demo-c256); max-connections back to 1024,
# the library's default, as on every row before the sample raised it.
WAITER_ARGS=(--waiter.port=$PORT --waiter.address=127.0.0.1 --server.port=0 --logging.level.dev.waiter.sample=warn
  --waiter.request-timeout= --waiter.max-connections-per-peer=0 --waiter.max-connections=1024)
NO_READ_TIMEOUT=--waiter.read-timeout=

run_wrk() {  # concurrency -> requests/s
  local c=$1 threads=2
  [ "$c" -lt 2 ] && threads=1
  wrk -t$threads -c$c -d${WRK_SECONDS}s --timeout 5s http://127.0.0.1:$PORT/ 2>&1 | awk '/Requests\/sec/ {printf "%.0f\n", $2}'
}

SECTION=demo
# --- 1. demo workload --------------------------------------------------------------------------
read -r -a DEMO_SERVERS <<<"${DEMO_SERVERS:-waiter-virtual waiter-virtual-no-observation waiter-virtual-read-timeout waiter-platform waiter-prefork waiter-nofork bare-virtual bare-platform netty spring-integration-ip perl-net-server}"
DEMO_C=(1 64 256)
for round in $(seq "$ROUNDS"); do
  for server in "${DEMO_SERVERS[@]}"; do
    say "demo round $round: $server"
    start_server "$server"
    wrk -t2 -c16 -d1s http://127.0.0.1:$PORT/ >/dev/null 2>&1 || true   # warm-up
    for c in "${DEMO_C[@]}"; do
      record "demo-c$c" "$server" "$(run_wrk "$c")"
    done
    stop_server
  done
done

SECTION=echo
# --- 2. echo workload --------------------------------------------------------------------------
read -r -a ECHO_SERVERS <<<"${ECHO_SERVERS:-echo-waiter-virtual echo-waiter-platform echo-bare-virtual echo-netty}"
ECHO_N=(1 100 10000)
for round in $(seq "$ROUNDS"); do
  for server in "${ECHO_SERVERS[@]}"; do
    say "echo round $round: $server"
    start_server "$server"
    "$JAVA" -cp "$CP" dev.waiter.benchmarks.LoadClient echo $PORT 50 1 >/dev/null 2>&1 || true   # warm-up
    for n in "${ECHO_N[@]}"; do
      if [ "$server" = echo-waiter-platform ] && [ "$n" -gt 1000 ]; then continue; fi
      line=$("$JAVA" -cp "$CP" dev.waiter.benchmarks.LoadClient echo $PORT $n $ECHO_SECONDS 2>&1 | grep requests_per_second || echo "requests_per_second=0 p50_us=0 p99_us=0")
      record "echo-$n" "$server" "$(sed -E 's/.*requests_per_second=([0-9]+).*/\1/' <<<"$line")"
      record "echo-$n-p50" "$server" "$(sed -E 's/.*p50_us=([0-9-]+).*/\1/' <<<"$line")"
      record "echo-$n-p99" "$server" "$(sed -E 's/.*p99_us=([0-9-]+).*/\1/' <<<"$line")"
    done
    stop_server
  done
done

SECTION=frames
# --- 2b. length-prefixed echo ---------------------------------------------------------------------
read -r -a FRAME_SERVERS <<<"${FRAME_SERVERS:-frames-waiter-virtual frames-netty}"
FRAME_N=(100 10000)
for round in $(seq "$ROUNDS"); do
  for server in "${FRAME_SERVERS[@]}"; do
    say "frames round $round: $server"
    start_server "$server"
    "$JAVA" -cp "$CP" dev.waiter.benchmarks.LoadClient frames $PORT 50 1 >/dev/null 2>&1 || true   # warm-up
    for n in "${FRAME_N[@]}"; do
      line=$("$JAVA" -cp "$CP" dev.waiter.benchmarks.LoadClient frames $PORT $n $ECHO_SECONDS 2>&1 | grep requests_per_second || echo "requests_per_second=0 p50_us=0 p99_us=0")
      record "frames-$n" "$server" "$(sed -E 's/.*requests_per_second=([0-9]+).*/\1/' <<<"$line")"
    done
    stop_server
  done
done

SECTION=idle
# --- 3. idle connections: heap after a full GC and RSS -----------------------------------------
read -r -a IDLE_SERVERS <<<"${IDLE_SERVERS:-echo-waiter-virtual echo-waiter-virtual-on-input echo-waiter-virtual-plain echo-bare-virtual echo-netty}"
for server in "${IDLE_SERVERS[@]}"; do
  say "idle: $server with $IDLE_CLIENTS connections, three times (cold: the first; warm: the third)"
  start_server "$server"
  pid=$(pgrep -P $SERVER_PID java || echo $SERVER_PID)
  for pass in 1 2 3; do
    fifo="$LOG_DIR/idle.in"; rm -f "$fifo"; mkfifo "$fifo"
    "$JAVA" -cp "$CP" dev.waiter.benchmarks.LoadClient idle $PORT $IDLE_CLIENTS 60 <"$fifo" >"$LOG_DIR/idle.out" 2>&1 &
    client=$!
    exec 4>"$fifo"
    for _ in $(seq 600); do grep -q connected "$LOG_DIR/idle.out" && break; sleep 0.1; done
    if [ "$pass" != 2 ]; then
      kind=$([ "$pass" = 1 ] && echo cold || echo warm)
      "$JDK/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || true
      heap_kb=$("$JDK/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo 0)
      rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
      record "idle-heap-$kind" "$server" "$((heap_kb / 1024))"
      record "idle-rss-$kind" "$server" "$((rss_kb / 1024))"
    fi
    echo stop >&4; exec 4>&-
    wait $client 2>/dev/null || true
    # the server has closed its side of the last pass's connections
    for _ in $(seq 300); do [ "$(ls /proc/$pid/fd | wc -l)" -lt 1000 ] && break; sleep 0.1; done
  done
  stop_server
done

SECTION=scale
# --- 3b. 19,000 idle connections, then one echo round over all of them -------------------------
# A process may hold 20,000 descriptors here, so the clients are two LoadClient processes of
# SCALE_CLIENTS/2 connections each, from two loopback addresses of their own (127.0.N.2 and
# 127.0.N.3, a new N per server: the last server's closed connections hold their ports in
# TIME_WAIT); the server holds all of them.
read -r -a SCALE_SERVERS <<<"${SCALE_SERVERS:-echo-waiter-virtual echo-waiter-virtual-on-input echo-waiter-virtual-plain echo-bare-virtual echo-netty}"
SCALE_CLIENTS=${SCALE_CLIENTS:-19000}
scale_net=10
trap '' PIPE
for server in "${SCALE_SERVERS[@]}"; do
  scale_net=$((scale_net + 1))
  say "scale: $server with $SCALE_CLIENTS connections"
  start_server "$server"
  pid=$(pgrep -P $SERVER_PID java || echo $SERVER_PID)
  "$JDK/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || true
  base_kb=$("$JDK/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo 0)
  clients=(); fifos=()
  begin=$(date +%s%N)
  for part in 2 3; do
    fifo="$LOG_DIR/scale-$part.in"; rm -f "$fifo"; mkfifo "$fifo"
    "$JAVA" -Xmx512m -cp "$CP" dev.waiter.benchmarks.LoadClient idle $PORT $((SCALE_CLIENTS / 2)) 110 127.0.$scale_net.$part <"$fifo" >"$LOG_DIR/scale-$part.out" 2>&1 &
    clients+=($!); fifos+=("$fifo")
  done
  exec 6>"${fifos[0]}" 7>"${fifos[1]}"
  for _ in $(seq 900); do
    [ "$(cat "$LOG_DIR"/scale-2.out "$LOG_DIR"/scale-3.out | grep -c '^connected')" = 2 ] && break
    grep -e 'time limit' -e Exception "$LOG_DIR"/scale-2.out "$LOG_DIR"/scale-3.out >/dev/null && break
    sleep 0.1
  done
  # connected is the clients' view; the server may still have some in its accept queue
  for _ in $(seq 600); do [ "$(ls /proc/$pid/fd | wc -l)" -ge "$SCALE_CLIENTS" ] && break; sleep 0.1; done
  connect_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  if [ "$(cat "$LOG_DIR"/scale-2.out "$LOG_DIR"/scale-3.out | grep -c '^connected')" = 2 ]; then
    "$JDK/bin/jcmd" "$pid" GC.run >>"$LOG_DIR/jcmd.log" 2>&1 || true
    heap_kb=$("$JDK/bin/jcmd" "$pid" GC.heap_info 2>>"$LOG_DIR/jcmd.log" | tee -a "$LOG_DIR/jcmd.log" | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo 0)
    rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    echo echo >&6; echo echo >&7
    for _ in $(seq 600); do
      [ "$(cat "$LOG_DIR"/scale-2.out "$LOG_DIR"/scale-3.out | grep -c '^echoed')" = 2 ] && break
      sleep 0.1
    done
    echo_ms=$(cat "$LOG_DIR"/scale-2.out "$LOG_DIR"/scale-3.out | awk '/^echoed/ {if ($4 > m) m = $4; n += $2} END {if (n > 0) print m; else print "-"}')
    echoed=$(cat "$LOG_DIR"/scale-2.out "$LOG_DIR"/scale-3.out | awk '/^echoed/ {n += $2} END {print n + 0}')
    # again once every connection has had a request: each handler now waits for its next one
    "$JDK/bin/jcmd" "$pid" GC.run >>"$LOG_DIR/jcmd.log" 2>&1 || true
    served_kb=$("$JDK/bin/jcmd" "$pid" GC.heap_info 2>>"$LOG_DIR/jcmd.log" | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' || echo 0)
    record "scale-heap-served" "$server" "$((served_kb / 1024))"
    record "scale-connect" "$server" "$connect_ms"
    record "scale-heap" "$server" "$((heap_kb / 1024))"
    record "scale-heap-per" "$server" "$(((heap_kb - base_kb) * 1024 / SCALE_CLIENTS))"
    record "scale-rss" "$server" "$((rss_kb / 1024))"
    record "scale-echo" "$server" "$echo_ms"
    record "scale-echoed" "$server" "$echoed"
  else
    say "  not all connected:"; tail -n 3 "$LOG_DIR"/scale-2.out "$LOG_DIR"/scale-3.out >&2 || true
  fi
  { echo stop >&6; echo stop >&7; } 2>/dev/null || true
  exec 6>&- 7>&-
  for c in "${clients[@]}"; do wait "$c" 2>/dev/null || true; done
  stop_server
done

SECTION=resp
# --- 4. the Redis protocol under redis-benchmark ------------------------------------------------
read -r -a RESP_SERVERS <<<"${RESP_SERVERS:-resp-waiter-virtual resp-waiter-virtual-observation resp-waiter-connection resp-waiter-platform resp-redis-server resp-netty}"
RESP_N1=${RESP_N1:-300000}      # -P 1: about 3 s per test at 100k requests/s
RESP_N16=${RESP_N16:-4000000}   # -P 16: about 3 s per test at 1.5M requests/s
RESP_RUNS=("p1|-P 1 -n $RESP_N1" "p16|-P 16 -n $RESP_N16" "d1000|-P 1 -d 1000 -n $RESP_N1")
for round in $(seq "$ROUNDS"); do
  for server in "${RESP_SERVERS[@]}"; do
    say "resp round $round: $server"
    start_server "$server"
    redis-benchmark -h 127.0.0.1 -p $PORT -t ping,set,get -c 50 -n 200000 -P 16 -q >/dev/null 2>&1 || true   # warm-up
    for run in "${RESP_RUNS[@]}"; do
      key=${run%%|*}; opts=${run#*|}
      # shellcheck disable=SC2086
      timeout 120 redis-benchmark -h 127.0.0.1 -p $PORT -t ping,set,get -c 50 $opts --csv 2>/dev/null \
        | tr -d '"' | awk -F, 'NR > 1 {printf "%s %.0f\n", $1, $2}' >"$LOG_DIR/resp.csv" || true
      while read -r test rps; do record "resp-$key-$test" "$server" "$rps"; done <"$LOG_DIR/resp.csv"
    done
    stop_server
  done
done

SECTION=haproxy
# --- 5. the demo behind HAProxy, with and without the PROXY protocol ----------------------------
# One sample app: its default server takes plain connections, its named server "proxied" takes
# PROXY headers from 127.0.0.1. HAProxy (TCP mode, Debian's defaults otherwise) has one frontend
# per variant; wrk drives each in turn, alternating, ROUNDS rounds, c=64.
# v1-unparsed sends the v1 header to the plain server, whose demo reads it as one more line of the
# request head: what HAProxy and the kernel pay for the header, without waiter parsing it.
read -r -a LB_RUNS <<<"${LB_RUNS:-plain v1-unparsed v1 v2}"
if [ ${#LB_RUNS[@]} -gt 0 ] && command -v haproxy >/dev/null; then
  PROXIED=$((PORT + 1)); LB_PLAIN=$((PORT + 2)); LB_V1=$((PORT + 3)); LB_V2=$((PORT + 4)); LB_V1U=$((PORT + 5))
  "$JAVA" "${JVM_OPTS[@]}" -jar "$SAMPLE" "${WAITER_ARGS[@]}" $NO_READ_TIMEOUT --waiter.threads.virtual=true \
    --waiter.servers.proxied.port=$PROXIED --waiter.servers.proxied.address=127.0.0.1 \
    --waiter.servers.proxied.threads.virtual=true --waiter.servers.proxied.proxy-protocol.enabled=true \
    --waiter.servers.proxied.proxy-protocol.trusted-proxies=127.0.0.1/32 >"$LOG_DIR/lb-waiter.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$PROXIED) 2>/dev/null && break; sleep 0.2; done
  cat >"$LOG_DIR/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend plain
  bind 127.0.0.1:$LB_PLAIN
  default_backend plain
frontend v1
  bind 127.0.0.1:$LB_V1
  default_backend v1
frontend v2
  bind 127.0.0.1:$LB_V2
  default_backend v2
frontend v1u
  bind 127.0.0.1:$LB_V1U
  default_backend v1u
backend v1u
  server w 127.0.0.1:$PORT send-proxy
backend plain
  server w 127.0.0.1:$PORT
backend v1
  server w 127.0.0.1:$PROXIED send-proxy
backend v2
  server w 127.0.0.1:$PROXIED send-proxy-v2
CFG
  haproxy -db -f "$LOG_DIR/haproxy.cfg" >"$LOG_DIR/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$LB_V2) 2>/dev/null && break; sleep 0.1; done
  for variant in "${LB_RUNS[@]}"; do   # warm-up
    case $variant in plain) lb=$LB_PLAIN ;; v1) lb=$LB_V1 ;; v2) lb=$LB_V2 ;; v1-unparsed) lb=$LB_V1U ;; esac
    wrk -t2 -c16 -d2s http://127.0.0.1:$lb/ >/dev/null 2>&1 || true
  done
  for round in $(seq $((ROUNDS * 2))); do
    for variant in "${LB_RUNS[@]}"; do
      say "haproxy round $round: $variant"
      case $variant in plain) lb=$LB_PLAIN ;; v1) lb=$LB_V1 ;; v2) lb=$LB_V2 ;; v1-unparsed) lb=$LB_V1U ;; esac
      record "lb" "$variant" "$(wrk -t2 -c64 -d${WRK_SECONDS}s --timeout 5s http://127.0.0.1:$lb/ 2>&1 | awk '/Requests\/sec/ {printf "%.0f\n", $2}')"
    done
  done
  kill $HAPROXY_PID 2>/dev/null || true; wait $HAPROXY_PID 2>/dev/null || true
  stop_server
fi

SECTION=handover
# --- 6. restarts on one port: failed connections with tcp_migrate_req off and on --------------
read -r -a HANDOVER_SYSCTLS <<<"${HANDOVER_SYSCTLS:-0 1}"
HANDOVER_RUNS=${HANDOVER_RUNS:-3}
HANDOVER_CP="waiter-spring-boot-autoconfigure/target/test-classes:$CP"
for sysctl in "${HANDOVER_SYSCTLS[@]}"; do
  for run in $(seq "$HANDOVER_RUNS"); do
    say "hand-over run $run: tcp_migrate_req=$sysctl"
    line=$(timeout 120 unshare -n sh -c "ip link set lo up && sysctl -w net.ipv4.tcp_migrate_req=$sysctl >/dev/null && exec '$JAVA' -cp '$HANDOVER_CP' dev.waiter.proxy.HandOverDriver 10" 2>&1 | grep handover || echo "handover rounds=0 served=0 failed=- failures=(no namespace)")
    record "handover-failed" "$sysctl" "$(sed -E 's/.*failed=([0-9-]+).*/\1/' <<<"$line")"
    record "handover-served" "$sysctl" "$(sed -E 's/.*served=([0-9]+).*/\1/' <<<"$line")"
    say "  $line"
  done
done

# --- 7. the request model; 8. 100,000 idle connections -------------------------------------------
run_request_model
run_hundred_k

# --- tables -------------------------------------------------------------------------------------
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); server JVM: $("$JAVA" -version 2>&1 | head -1); ${ROUNDS} rounds, medians"
echo
echo "### 1. Net::Waiter demo under wrk (requests/s; connect, reply, close)"
echo
echo "| server | c=1 | c=64 | c=256 | c=64 vs bare loop |"
echo "|---|---:|---:|---:|---:|"
for server in "${DEMO_SERVERS[@]}"; do
  base=bare-virtual; case "$server" in waiter-platform|bare-platform) base=bare-platform ;; esac
  c1=$(median "${RESULT["demo-c1|$server"]:-}"); c64=$(median "${RESULT["demo-c64|$server"]:-}"); c256=$(median "${RESULT["demo-c256|$server"]:-}")
  echo "| $server | $c1 | $c64 | $c256 | $(ratio "$c64" "$(median "${RESULT["demo-c64|$base"]:-}")") ($base) |"
done
echo
echo "### 2. Echo on persistent connections (requests/s, p50/p99 latency in µs)"
echo
echo "| server | 1 client | 100 clients | 10,000 clients | 10,000 vs netty |"
echo "|---|---:|---:|---:|---:|"
for server in "${ECHO_SERVERS[@]}"; do
  row="| ${server#echo-} "
  for n in "${ECHO_N[@]}"; do
    rps=$(median "${RESULT["echo-$n|$server"]:-}")
    if [ "$rps" = "-" ]; then row+="| not run "; else row+="| $rps ($(median "${RESULT["echo-$n-p50|$server"]:-}")/$(median "${RESULT["echo-$n-p99|$server"]:-}")) "; fi
  done
  row+="| $(ratio "$(median "${RESULT["echo-10000|$server"]:-}")" "$(median "${RESULT["echo-10000|echo-netty"]:-}")") |"
  echo "$row"
done
echo
echo "### 2b. Length-prefixed echo (requests/s; 16-byte payload after a 4-byte header)"
echo
echo "| server | 100 clients | 10,000 clients | 100 vs netty | 10,000 vs netty |"
echo "|---|---:|---:|---:|---:|"
for server in "${FRAME_SERVERS[@]}"; do
  f100=$(median "${RESULT["frames-100|$server"]:-}"); f10k=$(median "${RESULT["frames-10000|$server"]:-}")
  echo "| ${server#frames-} | $f100 | $f10k | $(ratio "$f100" "$(median "${RESULT["frames-100|frames-netty"]:-}")") | $(ratio "$f10k" "$(median "${RESULT["frames-10000|frames-netty"]:-}")") |"
done
echo
echo "### 3. ${IDLE_CLIENTS} idle connections"
echo
echo "| server | heap used after full GC, cold (MiB) | RSS, cold (MiB) | heap used after full GC, warm (MiB) | RSS, warm (MiB) | cold heap vs netty | warm heap vs netty |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for server in "${IDLE_SERVERS[@]}"; do
  cold=$(median "${RESULT["idle-heap-cold|$server"]:-}"); warm=$(median "${RESULT["idle-heap-warm|$server"]:-}")
  echo "| ${server#echo-} | $cold | $(median "${RESULT["idle-rss-cold|$server"]:-}") | $warm | $(median "${RESULT["idle-rss-warm|$server"]:-}") | $(ratio "$cold" "$(median "${RESULT["idle-heap-cold|echo-netty"]:-}")") | $(ratio "$warm" "$(median "${RESULT["idle-heap-warm|echo-netty"]:-}")") |"
done
echo
echo "### 3b. ${SCALE_CLIENTS} idle connections (two client processes on two loopback source addresses), then one echo round"
echo
echo "| server | connect all (ms) | heap after full GC (MiB) | heap per connection, idle server's heap taken out (bytes) | RSS (MiB) | echo round over all (ms) | replies | heap after the echo round, full GC (MiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for server in "${SCALE_SERVERS[@]}"; do
  echo "| ${server#echo-} | $(median "${RESULT["scale-connect|$server"]:-}") | $(median "${RESULT["scale-heap|$server"]:-}") | $(median "${RESULT["scale-heap-per|$server"]:-}") | $(median "${RESULT["scale-rss|$server"]:-}") | $(median "${RESULT["scale-echo|$server"]:-}") | $(median "${RESULT["scale-echoed|$server"]:-}") | $(median "${RESULT["scale-heap-served|$server"]:-}") |"
done
echo
echo "### 4. Redis protocol under redis-benchmark (requests/s; -c 50)"
echo
echo "| server | test | -P 1 | -P 16 | -P 1 -d 1000 | -P 1 vs redis-server | -P 16 vs redis-server | -P 16 vs netty |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for server in "${RESP_SERVERS[@]}"; do
  for test in PING_INLINE PING_MBULK SET GET; do
    p1=$(median "${RESULT["resp-p1-$test|$server"]:-}"); p16=$(median "${RESULT["resp-p16-$test|$server"]:-}")
    d1000=$(median "${RESULT["resp-d1000-$test|$server"]:-}")
    echo "| ${server#resp-} | $test | $p1 | $p16 | $d1000 | $(ratio "$p1" "$(median "${RESULT["resp-p1-$test|resp-redis-server"]:-}")") | $(ratio "$p16" "$(median "${RESULT["resp-p16-$test|resp-redis-server"]:-}")") | $(ratio "$p16" "$(median "${RESULT["resp-p16-$test|resp-netty"]:-}")") |"
  done
done
echo
echo "### 5. The demo behind HAProxy (requests/s, c=64; connect, PROXY header, reply, close)"
echo
echo "| HAProxy backend | requests/s | vs no header |"
echo "|---|---:|---:|"
for variant in "${LB_RUNS[@]}"; do
  rps=$(median "${RESULT["lb|$variant"]:-}")
  echo "| $variant | $rps | $(ratio "$rps" "$(median "${RESULT["lb|plain"]:-}")") |"
done
echo
echo "### 6. Restarts on one port (10 hand-overs per run under 4 clients; failed connections per run)"
echo
echo "| net.ipv4.tcp_migrate_req | failed per run | served per run |"
echo "|---|---|---|"
for sysctl in "${HANDOVER_SYSCTLS[@]}"; do
  echo "| $sysctl |${RESULT["handover-failed|$sysctl"]:-} |${RESULT["handover-served|$sysctl"]:-} |"
done
table_request_model
table_hundred_k
if [ "$CHARTS" = 1 ]; then
  "$PYTHON" benchmarks/charts.py "$RESULTS_TSV" docs/charts >&2 || say "charts failed (python3-matplotlib missing?)"
fi
say "server logs and results.tsv in $LOG_DIR"
