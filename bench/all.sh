#!/usr/bin/env bash
# Every benchmark, with settings short enough for a few minutes, and one table of figure, goal and
# whether it was met. From the repository root:
#
#   bash bench/all.sh
#
# Each script prints its own report as it goes (kept in .local/bench/<time>/); the table at the end
# comes from the lines they write to BENCH_SUMMARY_FILE (bench/summary.sh). Run it on a quiet
# machine: wrk, the API and PostgreSQL share its cores, and the figures are for the whole stack.
# Exit status: non-zero when a script failed; goals not met are reported, not failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

OUT=".local/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
export BENCH_SUMMARY_FILE="$ROOT/$OUT/summary.tsv"
: >"$BENCH_SUMMARY_FILE"
failed=()

run() {
    local name=$1; shift
    echo "== $name: $*" >&2
    if ! env "$@" >"$OUT/$name.txt" 2>&1; then
        failed+=("$name")
        tail -20 "$OUT/$name.txt" >&2
    fi
    tail -8 "$OUT/$name.txt" >&2
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
run lists BENCH_WARMUP="${BENCH_WARMUP:-30s}" BENCH_DURATION="${BENCH_DURATION:-10s}" BENCH_ROUNDS=1 bash bench/lists.sh
run ingestion BENCH_WARMUP=45s BENCH_DURATION=20s bash bench/webhooks.sh
run delivery BENCH_PARTS="A B" BENCH_DRAIN_EVENTS=5000 BENCH_STEADY_SECONDS=15 bash bench/webhook-delivery.sh
run startup BENCH_STARTUP_RUNS=2 bash bench/startup.sh

cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
echo
echo "== Benchmarks $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ${cpu_model:+($cpu_model)}; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
{
    printf 'figure\tmeasured\tgoal\tmet\n'
    cat "$BENCH_SUMMARY_FILE"
} | column -t -s $'\t'
echo "(reports: $OUT)"
if (( ${#failed[@]} > 0 )); then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
