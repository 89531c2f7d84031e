#!/usr/bin/env bash
# Database restart under load (see docs/reliability.md). From the repository root:
#
#   bash bench/reliability/db-restart.sh
#
# Needs the checkout's private cluster (scripts/pg.sh, port $REL_PG_PORT) and must start it
# itself: it refuses to run while that cluster is already running (another run may be using it)
# or with DATABASE_URL set. It never touches any other cluster.
#
# Two API instances (workers on) on a fresh database; the mixed workload of driver.py runs at
# $REL_RATE operations/s for $REL_DURATION s through both. After $REL_OUTAGE_AT s PostgreSQL is
# stopped (scripts/pg.sh stop: pg_ctl stop -m fast, which aborts the open transactions), kept
# down $REL_OUTAGE s while the load goes on, and started again. Vapi's and Stripe's deliveries
# (and starting a call) are retried as those senders do. Then:
#   - every answer during the outage is counted by status: each must be a 503 with Retry-After
#     (no 500, no other 5xx, no hung request);
#   - once the queues drain, the checks of multi-instance.sh: nothing lost, nothing attempted
#     twice at once, every acknowledged call, assignment and Stripe event whole in the database,
#     no webhook message without its deliveries, no completed attempt without its usage record
#     or stored recording, no download without its completed attempt.
#
# Environment (optional): REL_RATE (15), REL_DURATION (45), REL_OUTAGE_AT (12), REL_OUTAGE (10),
# REL_RECEIVER_DELAY_MS (20), and the ports of bench/reliability/lib.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE="${REL_RATE:-15}"
DURATION="${REL_DURATION:-45}"
OUTAGE_AT="${REL_OUTAGE_AT:-12}"
OUTAGE="${REL_OUTAGE:-10}"
export REL_RECEIVER_DELAY_MS="${REL_RECEIVER_DELAY_MS:-20}"

[[ -z "${DATABASE_URL:-}" ]] || die "db-restart stops and starts its own private cluster; unset DATABASE_URL"
! rel_pg status >/dev/null || die "the private cluster (.local/pg) is already running; this script must start (and restart) it itself: wait for the other run or stop it with PG_LOCAL_PORT=$REL_PG_PORT scripts/pg.sh stop"
(( OUTAGE_AT + OUTAGE < DURATION )) || die "REL_OUTAGE_AT + REL_OUTAGE must end before REL_DURATION"

rel_setup voicetraining_rel_dbrestart
start_receiver
start_api 1
start_api 2
driver prepare --base "$(api_base 1)"
since="$(sql "select now()")"
mark_logs
say "load: $RATE operations/s for $DURATION s; PostgreSQL down from ${OUTAGE_AT} s for ${OUTAGE} s"
driver load --bases "$(api_base 1),$(api_base 2)" --rate "$RATE" --duration "$DURATION" --retry-for 120 \
    --out "$WORK/load.json" >"$WORK/figures.txt" &
load_pid=$!
sleep "$OUTAGE_AT"
down_from="$(date +%s.%N)"
rel_pg stop 2>&1 | sed 's/^/reliability: /' >&2
down_done="$(date +%s.%N)"
sleep "$OUTAGE"
up_from="$(date +%s.%N)"
rel_pg start 2>&1 | sed 's/^/reliability: /' >&2
up_at="$(date +%s.%N)"
say "stopping PostgreSQL took $(awk -v a="$down_from" -v b="$down_done" 'BEGIN { printf "%.1f", b - a }') s; it accepted connections again $(awk -v a="$down_from" -v b="$up_at" 'BEGIN { printf "%.1f", b - a }') s after the stop began"
load_rc=0
wait "$load_pid" || load_rc=$?
check_rc=0
driver check --since "$since" --results "$WORK/load.json" --arrivals "$ARRIVALS" --wait 180 >>"$WORK/figures.txt" || check_rc=$?
logged_errors >"$WORK/errors.txt"

# Answers by status for requests sent while the database was down (from the stop's start until
# it accepted connections again).
outage="$(python3 - "$WORK/load.json" "$down_from" "$up_at" <<'EOF'
import collections, json, sys
d = json.load(open(sys.argv[1]))
lo, hi = float(sys.argv[2]), float(sys.argv[3])
during = collections.Counter(status for t, status in d["timeline"] if lo <= t <= hi)
bad = sum(n for status, n in during.items() if status >= 500 and status != 503)
print(sum(during.values()), during.get(503, 0), bad, d["retry_after_missing"], d["status_500"],
      "; ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(during.items())))
EOF
)"
read -r sent_during n503 other5xx no_retry_after n500 breakdown <<<"$outage"
echo
echo "== database restart $(date -u '+%Y-%m-%d %H:%M UTC'): 2 instances, $RATE operations/s for $DURATION s, PostgreSQL stopped (fast) at ${OUTAGE_AT} s for ${OUTAGE} s"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "requests sent while the database was down: $sent_during; answers: $breakdown"
echo "503 during the outage: $n503; other 5xx then: $other5xx; 503 without Retry-After (whole run): $no_retry_after; 500 (whole run): $n500"
cat "$WORK/figures.txt"
errors="$(grep -cE '^(fail|crit):' "$WORK/errors.txt" || true)"
echo "errors logged by the instances during the run (the outage's own connection failures included): $errors"
(( other5xx == 0 && no_retry_after == 0 && n500 == 0 && check_rc == 0 && load_rc == 0 )) || die "db-restart: a check failed (see above)"
say "db-restart: every check passed"
