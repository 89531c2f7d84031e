#!/usr/bin/env bash
# Start-up benchmark: seconds from `make run` on an already-built checkout until /healthz answers.
# From the repository root:
#
#   bash bench/startup.sh
#
# It runs `make run` once to build what needs building (the web app, the API) and stops it, then
# starts it BENCH_STARTUP_RUNS times (default 3) and times each until /healthz answers 200. The
# API uses DATABASE_URL when set, else the private cluster (as `make run` does). Port: BENCH_PORT
# (8100) on 127.0.0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
# shellcheck source=bench/summary.sh
source "$ROOT/bench/summary.sh"

PORT="${BENCH_PORT:-8100}"
RUNS="${BENCH_STARTUP_RUNS:-3}"
URL="http://127.0.0.1:$PORT"
say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

RUN_PID=""
stop_run() {
    [[ -n "$RUN_PID" ]] || return 0
    kill -- "-$RUN_PID" 2>/dev/null || true
    wait "$RUN_PID" 2>/dev/null || true
    RUN_PID=""
    # The port is free again before the next start is timed.
    for _ in $(seq 100); do curl -s -o /dev/null "$URL/healthz" || break; sleep 0.1; done
}
trap stop_run EXIT

# start_run LOG: `make run` in its own process group, so stopping it stops the API too.
start_run() {
    setsid make --no-print-directory run API_URL="$URL" >"$1" 2>&1 &
    RUN_PID=$!
}

wait_healthy() {
    local deadline=$(( SECONDS + $1 ))
    until curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null; do
        (( SECONDS < deadline )) || return 1
        kill -0 "$RUN_PID" 2>/dev/null || return 1
        sleep 0.05
    done
}

log="$(mktemp)"
say "first make run (builds what is out of date)"
start_run "$log"
wait_healthy 600 || { tail -30 "$log" >&2; die "make run did not answer /healthz"; }
stop_run

times=()
for i in $(seq "$RUNS"); do
    t0=$(date +%s.%N)
    start_run "$log"
    wait_healthy 120 || { tail -30 "$log" >&2; die "make run did not answer /healthz"; }
    t1=$(date +%s.%N)
    stop_run
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')")
    say "run $i: ${times[-1]} s"
done
rm -f "$log"
worst="$(printf '%s\n' "${times[@]}" | sort -n | tail -1)"
echo "== make run to /healthz on a built checkout: ${times[*]} s (worst $worst s); machine load $(cut -d' ' -f1-3 /proc/loadavg)"
summary "make run to /healthz, built (s)" "$worst" "< 10" "$(meets "$worst" "<=" 9.99)"
