#!/usr/bin/env bash
# Background-job libraries on the webhook-delivery workload (bench/JobLibraries, figures in
# bench/JobLibraries/RESULTS.md). From the repository root:
#
#   bash bench/job-libraries.sh
#
# Builds bench/JobLibraries (its own project, not in VoiceTraining.slnx) and bench/WebhookReceiver,
# and for each library in $BENCH_LIBS runs, each on a fresh database of its own on the PostgreSQL
# cluster at $BENCH_PG (the library creates its schema there) and with a fresh receiver:
#
#   A. drain: the library is warmed up ($BENCH_WARMUP jobs), processing is stopped, $BENCH_JOBS jobs
#      are enqueued durably (half for endpoint drain-a, half for drain-b), then processing starts;
#      the rate is jobs / (time from the start of processing until the last job's POST was answered),
#      "settled" until the library's tables show no job left, and the receiver's first-to-last
#      arrival rate is printed too (the product's script prints the same two figures).
#   B. steady: processing on, warm-up, then $BENCH_RATE jobs/s for $BENCH_STEADY_SECONDS s
#      (rate/100 jobs every 10 ms, each batch in its own enqueue call); latency from the start of the
#      enqueue call (so the commit is included) to the handler's start, and to the receiver's arrival.
#   C. fault: $BENCH_FAULT_JOBS jobs enqueued as in A; once the receiver has $BENCH_FAULT_KILL_AFTER
#      of them the process gets SIGKILL; a new process ("work") runs until the tables show no job
#      left; the receiver must hold every id once at least: lost and duplicated ids are counted.
#   R. recovery drain: $BENCH_JOBS jobs enqueued by a process that is then killed (SIGKILL) before it
#      processes any; a new process drains them from the tables (how a backlog left by a dead
#      instance, or written by another, is found).
#
# Each job is one POST of a ~1 kB JSON body, signed with HMAC-SHA256 as the product signs
# (webhook-id/-timestamp/-signature and X-Webhook-*), to the receiver on 127.0.0.1.
#
# Environment (all optional):
#   BENCH_LIBS              libraries, from "quartz wolverine cap" (default: all three; cap only
#                           checks whether it starts without a message broker)
#   BENCH_PARTS             parts, from "A B C R" (default "A B C")
#   BENCH_PG                cluster URL without a database (default postgresql://postgres@127.0.0.1:55432)
#   BENCH_JOBS              jobs in A and R (default 20000; Wolverine cannot hold a backlog much
#                           above 10,000 with its handlers held, and Quartz takes minutes for
#                           20,000 here: RESULTS.md used 8000 and 5000)
#   BENCH_WARMUP            warm-up jobs (default 2000)
#   BENCH_RATE, BENCH_STEADY_SECONDS   part B (default 500 jobs/s for 20 s)
#   BENCH_FAULT_JOBS, BENCH_FAULT_KILL_AFTER   part C (default 10000, kill after 2000 arrivals)
#   BENCH_QUARTZ_THREADS    Quartz thread pool size (default 10, Quartz's own default)
#   BENCH_WOLVERINE_PARALLEL   the local queue's MaximumParallelMessages (default 64; Wolverine's
#                           own default is the processor count)
#   BENCH_WOLVERINE_DURABILITY   Balanced (default, Wolverine's) or Solo
#   BENCH_RECEIVER_PORT     receiver port on 127.0.0.1 (default 8197)
#   BENCH_TIMEOUT           seconds a part may take (default 600)
#   BENCH_KEEP_DB=1         keep the databases (they are dropped at the end otherwise)
# Traffic goes to 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

LIBS="${BENCH_LIBS:-quartz wolverine cap}"
PARTS="${BENCH_PARTS:-A B C}"
PG="${BENCH_PG:-postgresql://postgres@127.0.0.1:55432}"
JOBS="${BENCH_JOBS:-20000}"
WARMUP="${BENCH_WARMUP:-2000}"
RATE="${BENCH_RATE:-500}"
STEADY_SECONDS="${BENCH_STEADY_SECONDS:-20}"
FAULT_JOBS="${BENCH_FAULT_JOBS:-10000}"
FAULT_KILL_AFTER="${BENCH_FAULT_KILL_AFTER:-2000}"
QUARTZ_THREADS="${BENCH_QUARTZ_THREADS:-10}"
WOLVERINE_PARALLEL="${BENCH_WOLVERINE_PARALLEL:-64}"
WOLVERINE_DURABILITY="${BENCH_WOLVERINE_DURABILITY:-Balanced}"
RECEIVER_PORT="${BENCH_RECEIVER_PORT:-8197}"
TIMEOUT="${BENCH_TIMEOUT:-600}"
RECEIVER="http://127.0.0.1:$RECEIVER_PORT"

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }
for v in JOBS WARMUP RATE STEADY_SECONDS FAULT_JOBS FAULT_KILL_AFTER QUARTZ_THREADS WOLVERINE_PARALLEL RECEIVER_PORT TIMEOUT; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done
[[ "$PG" == postgresql://*@127.0.0.1:* || "$PG" == postgresql://*@localhost:* ]] || die "BENCH_PG must point at 127.0.0.1"
(( FAULT_KILL_AFTER < FAULT_JOBS )) || die "BENCH_FAULT_KILL_AFTER must be below BENCH_FAULT_JOBS"
for tool in curl python3 dotnet psql; do command -v "$tool" >/dev/null || die "$tool is needed but not installed"; done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

WORK="$(mktemp -d)"
RECEIVER_PID=""
BENCH_PID=""
DATABASES=()
stop_pid() {
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    [[ -z "$BENCH_PID" ]] || stop_pid "$BENCH_PID"
    if [[ -s "$WORK/bench.pid" ]]; then
        # timeout(1) passes the signal on to the bench program; then make sure of both.
        local p; p="$(cat "$WORK/bench.pid")"
        kill "$p" 2>/dev/null || true; sleep 2
        pkill -9 -P "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true
    fi
    [[ -z "$RECEIVER_PID" ]] || stop_pid "$RECEIVER_PID"
    if [[ -z "${BENCH_KEEP_DB:-}" ]]; then
        for db in "${DATABASES[@]}"; do psql -X -q -d "$PG/postgres" -c "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true; done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "building bench/JobLibraries and bench/WebhookReceiver (Release)"
for project in bench/JobLibraries bench/WebhookReceiver; do
    dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "building $project failed"; }
done
BENCH_DLL="$(dotnet msbuild bench/JobLibraries -nologo -getProperty:TargetPath -p:Configuration=Release)"
RECEIVER_DLL="$(dotnet msbuild bench/WebhookReceiver -nologo -getProperty:TargetPath -p:Configuration=Release)"
[[ -z "$(ss -Hltn "sport = :$RECEIVER_PORT" 2>/dev/null)" ]] || die "port $RECEIVER_PORT is in use; choose another with BENCH_RECEIVER_PORT"

STAMP="$(date -u +%H%M%S)"
new_db() { # name -> sets db to the URL of a new, empty database (dropped at the end)
    local name="bench_${1}_${STAMP}"
    psql -X -q -d "$PG/postgres" -c "set client_min_messages = warning" -c "drop database if exists \"$name\" with (force)" -c "create database \"$name\"" >/dev/null
    DATABASES+=("$name")
    db="$PG/$name"
}
start_receiver() {
    [[ -z "$RECEIVER_PID" ]] || stop_pid "$RECEIVER_PID"
    ARRIVALS="$WORK/arrivals.csv"
    : >"$ARRIVALS"
    dotnet "$RECEIVER_DLL" "$RECEIVER_PORT" "$ARRIVALS" >"$WORK/receiver.log" 2>&1 &
    RECEIVER_PID=$!
    for _ in $(seq 100); do curl -fsS "$RECEIVER/stats" >/dev/null 2>&1 && return 0; sleep 0.2; done
    cat "$WORK/receiver.log" >&2; die "the receiver did not start"
}
flush() { curl -fsS -X POST "$RECEIVER/flush" >/dev/null; }
received() { curl -fsS "$RECEIVER/received?endpoint=$1-a&endpoint=$1-b"; }
# Share of the machine busy over 3 s before a part (other programs), in %.
machine_busy() {
    local a b
    a="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
    sleep 3
    b="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; if (t <= 0) t = 1; printf "%.0f", (y[1] - x[1]) * 100 / t }'
}
lib_args() { # lib -> its concurrency options
    case "$1" in
        quartz) echo "--concurrency $QUARTZ_THREADS" ;;
        wolverine) echo "--concurrency $WOLVERINE_PARALLEL --durability $WOLVERINE_DURABILITY" ;;
        *) echo "" ;;
    esac
}
# CPU seconds (user + system) of the children this shell has reaped, from the output of times.
children_cpu() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, "m"); s += t[1] * 60 + t[2] } print s }' "$1"; }
# Runs the bench program in the background (so a stop of this script stops it too); its stdout goes
# to $WORK/out.txt, "RESULT ..." is printed back, and its wall and CPU time to $WORK/time.txt.
run_bench() {
    local t0 rc=0
    times >"$WORK/times0"; t0="$(date +%s%N)"
    timeout "$TIMEOUT" dotnet "$BENCH_DLL" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" &
    echo $! >"$WORK/bench.pid"  # run_bench runs in a subshell: cleanup reads the id from here
    wait $! || rc=$?
    rm -f "$WORK/bench.pid"
    times >"$WORK/times1"
    echo "$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }') $(children_cpu "$WORK/times1") $(children_cpu "$WORK/times0")" >"$WORK/time.txt"
    (( rc == 0 )) || { tail -n 30 "$WORK/err.txt" >&2; cat "$WORK/out.txt" >&2; return 1; }
    grep '^RESULT' "$WORK/out.txt" | sed 's/^RESULT //'
}
cpu_of_run() { read -r e c1 c0 <"$WORK/time.txt"; awk -v e="$e" -v c="$c1" -v d="$c0" 'BEGIN { printf "bench process: %.1f s wall, %.1f s CPU (%.2f cores)", e, c - d, (c - d) / (e > 0 ? e : 1) }'; }
# "n first_us last_us" of the receiver's arrivals for endpoints $1-a and $1-b.
arrival_span() {
    flush
    python3 - "$ARRIVALS" "$1" <<'PY'
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1])) if r and r[0] in (sys.argv[2] + "-a", sys.argv[2] + "-b")]
ts = [int(r[2]) for r in rows]
print(len(rows), min(ts) if ts else 0, max(ts) if ts else 0)
PY
}

declare -a SUMMARY=()
for lib in $LIBS; do
    if [[ "$lib" == cap ]]; then
        new_db cap
        out="$(run_bench cap drain --db "$db" --receiver "$RECEIVER" 2>/dev/null || grep '^RESULT' "$WORK/out.txt" | sed 's/^RESULT //' || true)"
        SUMMARY+=("cap: ${out:-no result (see the log)}")
        continue
    fi
    args="$(lib_args "$lib")"

    if [[ " $PARTS " == *" A "* ]]; then
        start_receiver; new_db "${lib}_a"; busy="$(machine_busy)"
        say "$lib A: drain of $JOBS jobs ($args; machine ${busy}% busy before)"
        res="$(run_bench "$lib" drain --db "$db" --receiver "$RECEIVER" --jobs "$JOBS" --warmup "$WARMUP" --timeout "$TIMEOUT" $args)" || die "$lib A failed"
        read -r n first last < <(arrival_span drain)
        rx="$(awk -v n="$n" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", (b > a ? n / ((b - a) / 1e6) : 0) }')"
        SUMMARY+=("$lib A. drain ($(date -u +%H:%M:%S) UTC, machine ${busy}% busy before): $res"
                  "   receiver: $n requests for drain-a/b; first to last arrival: $rx/s; $(cpu_of_run)")
        say "$lib A: $(grep -o 'drain_per_s=[0-9]*' <<<"$res")"
    fi

    if [[ " $PARTS " == *" B "* ]]; then
        start_receiver; new_db "${lib}_b"; busy="$(machine_busy)"
        say "$lib B: $RATE jobs/s for ${STEADY_SECONDS}s ($args; machine ${busy}% busy before)"
        res="$(run_bench "$lib" steady --db "$db" --receiver "$RECEIVER" --rate "$RATE" --seconds "$STEADY_SECONDS" --warmup "$WARMUP" \
            --enqueue-log "$WORK/enqueued.csv" --timeout "$TIMEOUT" $args)" || die "$lib B failed"
        flush
        arrival="$(python3 - "$WORK/enqueued.csv" "$ARRIVALS" <<'PY'
import csv, sys
enq = {r[0]: int(r[1]) for r in csv.reader(open(sys.argv[1])) if r}
first = {}
for r in csv.reader(open(sys.argv[2])):
    if r and r[0] == "steady" and r[1] in enq:
        first[r[1]] = min(first.get(r[1], 1 << 62), int(r[2]))
ms = sorted((first[i] - enq[i]) / 1000 for i in first)
def p(q):
    if not ms: return float("nan")
    k = q * (len(ms) - 1); lo = int(k); hi = min(lo + 1, len(ms) - 1)
    return ms[lo] + (ms[hi] - ms[lo]) * (k - lo)
print(f"enqueue to first arrival: n {len(ms)}, p50 {p(.5):.1f} ms, p95 {p(.95):.1f} ms, p99 {p(.99):.1f} ms, max {ms[-1] if ms else float('nan'):.1f} ms")
PY
)"
        SUMMARY+=("$lib B. steady ($(date -u +%H:%M:%S) UTC, machine ${busy}% busy before): $res"
                  "   $arrival; $(cpu_of_run)")
        say "$lib B: $(grep -o 'start_ms_p95=[0-9.]*' <<<"$res")"
    fi

    if [[ " $PARTS " == *" C "* ]]; then
        start_receiver; new_db "${lib}_c"; busy="$(machine_busy)"
        say "$lib C: $FAULT_JOBS jobs, SIGKILL after $FAULT_KILL_AFTER arrivals ($args)"
        dotnet "$BENCH_DLL" "$lib" drain --db "$db" --receiver "$RECEIVER" --jobs "$FAULT_JOBS" --warmup 0 --prefix fault \
            --timeout "$TIMEOUT" $args >"$WORK/out.txt" 2>"$WORK/err.txt" &
        BENCH_PID=$!
        deadline=$(( SECONDS + TIMEOUT ))
        arrived=0
        until (( arrived >= FAULT_KILL_AFTER )); do
            kill -0 "$BENCH_PID" 2>/dev/null || { tail -n 20 "$WORK/err.txt" >&2; die "$lib C: the process ended before the kill"; }
            (( SECONDS < deadline )) || die "$lib C: only $arrived arrivals within ${TIMEOUT}s"
            arrived="$(received fault)"
            sleep 0.02
        done
        kill -9 "$BENCH_PID"; wait "$BENCH_PID" 2>/dev/null || true; BENCH_PID=""
        killed_at="$(date +%s%N)"
        at_kill="$(received fault)"
        say "$lib C: killed with $at_kill arrivals; starting a new process"
        res="$(run_bench "$lib" work --db "$db" --receiver "$RECEIVER" --timeout "$TIMEOUT" $args)" || die "$lib C: the new process failed"
        recovered="$(awk -v a="$killed_at" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
        flush
        stats="$(curl -fsS "$RECEIVER/stats")"
        read -r ra da dupa rb db2 dupb < <(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(*(d.get(e, {}).get(k, 0) for e in ("fault-a", "fault-b") for k in ("received", "distinct", "duplicates")))' "$stats")
        half=$(( FAULT_JOBS / 2 ))
        lost=$(( (half - da) + (FAULT_JOBS - half - db2) ))
        SUMMARY+=("$lib C. fault ($(date -u +%H:%M:%S) UTC): $FAULT_JOBS jobs; SIGKILL after $at_kill arrivals; the new process: $res"
                  "   all settled ${recovered} s after the kill; receiver fault-a: $ra requests, $da distinct, $dupa duplicates; fault-b: $rb requests, $db2 distinct, $dupb duplicates; lost: $lost")
        say "$lib C: lost $lost, duplicates $(( dupa + dupb ))"
    fi

    if [[ " $PARTS " == *" R "* ]]; then
        start_receiver; new_db "${lib}_r"; busy="$(machine_busy)"
        say "$lib R: $JOBS jobs left by a killed process, drained by a new one ($args)"
        res1="$(run_bench "$lib" drain --db "$db" --receiver "$RECEIVER" --jobs "$JOBS" --warmup "$WARMUP" --prefix drain --enqueue-only $args || true)"
        [[ -n "$res1" ]] || { tail -n 20 "$WORK/err.txt" >&2; die "$lib R: enqueue failed"; }
        res="$(run_bench "$lib" work --db "$db" --receiver "$RECEIVER" --timeout "$TIMEOUT" $args)" || die "$lib R failed"
        read -r n first last < <(arrival_span drain)
        rx="$(awk -v n="$n" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", (b > a ? n / ((b - a) / 1e6) : 0) }')"
        SUMMARY+=("$lib R. recovery drain ($(date -u +%H:%M:%S) UTC, machine ${busy}% busy before): $res1"
                  "   the new process: $res; receiver: $n requests, first to last arrival $rx/s")
    fi
done

echo
echo "== Job libraries on the webhook workload $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "PostgreSQL: $(psql -X -qtA -d "$PG/postgres" -c "select string_agg(name || '=' || setting, ' ') from pg_settings where name in ('server_version', 'fsync', 'synchronous_commit')")"
for line in "${SUMMARY[@]}"; do echo "$line"; done
