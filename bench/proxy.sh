#!/usr/bin/env bash
# berth service proxy benchmark: the same clients against one pod directly, through berth's
# ClusterIP and through HAProxy (mode tcp, same thread count), interleaved, in one run.
# Method and recorded figures: docs/benchmarks.md "Service proxy".
#
#   bench/proxy.sh                 # the documented run (3 rounds; about 3-4 min on 2 cores)
#   ROUNDS=1 REQUESTS=50000 BULK=256M bench/proxy.sh   # a quick smoke run
#
# Needs redis-server, redis-benchmark (redis-tools), iperf3 and haproxy (Debian packages),
# kubectl and python3. Environment: JAVA_HOME (JDK >= 21), BERTH_JAR (benchmark this jar instead
# of building one), BERTH_JAVA_OPTS (default: the launcher's), BERTH_SERVER_ARGS (more `berth
# server` options, e.g. the hidden --proxy-threads N), ROUNDS (3), REQUESTS (200000 per
# redis-benchmark run without pipelining; 5x that with -P 16), CLIENTS (50), BULK (1G per iperf3
# run), THREADS (HAProxy nbthread; default: the CPU count, as berth's event loops).
set -euo pipefail
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench/.." && pwd)
rounds=${ROUNDS:-3}
requests=${REQUESTS:-200000}
clients=${CLIENTS:-50}
bulk=${BULK:-1G}
threads=${THREADS:-$(nproc)}

for tool in redis-server redis-benchmark iperf3 haproxy kubectl python3; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool (apt-get install redis-server redis-tools iperf3 haproxy)" >&2; exit 1; }
done
if [[ -z ${JAVA_HOME:-} || ! -x $JAVA_HOME/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java=$JAVA_HOME/bin/java
if [[ -n ${BERTH_JAR:-} ]]; then
  jar=$(readlink -f "$BERTH_JAR"); version=${BERTH_VERSION:-$jar}
else
  echo "bench: building berth (./berth --help) ..." >&2
  "$root/berth" --help >/dev/null
  jar=$root/berth-cli/target/berth.jar
  version=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
fi
opts=${BERTH_JAVA_OPTS:-$("$root/berth" --print-java-opts)}

work=$(mktemp -d "${TMPDIR:-/tmp}/berth-proxy-bench-XXXXXX")
mkdir -p "$bench/target"
out=$bench/target/proxy-results-$(date +%Y%m%d-%H%M%S).md
pids=()
cleanup() {
  if [[ -f $work/data/kubeconfig ]]; then
    kubectl --kubeconfig "$work/data/kubeconfig" delete pods --all --grace-period=1 --timeout=30s >/dev/null 2>&1 || true
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(loadavg)

# shellcheck disable=SC2086
"$java" $opts -jar "$jar" server --data-dir "$work/data" --listen 127.0.0.1:0 ${BERTH_SERVER_ARGS:-} --pod-cidr "127.1.$((RANDOM % 200 + 20)).0/24" \
  >"$work/server.log" 2>&1 &
pids+=($!)
kc=(kubectl --kubeconfig "$work/data/kubeconfig")
for _ in $(seq 600); do
  [[ -f $work/data/kubeconfig ]] && "${kc[@]}" get --raw /readyz >/dev/null 2>&1 && break
  sleep 0.1
done

"${kc[@]}" apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: redis, labels: {app: redis}}
spec:
  containers:
  - name: redis
    image: redis
    command: [redis-server, --bind, $(POD_IP), --port, "6379", --save, "", --appendonly, "no", --protected-mode, "no"]
    env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
    ports: [{name: redis, containerPort: 6379}]
    readinessProbe: {tcpSocket: {port: redis}, periodSeconds: 1}
---
apiVersion: v1
kind: Pod
metadata: {name: sink, labels: {app: sink}}
spec:
  containers:
  - name: iperf3
    image: iperf3
    command: [iperf3, --server, --bind, $(POD_IP), --port, "5201"]
    env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
    ports: [{name: iperf, containerPort: 5201}]
    readinessProbe: {tcpSocket: {port: iperf}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: redis}
spec:
  selector: {app: redis}
  ports: [{port: 6379, targetPort: redis}]
---
apiVersion: v1
kind: Service
metadata: {name: sink}
spec:
  selector: {app: sink}
  ports: [{port: 5201, targetPort: iperf}]
EOF
"${kc[@]}" wait --for=condition=Ready pod/redis pod/sink --timeout=120s >/dev/null
redis_pod=$("${kc[@]}" get pod redis -o jsonpath='{.status.podIP}')
sink_pod=$("${kc[@]}" get pod sink -o jsonpath='{.status.podIP}')
redis_vip=$("${kc[@]}" get service redis -o jsonpath='{.spec.clusterIP}')
sink_vip=$("${kc[@]}" get service sink -o jsonpath='{.spec.clusterIP}')
open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
for _ in $(seq 300); do open "$redis_vip" 6379 && open "$sink_vip" 5201 && break; sleep 0.1; done

# HAProxy, configured like berth's proxy: plain TCP relay, one frontend per service, the same
# number of threads as berth's event loops, no splicing (berth does not splice either)
hp_redis=$((40000 + RANDOM % 10000)); hp_sink=$((hp_redis + 1))
cat >"$work/haproxy.cfg" <<EOF
global
  nbthread $threads
  maxconn 4000
defaults
  mode tcp
  timeout connect 5s
  timeout client 5m
  timeout server 5m
  option tcp-smart-accept
  option tcp-smart-connect
listen redis
  bind 127.0.0.1:$hp_redis
  server redis $redis_pod:6379
listen sink
  bind 127.0.0.1:$hp_sink
  server sink $sink_pod:5201
EOF
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do open 127.0.0.1 "$hp_redis" && break; sleep 0.1; done

declare -A redis_addr=([direct]="$redis_pod 6379" [berth]="$redis_vip 6379" [haproxy]="127.0.0.1 $hp_redis")
declare -A sink_addr=([direct]="$sink_pod 5201" [berth]="$sink_vip 5201" [haproxy]="127.0.0.1 $hp_sink")
# the relaying process per target: its CPU time (all threads, /proc/PID/task/*/schedstat, ns on a CPU)
# is read around each client run; direct has none
declare -A relay_pid=([berth]=${pids[0]} [haproxy]=${pids[1]})
cpu_ns() {
  [[ -n ${1:-} ]] || { echo 0; return; }
  cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f\n", s}'
}
results=$work/results.tsv
: >"$results"
echo "bench: $rounds rounds; direct = pod IP, berth = ClusterIP, haproxy = 127.0.0.1 (mode tcp, nbthread $threads)" >&2
orders=("direct berth haproxy" "berth haproxy direct" "haproxy direct berth")
for ((r = 0; r < rounds; r++)); do
  for target in ${orders[r % 3]}; do
    rp=${relay_pid[$target]:-}
    read -r host port <<<"${redis_addr[$target]}"
    # one redis-benchmark run per test so that the relay's CPU time is per test;
    # CSV: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    for pipeline in 1 16; do
      for t in set get; do
        n=$((pipeline == 1 ? requests : requests * 5))
        label=$([[ $pipeline == 1 ]] && echo "redis" || echo "redis -P $pipeline")
        c0=$(cpu_ns "$rp")
        csv=$(redis-benchmark -h "$host" -p "$port" -c "$clients" -n "$n" -P "$pipeline" -t "$t" --csv | tail -n +2 | tr -d '"')
        c1=$(cpu_ns "$rp")
        awk -F, -v t="$target" -v r="$r" -v l="$label" -v cpu=$(((c1 - c0) / n)) \
          '{print r "\t" t "\t" l " " $1 "\t" $2 "\t" $5 "\t" $7 "\t" cpu}' <<<"$csv" >>"$results"
      done
    done
    read -r host port <<<"${sink_addr[$target]}"
    c0=$(cpu_ns "$rp")
    iperf3 -c "$host" -p "$port" -n "$bulk" -J >"$work/iperf.json"
    c1=$(cpu_ns "$rp")
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); b=d["end"]["sum_received"]["bytes"]; print("%s\t%s\tbulk %s\t%.3f\t\t\t%d" % (sys.argv[2], sys.argv[3], sys.argv[4], d["end"]["sum_received"]["bits_per_second"]/8e9, int(sys.argv[5]) * 1e6 / b / 1e3 if b else 0))' \
      "$work/iperf.json" "$r" "$target" "$bulk" "$((c1 - c0))" >>"$results"
    echo "bench: round $((r + 1)) $target done" >&2
  done
done
load_after=$(loadavg)

python3 - "$results" "$version" "$load_before" "$load_after" "$rounds" "$requests" "$clients" "$bulk" "$threads" "$opts" <<'EOF' | tee "$out"
import statistics, sys, collections, platform, os
path, version, load_before, load_after, rounds, requests, clients, bulk, threads, opts = sys.argv[1:]
rows = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(path):
    r, target, test, rate, p50, p99, cpu = (line.rstrip("\n").split("\t") + ["", "", ""])[:7]
    rows[test][target].append((float(rate), float(p50) if p50 else None, float(p99) if p99 else None, float(cpu) if cpu else None))
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"### Service proxy run (berth {version})\n")
print(f"{os.cpu_count()} CPUs ({cpu}), kernel {platform.release()}; load average {load_before} before, {load_after} after; "
      f"{rounds} interleaved rounds, medians shown; redis-benchmark -c {clients}, -n {requests} (-P 16: -n {int(requests)*5}); "
      f"iperf3 -n {bulk}; HAProxy nbthread {threads}. berth's JVM options: `{opts}`"
      + (f"; server options `{os.environ['BERTH_SERVER_ARGS']}`" if os.environ.get('BERTH_SERVER_ARGS') else "") + ".\n")
print("| test | direct | berth | haproxy | berth ÷ direct | haproxy ÷ direct |")
print("| --- | --- | --- | --- | --- | --- |")
for test, by in rows.items():
    unit = "GB/s" if test.startswith("bulk") else "req/s"
    d, b, h = (med([x[0] for x in by[t]]) for t in ("direct", "berth", "haproxy"))
    print(f"| {test} ({unit}) | {d:,.2f} | {b:,.2f} | {h:,.2f} | **{b/d:.2f}** | {h/d:.2f} |")
    if not test.startswith("bulk"):
        for i, name in ((1, "p50"), (2, "p99")):
            d, b, h = (med([x[i] for x in by[t]]) for t in ("direct", "berth", "haproxy"))
            print(f"| {test} {name} (ms) | {d:.3f} | {b:.3f} | {h:.3f} | {b/d:.2f} (+{(b-d)*1000:.0f} µs) | {h/d:.2f} (+{(h-d)*1000:.0f} µs) |")
print("\nCPU time of the relaying process (all its threads, time on a CPU from /proc/PID/task/*/schedstat) per request, "
      "or per MB relayed, medians over the rounds; unlike the rates it hardly depends on what else runs on the machine.\n")
print("| test | berth | haproxy | berth ÷ haproxy |")
print("| --- | --- | --- | --- |")
for test, by in rows.items():
    unit = "µs/MB" if test.startswith("bulk") else "ns/req"
    b, h = (med([x[3] for x in by[t]]) for t in ("berth", "haproxy"))
    if b is not None and h is not None:
        print(f"| {test} CPU ({unit}) | {b:,.0f} | {h:,.0f} | {b / h if h else float('nan'):.2f} |")
EOF
echo "bench: report written to $out" >&2
