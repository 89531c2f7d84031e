#!/usr/bin/env bash
# Outbound webhook delivery benchmark (see docs/benchmarks.md). From the repository root:
#
#   bash bench/webhook-delivery.sh
#
# Starts a fast local receiver (bench/WebhookReceiver: answers 204 at once and logs endpoint,
# webhook-id and arrival time of every POST) and the API (Release, Development, warnings only,
# dispatcher on) on the private cluster in a fresh database of its own, registers endpoints that
# point at the receiver (http://127.0.0.1 is allowed in Development), then runs three parts:
#
#   A. drain: $BENCH_DRAIN_EVENTS events for two endpoints (2 x that many deliveries) are put in
#      the queue, all due at one instant T0; it measures the time from T0 until the database shows
#      every one of them succeeded, and the span of their arrivals at the receiver.
#   B. steady: events are committed at $BENCH_RATE events/s for $BENCH_STEADY_SECONDS s for one
#      endpoint; the latency of each is the receiver's arrival time of its first attempt minus the
#      message's created_at (set with clock_timestamp() just before the commit, so the figure also
#      includes the commit itself), as p50/p95/p99.
#   C. fault: $BENCH_FAULT_EVENTS events for two endpoints are queued, due together; once the
#      receiver has $BENCH_FAULT_KILL_AFTER deliveries the API is killed with SIGKILL and started
#      again, and the script waits until the database shows every delivery succeeded (claims of
#      the killed instance come due again when their lease runs out). The receiver must then hold every
#      (event, endpoint) pair at least once with its original id; duplicates are counted.
#
# How events are made: one real event goes through the API first (an assignment created with
# POST /api/assignments, staged by the transactional outbox and delivered to a "sample" endpoint).
# The benchmark events are copies of that message written in SQL in the shape the outbox stager
# writes: one webhook_messages row (the same body with the new id as idempotency_key, created_at =
# when it was written) and one webhook_deliveries row per endpoint (status Pending, 0 attempts,
# max_attempts 6, next_attempt_at = created_at, or T0 in parts A and C). They are written outside
# the API, so the dispatcher finds them by polling (Webhooks__PollInterval), as it finds another
# instance's events; events raised inside the API also wake it at once.
#
# For each part it prints the figures, the CPU the API, PostgreSQL, the receiver and everything
# else used (in cores, and per delivery or event), how busy other programs kept the machine just
# before, and in part A the PostgreSQL transactions and new receiver connections it took.
#
# Environment (all optional):
#   DATABASE_URL            use this database instead of the private cluster (it must be a
#                           database the benchmark may fill; the script does not drop it)
#   BENCH_PORT              API port on 127.0.0.1 (default 8096)
#   BENCH_RECEIVER_PORT     receiver port on 127.0.0.1 (default 8097)
#   BENCH_DRAIN_EVENTS      events in part A, each to two endpoints (default 10000)
#   BENCH_RATE              events/s in part B (default 500)
#   BENCH_STEADY_SECONDS    length of part B (default 20)
#   BENCH_FAULT_EVENTS      events in part C, each to two endpoints (default 5000)
#   BENCH_FAULT_KILL_AFTER  deliveries the receiver must have before the kill (default 2000)
#   BENCH_PARTS             which parts to run, e.g. "A B" (default "A B C")
#   Webhooks__PollInterval, Webhooks__BatchSize, Webhooks__MaxConcurrency, Webhooks__Lease …
#                           passed to the API as they are (defaults in WebhookOptions.cs)
# Traffic goes to 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PORT="${BENCH_PORT:-8096}"
RECEIVER_PORT="${BENCH_RECEIVER_PORT:-8097}"
DRAIN_EVENTS="${BENCH_DRAIN_EVENTS:-10000}"
RATE="${BENCH_RATE:-500}"
STEADY_SECONDS="${BENCH_STEADY_SECONDS:-20}"
FAULT_EVENTS="${BENCH_FAULT_EVENTS:-5000}"
FAULT_KILL_AFTER="${BENCH_FAULT_KILL_AFTER:-2000}"
PARTS="${BENCH_PARTS:-A B C}"
BENCH_DB="voicetraining_bench_delivery"
BASE="http://127.0.0.1:$PORT"
RECEIVER="http://127.0.0.1:$RECEIVER_PORT"
PG="scripts/pg.sh"
READY_TIMEOUT=90

say() { echo "bench: $*" >&2; }
# shellcheck source=bench/summary.sh
source "$ROOT/bench/summary.sh"
die() { echo "bench: $*" >&2; exit 1; }

for v in PORT RECEIVER_PORT DRAIN_EVENTS RATE STEADY_SECONDS FAULT_EVENTS FAULT_KILL_AFTER; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive number, got '${!v}'"
done
(( PORT <= 65535 && RECEIVER_PORT <= 65535 )) || die "ports must be at most 65535"
(( FAULT_KILL_AFTER < 2 * FAULT_EVENTS )) || die "BENCH_FAULT_KILL_AFTER must be below 2 x BENCH_FAULT_EVENTS"
for tool in curl python3 dotnet psql; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

json() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
port_in_use() { [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]; }
now_us() { date +%s%6N; }

# --- clean-up ------------------------------------------------------------------------
WORK="$(mktemp -d)"
API_PID=""
RECEIVER_PID=""
STOP_PG=0
stop_pid() { # pid
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    [[ -z "$API_PID" ]] || stop_pid "$API_PID"
    [[ -z "$RECEIVER_PID" ]] || stop_pid "$RECEIVER_PID"
    if (( STOP_PG )); then bash "$PG" stop >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- database ------------------------------------------------------------------------
USE_LOCAL_PG=0
if [[ -z "${DATABASE_URL:-}" ]]; then
    bash "$PG" status >/dev/null || STOP_PG=1
    bash "$PG" start
    admin="$(bash "$PG" url postgres)"
    psql -X -q -d "$admin" -c "drop database if exists \"$BENCH_DB\" with (force)" >/dev/null
    psql -X -q -d "$admin" -c "create database \"$BENCH_DB\"" >/dev/null
    DATABASE_URL="$(bash "$PG" url "$BENCH_DB")"
    USE_LOCAL_PG=1
    say "database: $BENCH_DB (new) on the local cluster"
else
    say "database: the one in DATABASE_URL"
fi
export DATABASE_URL
sql() { psql -X -qtA -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "$1"; }

# --- build --------------------------------------------------------------------------------
say "building the API and the receiver (Release)"
for project in src/Api bench/WebhookReceiver; do
    dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log" >&2; die "building $project failed"; }
done
API_DLL="$(dotnet msbuild src/Api -nologo -getProperty:TargetPath -p:Configuration=Release)"
RECEIVER_DLL="$(dotnet msbuild bench/WebhookReceiver -nologo -getProperty:TargetPath -p:Configuration=Release)"

port_in_use "$PORT" && die "port $PORT is in use; choose another with BENCH_PORT"
port_in_use "$RECEIVER_PORT" && die "port $RECEIVER_PORT is in use; choose another with BENCH_RECEIVER_PORT"

# --- receiver -------------------------------------------------------------------------------
ARRIVALS="$WORK/arrivals.csv"
: >"$ARRIVALS"
dotnet "$RECEIVER_DLL" "$RECEIVER_PORT" "$ARRIVALS" >"$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
for _ in $(seq 100); do curl -fsS "$RECEIVER/stats" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "$RECEIVER/stats" >/dev/null || { cat "$WORK/receiver.log" >&2; die "the receiver did not start"; }
say "receiver on $RECEIVER (pid $RECEIVER_PID)"
receiver_stats() { curl -fsS "$RECEIVER/stats"; }
receiver_connections() { curl -fsS "$RECEIVER/connections"; }
# Loads the receiver's log (complete up to now) into bench_arrivals(endpoint, id, arrival_us).
load_arrivals() {
    curl -fsS -X POST "$RECEIVER/flush" >/dev/null
    sql "truncate bench_arrivals" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "\\copy bench_arrivals from '$ARRIVALS' with (format csv)" >/dev/null
}

# --- API ------------------------------------------------------------------------------------
start_api() {
    (
        cd src/Api
        # The benchmark measures delivery, not the per-client rate limiter its set-up calls would meet.
        export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$BASE" Logging__LogLevel__Default=Warning \
               RateLimiting__Enabled="${RateLimiting__Enabled:-false}"
        exec dotnet "$API_DLL"
    ) >>"$WORK/api.log" 2>&1 &
    API_PID=$!
    local deadline=$(( SECONDS + READY_TIMEOUT ))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" 2>/dev/null || true)" == 200 ]]; do
        kill -0 "$API_PID" 2>/dev/null || { tail -n 40 "$WORK/api.log" >&2; die "the API exited during start-up"; }
        (( SECONDS < deadline )) || { tail -n 40 "$WORK/api.log" >&2; die "the API was not ready within ${READY_TIMEOUT}s"; }
        sleep 0.2
    done
}
say "starting the API on $BASE"
start_api
# The benchmark's own tables: the receiver's log, loaded for the analysis, and instants.
sql "set client_min_messages = warning;
     create table if not exists bench_arrivals (endpoint text, id uuid, arrival_us bigint);
     create table if not exists bench_marks (name text primary key, at timestamptz)" >/dev/null
settings="$(env | grep -E '^Webhooks__' | sort | tr '\n' ' ' || true)"
say "API ready (pid $API_PID); dispatcher settings: ${settings:-defaults}"

TOKEN="$(curl -sf -X POST "$BASE/api/dev/token" -H 'content-type: application/json' \
    -d '{"email":"admin@acme.test"}' | json 'd["token"]')" || die "could not sign in as admin@acme.test (local mode?)"
AUTH="Authorization: Bearer $TOKEN"
api_post() { # path body -> prints the body; fails unless 2xx
    local code
    code="$(curl -s -o "$WORK/post.json" -w '%{http_code}' -X POST "$BASE$1" -H "$AUTH" -H 'content-type: application/json' -d "$2")"
    [[ "$code" == 2* ]] || { cat "$WORK/post.json" >&2; echo >&2; die "POST $1 answered $code"; }
    cat "$WORK/post.json"
}
# An endpoint at $RECEIVER/$1 subscribed to $2 -> its id. The benchmark's endpoints subscribe to
# user.promoted, which nothing raises during a run, so only the queued copies reach them (the
# dispatcher sends what is queued; subscriptions matter when an event is staged).
create_endpoint() {
    api_post /api/webhooks "{\"name\":\"bench $1\",\"url\":\"$RECEIVER/$1\",\"events\":[\"${2:-user.promoted}\"]}" | json 'd["endpoint"]["id"]'
}

# --- one real event, the template ------------------------------------------------------------
SAMPLE_ID="$(create_endpoint sample scenario.assigned)"
read -r member scenario < <(sql "
    select m.id, s.id from members m join scenarios s on s.org_id = m.org_id and s.status = 'Published'
    where m.email like '%@acme.test' and m.role = 'Trainee' and m.status = 'Active'
      and not exists (select 1 from assignments a where a.member_id = m.id and a.scenario_id = s.id and a.status <> 'Completed')
    order by m.email, s.created_at limit 1" | tr '|' ' ')
[[ -n "${scenario:-}" ]] || die "no trainee/published scenario pair without an open assignment in the demo data"
api_post /api/assignments "{\"memberId\":\"$member\",\"scenarioId\":\"$scenario\"}" >/dev/null
TEMPLATE=""
for _ in $(seq 100); do
    TEMPLATE="$(sql "select message_id from webhook_deliveries where endpoint_id = '$SAMPLE_ID' and status = 'Succeeded' limit 1")"
    [[ -n "$TEMPLATE" ]] && break
    sleep 0.1
done
[[ -n "$TEMPLATE" ]] || { tail -n 20 "$WORK/api.log" >&2; die "the real scenario.assigned event was not delivered to the receiver"; }
[[ "$(receiver_stats | json 'd.get("sample", {}).get("distinct", 0)')" == 1 ]] || die "the receiver did not record the sample delivery"
say "real event $TEMPLATE (scenario.assigned, $(sql "select length(payload) from webhook_messages where id = '$TEMPLATE'") bytes) delivered; it is the template"

# SQL that queues $1 copies of the template for the endpoints in $2 (a uuid[] literal), due at $3
# (an SQL expression; "m.created_at" = at once). created_at = clock_timestamp() at the insert.
# Rows go in event by event, each event's deliveries together, as the stager writes them.
queue_sql() {
    cat <<SQL
WITH t AS (SELECT id, org_id, event_type, payload FROM webhook_messages WHERE id = '$TEMPLATE'),
msgs AS (
    INSERT INTO webhook_messages (id, org_id, event_type, payload, created_at)
    SELECT n.id, t.org_id, t.event_type, replace(t.payload, t.id::text, n.id::text), clock_timestamp()
    FROM t CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id FROM generate_series(1, $1)) n
    RETURNING id, org_id, event_type, created_at)
INSERT INTO webhook_deliveries (id, org_id, message_id, endpoint_id, event_type, status, attempt_count, run_attempts,
    max_attempts, next_attempt_at, created_at)
SELECT gen_random_uuid(), m.org_id, m.id, e.id, m.event_type, 'Pending', 0, 0, 6, $3, m.created_at
FROM msgs m CROSS JOIN unnest('$2'::uuid[]) WITH ORDINALITY AS e(id, n)
ORDER BY m.created_at, m.id, e.n
SQL
}
pending() { sql "select count(*) from webhook_deliveries where endpoint_id = any('$1'::uuid[]) and status = 'Pending'"; }
# Waits until no delivery of the endpoints in $1 is pending; gives up after $2 seconds.
wait_drained() {
    local deadline=$(( SECONDS + $2 ))
    while (( $(pending "$1") > 0 )); do
        (( SECONDS < deadline )) || return 1
        sleep 0.1
    done
}

# --- CPU accounting (clock ticks), as in bench/run.sh ------------------------------------------
CLK_TCK="$(getconf CLK_TCK)"
NCPU="$(nproc)"
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
PG_PM=""
(( USE_LOCAL_PG )) && PG_PM="$(head -n 1 .local/pg/data/postmaster.pid 2>/dev/null || true)"
pg_ticks() {
    [[ -n "$PG_PM" ]] || { echo 0; return; }
    local sum pid
    sum="$(proc_ticks "$PG_PM")"
    for pid in $(ps -o pid= --ppid "$PG_PM" 2>/dev/null); do sum=$(( sum + $(proc_ticks "$pid") )); done
    echo "$sum"
}
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# "api pg receiver busy total" in ticks, now.
snapshot() { echo "$(proc_ticks "$API_PID") $(pg_ticks) $(proc_ticks "$RECEIVER_PID") $(machine_ticks)"; }
# CPU between two snapshots, in cores: "API x, PG y, receiver z, other w (machine v% busy of N
# cores)", and with a count $3, the CPU time each of API, PG and receiver spent per item.
cpu_between() {
    local a0 p0 r0 b0 t0 a1 p1 r1 b1 t1
    read -r a0 p0 r0 b0 t0 <<<"$1"
    read -r a1 p1 r1 b1 t1 <<<"$2"
    awk -v a=$(( a1 - a0 )) -v p=$(( p1 - p0 )) -v r=$(( r1 - r0 )) -v b=$(( b1 - b0 )) -v t=$(( t1 - t0 )) \
        -v n="$NCPU" -v pg="$PG_PM" -v hz="$CLK_TCK" -v items="${3:-0}" 'BEGIN {
        if (t <= 0) t = 1
        other = b - a - p - r; if (other < 0) other = 0
        printf "API %.2f, PG %s, receiver %.2f, other %.2f cores (machine %.0f%% busy of %d cores)",
            a / t * n, (pg == "" ? "n/a" : sprintf("%.2f", p / t * n)), r / t * n, other / t * n, b / t * 100, n
        if (items > 0)
            printf "; CPU per item: API %.3f ms, PG %s ms, receiver %.3f ms", a / hz * 1000 / items,
                (pg == "" ? "n/a" : sprintf("%.3f", p / hz * 1000 / items)), r / hz * 1000 / items }'
}
# Share of the machine other programs used over $1 seconds, in %.
other_load() {
    local s0 s1 a0 p0 r0 b0 t0 a1 p1 r1 b1 t1
    s0="$(snapshot)"; sleep "$1"; s1="$(snapshot)"
    read -r a0 p0 r0 b0 t0 <<<"$s0"
    read -r a1 p1 r1 b1 t1 <<<"$s1"
    local other=$(( (b1 - b0) - (a1 - a0) - (p1 - p0) - (r1 - r0) ))
    (( other > 0 )) || other=0
    echo $(( other * 100 / (t1 - t0 > 0 ? t1 - t0 : 1) ))
}

# Warm-up: the JIT and the connection pools, on an endpoint of its own.
WARM_ID="$(create_endpoint warm)"
sql "$(queue_sql 3000 "{$WARM_ID}" m.created_at)" >/dev/null
wait_drained "{$WARM_ID}" 120 || die "the warm-up deliveries were not all sent within 120 s"
say "warm-up: 3,000 deliveries sent"

declare -a SUMMARY=()

# --- A. drain ----------------------------------------------------------------------------------
if [[ " $PARTS " == *" A "* ]]; then
    A1="$(create_endpoint drain-a)"; A2="$(create_endpoint drain-b)"
    ids="{$A1,$A2}"
    total=$(( DRAIN_EVENTS * 2 ))
    busy="$(other_load 3)"
    say "A: queueing $DRAIN_EVENTS events x 2 endpoints, due together in 5 s (other programs: ${busy}% of the machine)"
    sql "insert into bench_marks values ('drain_due', clock_timestamp() + interval '5 seconds')
         on conflict (name) do update set at = excluded.at" >/dev/null
    sql "$(queue_sql "$DRAIN_EVENTS" "$ids" "(SELECT at FROM bench_marks WHERE name = 'drain_due')")" >/dev/null
    left="$(sql "select extract(epoch from at - clock_timestamp()) from bench_marks where name = 'drain_due'")"
    awk -v l="$left" 'BEGIN { exit !(l > 0) }' || die "queueing took longer than 5 s; lower BENCH_DRAIN_EVENTS"
    sleep "$left"
    xacts() { sql "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()"; }
    x0="$(xacts)"; c0="$(receiver_connections)"; s0="$(snapshot)"
    wait_drained "$ids" 300 || die "A: not drained within 300 s"
    drained_us="$(now_us)"; s1="$(snapshot)"
    sleep 0.6  # the statistics collector reports every 500 ms
    x1="$(xacts)"; c1="$(receiver_connections)"
    load_arrivals
    read -r got distinct first last due_us < <(sql "
        select count(*), count(distinct (endpoint, id)), min(arrival_us), max(arrival_us),
               (select (extract(epoch from at) * 1e6)::bigint from bench_marks where name = 'drain_due')
        from bench_arrivals where endpoint in ('drain-a', 'drain-b')" | tr '|' ' ')
    succeeded="$(sql "select count(*) from webhook_deliveries where endpoint_id = any('$ids'::uuid[]) and status = 'Succeeded'")"
    rate_db="$(awk -v n="$succeeded" -v a="$due_us" -v b="$drained_us" 'BEGIN { printf "%.0f", n / ((b - a) / 1e6) }')"
    rate_rx="$(awk -v n="$got" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", n / ((b - a) / 1e6) }')"
    secs="$(awk -v a="$due_us" -v b="$drained_us" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')"
    summary "webhook deliveries/s (drain)" "$rate_db" "≥ 1000" "$(meets "$rate_db" ">=" 1000)"
    SUMMARY+=("A. drain: $total deliveries (2 endpoints) due at T0; all succeeded in PostgreSQL after $secs s: $rate_db deliveries/s"
              "   receiver: $got requests, $distinct distinct, over $(( c1 - c0 )) new connections ($c1 since start); first to last arrival: $rate_rx/s; succeeded in DB: $succeeded"
              "   CPU from T0 until the script saw the queue empty: $(cpu_between "$s0" "$s1" "$succeeded")"
              "   PostgreSQL transactions in that time: $(( x1 - x0 )) (the script's own polling included)"
              "   other programs used ${busy}% of the machine just before")
    say "A: $rate_db deliveries/s"
fi

# --- B. steady rate, commit to first attempt ---------------------------------------------------
if [[ " $PARTS " == *" B "* ]]; then
    B1="$(create_endpoint steady)"
    TICK_MS=10
    per_tick=$(( RATE * TICK_MS / 1000 ))
    (( per_tick >= 1 )) || { TICK_MS=$(( 1000 / RATE )); per_tick=1; }
    ticks=$(( STEADY_SECONDS * 1000 / TICK_MS ))
    busy="$(other_load 3)"
    say "B: $RATE events/s for ${STEADY_SECONDS}s ($per_tick per transaction every $TICK_MS ms) to one endpoint (other programs: ${busy}% of the machine)"
    one="$(queue_sql "$per_tick" "{$B1}" m.created_at)"
    c0="$(receiver_connections)"; s0="$(snapshot)"
    # Each tick commits its events; the schedule is absolute, so a slow tick is caught up.
    sql "DO \$\$
        DECLARE started timestamptz := clock_timestamp(); wait double precision;
        BEGIN
            FOR i IN 0..$(( ticks - 1 )) LOOP
                wait := extract(epoch FROM started + i * interval '$TICK_MS milliseconds' - clock_timestamp());
                IF wait > 0 THEN PERFORM pg_sleep(wait); END IF;
                $one;
                COMMIT;
            END LOOP;
        END \$\$" >/dev/null
    s1="$(snapshot)"
    wait_drained "{$B1}" 120 || die "B: not drained within 120 s after the last event"
    c1="$(receiver_connections)"
    load_arrivals
    read -r events span < <(sql "
        select count(*), extract(epoch from max(m.created_at) - min(m.created_at))
        from webhook_messages m join webhook_deliveries d on d.message_id = m.id where d.endpoint_id = '$B1'" | tr '|' ' ')
    achieved="$(awk -v n="$events" -v s="$span" 'BEGIN { printf "%.0f", n / s }')"
    read -r n p50 p95 p99 pmax < <(sql "
        select count(*), round(percentile_cont(0.5) within group (order by ms)::numeric, 1),
               round(percentile_cont(0.95) within group (order by ms)::numeric, 1),
               round(percentile_cont(0.99) within group (order by ms)::numeric, 1), round(max(ms)::numeric, 1)
        from (select (min(a.arrival_us) - extract(epoch from m.created_at) * 1e6) / 1000.0 as ms
              from webhook_deliveries d join webhook_messages m on m.id = d.message_id
              join bench_arrivals a on a.id = m.id and a.endpoint = 'steady'
              where d.endpoint_id = '$B1' group by m.id, m.created_at) x" | tr '|' ' ')
    read -r dp50 dp95 dp99 < <(sql "
        select round(percentile_cont(0.5) within group (order by ms)::numeric, 1),
               round(percentile_cont(0.95) within group (order by ms)::numeric, 1),
               round(percentile_cont(0.99) within group (order by ms)::numeric, 1)
        from (select extract(epoch from a.attempted_at - m.created_at) * 1000 as ms
              from webhook_delivery_attempts a join webhook_deliveries d on d.id = a.delivery_id
              join webhook_messages m on m.id = d.message_id
              where d.endpoint_id = '$B1' and a.attempt_number = 1) x" | tr '|' ' ')
    summary "commit to first attempt p95 at ${RATE} events/s (ms)" "$p95" "< 1000" "$(meets "$p95" "<=" 999)"
    SUMMARY+=("B. steady: $events events committed over ${span%.*} s ($achieved/s achieved), $n of them received, over $(( c1 - c0 )) new connections ($c1 since start)"
              "   commit to first arrival at the receiver: p50 $p50 ms, p95 $p95 ms, p99 $p99 ms, max $pmax ms"
              "   (commit to the first attempt's attempted_at in the delivery log: p50 $dp50 ms, p95 $dp95 ms, p99 $dp99 ms)"
              "   CPU while events were committed (item = event): $(cpu_between "$s0" "$s1" "$events")"
              "   other programs used ${busy}% of the machine just before")
    say "B: p50 $p50 ms, p95 $p95 ms, p99 $p99 ms"
fi

# --- C. kill -9 during delivery ---------------------------------------------------------------
if [[ " $PARTS " == *" C "* ]]; then
    C1="$(create_endpoint fault-a)"; C2="$(create_endpoint fault-b)"
    ids="{$C1,$C2}"
    total=$(( FAULT_EVENTS * 2 ))
    busy="$(other_load 3)"
    say "C: queueing $FAULT_EVENTS events x 2 endpoints; SIGKILL to the API after $FAULT_KILL_AFTER arrivals (other programs: ${busy}% of the machine)"
    sql "insert into bench_marks values ('fault_due', clock_timestamp() + interval '5 seconds')
         on conflict (name) do update set at = excluded.at" >/dev/null
    sql "$(queue_sql "$FAULT_EVENTS" "$ids" "(SELECT at FROM bench_marks WHERE name = 'fault_due')")" >/dev/null
    left="$(sql "select extract(epoch from at - clock_timestamp()) from bench_marks where name = 'fault_due'")"
    awk -v l="$left" 'BEGIN { exit !(l > 0) }' || die "queueing took longer than 5 s; lower BENCH_FAULT_EVENTS"
    sleep "$left"
    arrived=0
    deadline=$(( SECONDS + 60 ))
    until (( arrived >= FAULT_KILL_AFTER )); do
        (( SECONDS < deadline )) || die "C: only $arrived deliveries arrived within 60 s"
        arrived="$(curl -fsS "$RECEIVER/received?endpoint=fault-a&endpoint=fault-b")"
    done
    kill -9 "$API_PID"
    wait "$API_PID" 2>/dev/null || true
    killed_at="$(now_us)"
    at_kill="$(curl -fsS "$RECEIVER/received?endpoint=fault-a&endpoint=fault-b")"
    read -r k_ok k_leased k_free < <(sql "
        select count(*) filter (where status = 'Succeeded'), count(*) filter (where status = 'Pending' and lease_token is not null),
               count(*) filter (where status = 'Pending' and lease_token is null)
        from webhook_deliveries where endpoint_id = any('$ids'::uuid[])" | tr '|' ' ')
    say "C: killed the API with $at_kill deliveries received; database: $k_ok succeeded, $k_leased claimed by the killed instance, $k_free not yet claimed"
    start_api
    say "C: API started again (pid $API_PID); waiting for the claims' leases to run out"
    wait_drained "$ids" 600 || die "C: not every delivery succeeded within 600 s of the restart"
    recovered="$(awk -v a="$killed_at" -v b="$(now_us)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')"
    load_arrivals
    stats="$(receiver_stats)"
    read -r ra da dupa < <(json '" ".join(str(d["fault-a"][k]) for k in ("received", "distinct", "duplicates"))' <<<"$stats")
    read -r rb db dupb < <(json '" ".join(str(d["fault-b"][k]) for k in ("received", "distinct", "duplicates"))' <<<"$stats")
    mism="$(json 'd["_mismatched_ids"] + d["_missing_ids"]' <<<"$stats")"
    # Every (message, endpoint) pair queued must have arrived at that endpoint with the message's id.
    missing="$(sql "
        select count(*) from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.endpoint_id = any('$ids'::uuid[])
          and not exists (select 1 from bench_arrivals a where a.id = d.message_id and a.endpoint = substring(e.url from '[^/]+\$'))")"
    statuses="$(sql "select string_agg(status || ' ' || n, ', ') from (select status, count(*) n from webhook_deliveries where endpoint_id = any('$ids'::uuid[]) group by status) s")"
    attempts="$(sql "select count(*), count(*) filter (where succeeded) from webhook_delivery_attempts where endpoint_id = any('$ids'::uuid[])" | tr '|' ' ')"
    SUMMARY+=("C. fault: $total deliveries ($FAULT_EVENTS events x 2 endpoints); SIGKILL after $at_kill had arrived"
              "   at the kill the database had $k_ok succeeded, $k_leased claimed by the killed instance, $k_free unclaimed"
              "   restarted; every delivery succeeded ${recovered} s after the kill (the lease is ${Webhooks__Lease:-00:01:00})"
              "   receiver fault-a: $ra requests, $da distinct ids, $dupa duplicates"
              "   receiver fault-b: $rb requests, $db distinct ids, $dupb duplicates"
              "   (event, endpoint) pairs never received: $missing; requests without or with differing ids: $mism"
              "   database: $statuses; attempts logged (all, succeeded): $attempts")
    (( da == FAULT_EVENTS && db == FAULT_EVENTS && missing == 0 )) || FAULT_FAILED=1
fi

# --- summary --------------------------------------------------------------------------------------
cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
echo
echo "== Webhook delivery benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $NCPU CPUs ($(uname -m)), ${cpu_model:-unknown CPU model}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "settings: ${settings:-dispatcher defaults (WebhookOptions.cs)}"
for line in "${SUMMARY[@]}"; do echo "$line"; done
if [[ -n "${FAULT_FAILED:-}" ]]; then die "C: some deliveries were lost (see above)"; fi
