#!/usr/bin/env bash
# Soak (see docs/reliability.md). From the repository root:
#
#   bash bench/reliability/soak.sh
#
# One API instance (workers on) on a fresh database, the mixed workload of driver.py at a steady
# $REL_RATE operations/s for $REL_DURATION s (default 10 minutes). Every $REL_SAMPLE s the API
# process's resident set (VmRSS) and thread count (Threads) are read from /proc/PID/status. It
# prints the series and, over the samples after the $REL_WARMUP s warm-up, the least-squares slope
# of each and the change between the first and the last minute; then the checks of
# multi-instance.sh (no 5xx, nothing lost, everything acknowledged whole in the database).
#
# It fails when, after the warm-up, the resident set grows faster than $REL_MAX_RSS_SLOPE MiB
# per minute or the thread count's last-minute mean exceeds its first-minute mean by more than
# $REL_MAX_THREAD_GROWTH, or when a check fails.
#
# Environment (optional): REL_RATE (20), REL_DURATION (600), REL_SAMPLE (10), REL_WARMUP (120),
# REL_MAX_RSS_SLOPE (2), REL_MAX_THREAD_GROWTH (10), and those of bench/reliability/lib.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE="${REL_RATE:-20}"
DURATION="${REL_DURATION:-600}"
SAMPLE="${REL_SAMPLE:-10}"
WARMUP="${REL_WARMUP:-120}"
MAX_RSS_SLOPE="${REL_MAX_RSS_SLOPE:-2}"
MAX_THREAD_GROWTH="${REL_MAX_THREAD_GROWTH:-10}"
(( WARMUP + 120 <= DURATION )) || die "REL_DURATION must leave at least two minutes after REL_WARMUP"

rel_setup voicetraining_rel_soak
start_receiver
start_api 1
driver prepare --base "$(api_base 1)"
pid="$(api_pid 1)"
since="$(sql "select now()")"
mark_logs
say "soak: $RATE operations/s for $DURATION s; sampling VmRSS and Threads of pid $pid every $SAMPLE s"
driver load --bases "$(api_base 1)" --rate "$RATE" --duration "$DURATION" --out "$WORK/load.json" >"$WORK/figures.txt" &
load_pid=$!
SERIES="$WORK/series.tsv"
start="$(date +%s)"
k=0
while kill -0 "$load_pid" 2>/dev/null; do
    awk -v t=$(( $(date +%s) - start )) '/^VmRSS:/ { rss = $2 } /^Threads:/ { th = $2 } END { printf "%d\t%.1f\t%d\n", t, rss / 1024, th }' \
        "/proc/$pid/status" >>"$SERIES"
    # On a fixed schedule (start + k x SAMPLE), so a slow loop on a busy machine does not stretch it.
    k=$(( k + 1 ))
    while kill -0 "$load_pid" 2>/dev/null && (( $(date +%s) < start + k * SAMPLE )); do sleep 0.2; done
done
load_rc=0
wait "$load_pid" || load_rc=$?
check_rc=0
driver check --since "$since" --results "$WORK/load.json" --arrivals "$ARRIVALS" --wait 180 >>"$WORK/figures.txt" || check_rc=$?
logged_errors >"$WORK/errors.txt"

verdict="$(python3 - "$SERIES" "$WARMUP" "$MAX_RSS_SLOPE" "$MAX_THREAD_GROWTH" <<'EOF'
import sys
rows = [tuple(float(x) for x in line.split("\t")) for line in open(sys.argv[1]) if line.strip()]
warmup, max_slope, max_growth = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
after = [r for r in rows if r[0] >= warmup]
def slope(points):  # least squares, per minute
    n = len(points); mx = sum(p[0] for p in points) / n; my = sum(p[1] for p in points) / n
    return sum((p[0] - mx) * (p[1] - my) for p in points) / sum((p[0] - mx) ** 2 for p in points) * 60
def mean(v): return sum(v) / len(v)
rss_slope = slope([(r[0], r[1]) for r in after])
th_slope = slope([(r[0], r[2]) for r in after])
first = [r for r in after if r[0] < after[0][0] + 60]; last = [r for r in after if r[0] > after[-1][0] - 60]
rss_change = mean([r[1] for r in last]) - mean([r[1] for r in first])
th_change = mean([r[2] for r in last]) - mean([r[2] for r in first])
ok = rss_slope <= max_slope and th_change <= max_growth
print(f"{'ok' if ok else 'grew'}|{len(rows)}|{len(after)}|{rss_slope:.2f}|{rss_change:.1f}|{th_slope:.2f}|{th_change:.1f}"
      f"|{min(r[1] for r in after):.0f}|{max(r[1] for r in after):.0f}|{min(r[2] for r in after):.0f}|{max(r[2] for r in after):.0f}"
      f"|{rows[0][1]:.0f}|{rows[0][2]:.0f}")
EOF
)"
IFS='|' read -r ok samples after rss_slope rss_change th_slope th_change rss_min rss_max th_min th_max rss0 th0 <<<"$verdict"
echo
echo "== soak $(date -u '+%Y-%m-%d %H:%M UTC'): 1 instance, $RATE operations/s for $DURATION s, sampled every $SAMPLE s"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/figures.txt"
echo "errors logged by the instance during the run: $(grep -cE '^(fail|crit):' "$WORK/errors.txt" || true)"
echo "series (seconds, VmRSS MiB, threads):"
awk -F'\t' '{ printf "  %4d s %7.1f MiB %4d threads\n", $1, $2, $3 }' "$SERIES"
echo "first sample: $rss0 MiB, $th0 threads; $samples samples, $after after the ${WARMUP} s warm-up"
echo "after the warm-up: VmRSS $rss_min..$rss_max MiB, slope $rss_slope MiB/min, last minute minus first minute $rss_change MiB (bound: slope <= $MAX_RSS_SLOPE MiB/min)"
echo "after the warm-up: threads $th_min..$th_max, slope $th_slope /min, last minute minus first minute $th_change (bound: <= $MAX_THREAD_GROWTH)"
five="$(json 'd["status_5xx"]' <"$WORK/load.json")"
[[ "$ok" == ok ]] || die "soak: the resident set or the thread count grew beyond the bound"
(( load_rc == 0 && check_rc == 0 && five == 0 )) || die "soak: a check failed (see above)"
say "soak: flat after the warm-up, every check passed"
