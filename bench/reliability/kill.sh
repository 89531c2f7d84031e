#!/usr/bin/env bash
# Kill tests (see docs/reliability.md). From the repository root:
#
#   bash bench/reliability/kill.sh
#
# Two API instances on one fresh database: instance 1 runs the workers (so every delivery, email
# and download in flight is its own), instance 2 serves HTTP only. The stand-in holds each answer
# $REL_RECEIVER_DELAY_MS, so work is in flight at the stand-in when the kill comes. Four rounds,
# one per kind of work, each with load through both instances:
#
#   webhook    calls ended and assignments practised; killed once at least 2 webhook deliveries
#              are in flight at the stand-in
#   email      the same load; killed once an email is in flight at the stand-in (an instance
#              sends one at a time)
#   recording  calls ended; killed once at least 2 recording downloads are in flight
#   stripe     Stripe invoice events only, played with Stripe's retries; killed once 40 have
#              been answered, so that requests are being processed by instance 1
#
# Each round: SIGKILL to instance 1, start it again at once, wait until the load has ended and
# nothing is pending (claims of the killed process come due again when their lease runs out:
# Webhooks__Lease 15 s, Email__Lease and Recordings__Lease 30 s here), then check as
# multi-instance.sh does: expected, arrived, lost (must be 0), duplicates (the same id again),
# and everything acknowledged whole in the database. The killed instance's unanswered requests
# are counted as "no answer"; a 5xx fails the round.
#
# Environment (optional): REL_KILL_ROUNDS ("webhook email recording stripe"), REL_RATE (8
# operations/s in the first three rounds), REL_OPS (160 per round), REL_RECEIVER_DELAY_MS (150),
# and those of bench/reliability/lib.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${REL_KILL_ROUNDS:-webhook email recording stripe}"
RATE="${REL_RATE:-8}"
OPS="${REL_OPS:-160}"
export REL_RECEIVER_DELAY_MS="${REL_RECEIVER_DELAY_MS:-150}"

rel_setup voicetraining_rel_kill
start_receiver
start_api 1
start_api 2 Workers__Enabled=false
driver prepare --base "$(api_base 1)"
BASES="$(api_base 1),$(api_base 2)"

# Rows of a kind claimed now (pending under a lease), created since $2; and requests of that
# kind held at the stand-in right now.
claimed() { # kind since
    case "$1" in
        webhook) sql "select count(*) from webhook_deliveries where created_at >= '$2' and status = 'Pending' and lease_token is not null" ;;
        email) sql "select count(*) from email_messages where created_at >= '$2' and status = 'Pending' and lease_token is not null" ;;
        recording) sql "select count(*) from recording_downloads where created_at >= '$2' and status = 'Pending' and lease_token is not null" ;;
    esac
}
in_flight() { # kind
    case "$1" in
        webhook) curl -fsS "$RECEIVER/inflight?endpoint=hook-a&endpoint=hook-b" ;;
        email) curl -fsS "$RECEIVER/inflight?endpoint=emails" ;;
        recording) curl -fsS "$RECEIVER/inflight?endpoint=recordings" ;;
    esac
}

declare -a SUMMARY=()
FAILED=0
for round in $ROUNDS; do
    since="$(sql "select now()")"
    mark_logs
    case "$round" in
        webhook) need=2; mix="practice=1,assigned=1"; rate=$RATE; ops=$OPS ;;
        email) need=1; mix="practice=1,assigned=1"; rate=$RATE; ops=$OPS ;;
        recording) need=2; mix="practice=1"; rate=$RATE; ops=$OPS ;;
        stripe) need=40; mix="stripe=1"; rate=$(( RATE * 3 )); ops=$(( OPS * 2 )) ;;
        *) die "unknown round '$round' (webhook, email, recording, stripe)" ;;
    esac
    say "round $round: $ops operations ($mix) at $rate/s; kill when $need are in flight"
    progress="$WORK/progress-$round.json"
    rm -f "$progress"
    driver load --bases "$BASES" --rate "$rate" --ops "$ops" --mix "$mix" --retry-for 180 \
        --out "$WORK/load-$round.json" --progress "$progress" >"$WORK/figures-$round.txt" &
    load_pid=$!
    deadline=$(( SECONDS + 120 ))
    while :; do
        if [[ "$round" == stripe ]]; then
            now="$( [[ -f "$progress" ]] && json 'd.get("stripe", 0)' <"$progress" || echo 0)"
        else
            now="$(in_flight "$round")"
        fi
        (( now >= need )) && break
        kill -0 "$load_pid" 2>/dev/null || die "round $round: the load ended before $need were in flight"
        (( SECONDS < deadline )) || die "round $round: never $need in flight within 120 s"
        sleep 0.02
    done
    if [[ "$round" == stripe ]]; then
        kill_api 1
        at_kill="$now answered so far"
    else
        kill_api 1
        at_kill="$now in flight at the stand-in, $(claimed "$round" "$since") claimed in the database"
    fi
    killed_at=$SECONDS
    start_api 1
    restarted=$(( SECONDS - killed_at ))
    load_rc=0
    wait "$load_pid" || load_rc=$?
    check_rc=0
    driver check --since "$since" --results "$WORK/load-$round.json" --arrivals "$ARRIVALS" --wait 240 >>"$WORK/figures-$round.txt" || check_rc=$?
    done_after=$(( SECONDS - killed_at ))
    logged_errors >"$WORK/errors-$round.txt"
    five="$(json 'd["status_5xx"]' <"$WORK/load-$round.json")"
    SUMMARY+=("-- round $round: SIGKILL with $at_kill; ready again after ${restarted} s; load over and every check done ${done_after} s after the kill"
              "$(sed 's/^/   /' "$WORK/figures-$round.txt")"
              "   errors logged by the instances: $(grep -cE '^(fail|crit):' "$WORK/errors-$round.txt" || true)")
    [[ ! -s "$WORK/errors-$round.txt" ]] || SUMMARY+=("$(head -n 20 "$WORK/errors-$round.txt" | sed 's/^/   | /')")
    if (( load_rc != 0 || check_rc != 0 || five != 0 )); then FAILED=1; SUMMARY+=("   !! round $round FAILED"); fi
done

echo
echo "== kill tests $(date -u '+%Y-%m-%d %H:%M UTC'): instance 1 (workers) killed with SIGKILL and restarted, instance 2 (HTTP only) kept serving; stand-in delay ${REL_RECEIVER_DELAY_MS} ms"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for line in "${SUMMARY[@]}"; do echo "$line"; done
(( FAILED == 0 )) || die "kill: a round failed (see above)"
say "kill: every round passed"
