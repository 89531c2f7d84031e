#!/usr/bin/env bash
# Several API instances on one database (see docs/reliability.md). From the repository root:
#
#   bash bench/reliability/multi-instance.sh
#
# Starts the stand-in (bench/WebhookReceiver: webhook endpoints, Resend's send API, a recording
# host; every answer held $REL_RECEIVER_DELAY_MS so that two attempts of one id would overlap
# visibly) and $REL_INSTANCES API processes on consecutive ports from $REL_API_PORT, all with
# their workers on, against one fresh database. Then bench/reliability/driver.py runs the mixed
# workload (calls ended by Vapi reports with recordings, assignments practised, Stripe invoices,
# reads) at $REL_RATE operations/s for $REL_DURATION s, round-robin over the instances, and checks:
# every webhook delivery, email and recording download arrived at the stand-in at least once with
# its id; no id was in flight twice at once (at the stand-in, and in webhook_delivery_attempts);
# every call, assignment and Stripe event the API acknowledged is whole in the database; no 5xx.
#
# Environment (optional): REL_INSTANCES (3), REL_RATE (30), REL_DURATION (60),
# REL_RECEIVER_DELAY_MS (50), and those of bench/reliability/lib.sh (DATABASE_URL, ports).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

INSTANCES="${REL_INSTANCES:-3}"
RATE="${REL_RATE:-30}"
DURATION="${REL_DURATION:-60}"
export REL_RECEIVER_DELAY_MS="${REL_RECEIVER_DELAY_MS:-50}"

rel_setup voicetraining_rel_multi
start_receiver
bases=()
# One at a time: the first applies the migrations and seeds the demo organization.
for (( n = 1; n <= INSTANCES; n++ )); do
    start_api "$n"
    bases+=("$(api_base "$n")")
done
driver prepare --base "${bases[0]}"
since="$(sql "select now()")"
mark_logs
say "mixed workload: $RATE operations/s for $DURATION s over ${#bases[@]} instances"
load_rc=0
driver load --bases "$(IFS=,; echo "${bases[*]}")" --rate "$RATE" --duration "$DURATION" --out "$WORK/load.json" \
    >"$WORK/figures.txt" || load_rc=$?
check_rc=0
driver check --since "$since" --results "$WORK/load.json" --arrivals "$ARRIVALS" --wait 120 >>"$WORK/figures.txt" || check_rc=$?
five="$(json 'd["status_5xx"]' <"$WORK/load.json")"
logged_errors >"$WORK/errors.txt"
errors="$(grep -cE '^(fail|crit):' "$WORK/errors.txt" || true)"
echo
echo "== multi-instance $(date -u '+%Y-%m-%d %H:%M UTC'): $INSTANCES instances, $RATE operations/s for $DURATION s, stand-in delay ${REL_RECEIVER_DELAY_MS} ms"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/figures.txt"
echo "errors logged by the instances during the run: $errors"
(( errors == 0 )) || head -n 40 "$WORK/errors.txt" >&2
(( load_rc == 0 && check_rc == 0 && five == 0 && errors == 0 )) || die "multi-instance: a check failed (see above)"
say "multi-instance: every check passed"
