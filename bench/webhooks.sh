#!/usr/bin/env bash
# Webhook ingestion benchmark (see docs/benchmarks.md). From the repository root:
#
#   bash bench/webhooks.sh
#
# Starts the API (Release, Development, warnings only) on 127.0.0.1:$BENCH_PORT with a Vapi
# webhook secret, creates $BENCH_ATTEMPTS in-progress attempts for a demo trainee directly in the
# database, then has wrk POST Vapi end-of-call reports with 200-message transcripts, each for a
# different attempt, to /api/webhooks/vapi (bench/webhooks/end-of-call.lua). Every request runs the
# whole path: authentication, parsing, the delivery ledger, row lock, KPIs, rubric score, attempt,
# voice usage, assignment/track checks and outbox events, committed to PostgreSQL. Afterwards it
# counts the attempts completed in the database and compares them with wrk's 2xx responses.
#
# Environment (optional): DATABASE_URL (else the private cluster and a database of its own),
# BENCH_PORT (8092), BENCH_WARMUP (60s), BENCH_DURATION (20s), BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_ATTEMPTS (20000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PORT="${BENCH_PORT:-8092}"
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-60s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
ATTEMPTS="${BENCH_ATTEMPTS:-20000}"
BENCH_DB="voicetraining_bench_webhooks"
SECRET="bench_$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
BASE="http://127.0.0.1:$PORT"
PG="scripts/pg.sh"

say() { echo "bench: $*" >&2; }
# shellcheck source=bench/summary.sh
source "$ROOT/bench/summary.sh"
die() { echo "bench: $*" >&2; exit 1; }

if ! command -v wrk >/dev/null; then
    (( EUID == 0 )) || die "wrk is not installed (apt-get install wrk)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

WORK="$(mktemp -d)"
API_PID=""
STOP_PG=0
cleanup() {
    local rc=$?
    [[ -n "$API_PID" ]] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
    (( STOP_PG )) && bash "$PG" stop >/dev/null || true
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

if [[ -z "${DATABASE_URL:-}" ]]; then
    bash "$PG" status >/dev/null || STOP_PG=1
    bash "$PG" start >/dev/null
    admin="$(bash "$PG" url postgres)"
    psql -X -q -d "$admin" -c "drop database if exists \"$BENCH_DB\" with (force)" >/dev/null
    psql -X -q -d "$admin" -c "create database \"$BENCH_DB\"" >/dev/null
    DATABASE_URL="$(bash "$PG" url "$BENCH_DB")"
fi
export DATABASE_URL

say "building the API (Release)"
dotnet build src/Api -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build failed"; }
API_DLL="$(dotnet msbuild src/Api -nologo -getProperty:TargetPath -p:Configuration=Release)"

say "starting the API on $BASE"
# One client sends every report: the per-client rate limiter is off, or the figure would be its own.
RateLimiting__Enabled="${RateLimiting__Enabled:-false}" \
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$BASE" VAPI_WEBHOOK_SECRET="$SECRET" \
    Logging__LogLevel__Default=Warning Workers__Enabled=false \
    dotnet "$API_DLL" --contentRoot "$ROOT/src/Api" >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 120); do curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$BASE/readyz" >/dev/null || { tail -30 "$WORK/api.log" >&2; die "the API did not become ready"; }

# In-progress attempts of the demo trainee on a published scenario, made in one statement.
psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" >/dev/null <<SQL
INSERT INTO scenario_attempts (id, org_id, member_id, scenario_id, status, created_at, updated_at,
    transcript, kpis, criterion_scores, recording_status)
SELECT gen_random_uuid(), m.org_id, m.id, s.id, 'InProgress', now(), now(), '[]', '{}', '[]', 'None'
FROM members m
JOIN LATERAL (SELECT id FROM scenarios WHERE org_id = m.org_id AND status = 'Published' ORDER BY created_at LIMIT 1) s ON true
CROSS JOIN generate_series(1, $ATTEMPTS)
WHERE m.email = 'jamie@acme.test';
SQL
psql -X -qtA -d "$DATABASE_URL" -c "select id from scenario_attempts where status = 'InProgress' order by id" >"$WORK/ids"
say "$(wc -l <"$WORK/ids") attempts ready"

# Warm-up at full load and sanity check: reports are accepted and complete their attempts. The JIT
# keeps recompiling hot methods (tiered, with profile-guided optimisation) for the first minute
# under load; a figure taken before that measures the compiler, not the product.
say "warming up for $WARMUP (wrk -t$THREADS -c$CONNECTIONS)"
BENCH_IDS="$WORK/ids" BENCH_SECRET="$SECRET" BENCH_THREADS="$THREADS" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/webhooks/end-of-call.lua "$BASE" >"$WORK/warmup.txt"
warm="$(psql -X -qtA -d "$DATABASE_URL" -c "select count(*) from scenario_attempts where status = 'Completed'")"
(( warm > 0 )) || { cat "$WORK/warmup.txt" >&2; tail -30 "$WORK/api.log" >&2; die "no report completed its attempt"; }
say "warm-up completed $warm attempts; resetting them"
psql -X -q -d "$DATABASE_URL" -c "update scenario_attempts set status = 'InProgress' where status = 'Completed'" >/dev/null
psql -X -q -d "$DATABASE_URL" -c "delete from processed_inbound_events; delete from voice_usage_records" >/dev/null

say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (end-of-call reports, 200 messages each)"
BENCH_IDS="$WORK/ids" BENCH_SECRET="$SECRET" BENCH_THREADS="$THREADS" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/webhooks/end-of-call.lua "$BASE" | tee "$WORK/wrk.txt"

completed="$(psql -X -qtA -d "$DATABASE_URL" -c "select count(*) from scenario_attempts where status = 'Completed'")"
requests="$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")"
rps="$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")"
p50="$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")"
echo
echo "== webhook ingestion: end-of-call reports with 200-message transcripts"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "requests/s: $rps   p50: $p50   p99: $p99   (wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
echo "responses: $requests   attempts completed in PostgreSQL: $completed"
# More than 1 % of answers that completed nothing (refused, limited, failed) makes the figure meaningless.
non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$WORK/wrk.txt")"
if (( ${non2xx:-0} * 100 > requests )); then
    die "${non2xx} of $requests responses were not 2xx (more than 1 %): the figure above does not measure ingestion"
fi
summary "Vapi end-of-call reports/s" "$rps" "≥ 300" "$(meets "$rps" ">=" 300)"
