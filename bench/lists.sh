#!/usr/bin/env bash
# The list endpoints against their ceiling (see docs/benchmarks.md). From the repository root:
#
#   bash bench/lists.sh
#
# Three read endpoints of the API are measured beside bench/BareLists, a Kestrel + Npgsql
# program that serves the same pages with the same SQL (the tenant switch, the page with one row
# past it and the count only when more pages follow, or the leaderboard's rows) on the same data,
# as JSON of the same shape, with no MVC, EF, MediatR or authentication beyond one static bearer
# string. The bare program is the ceiling on this machine, not a product path; the ratio says how
# much of it the framework layers keep.
#
# What it does:
#   1. checks for wrk (installs it with apt-get when run as root), curl, python3, psql, dotnet;
#   2. with no DATABASE_URL, starts the private PostgreSQL cluster (scripts/pg.sh) and uses a
#      database of its own, "voicetraining_bench_lists" (stopping the cluster again at the end
#      if this script started it); with DATABASE_URL, uses that database as it is;
#   3. builds the API and bench/BareLists in Release;
#   4. starts the API on 127.0.0.1:$BENCH_PORT (Development for the demo seed and
#      POST /api/dev/token, warnings-only logging, background workers off, rate limiter off
#      unless RateLimiting__Enabled is set) and signs in as manager@acme.test;
#   5. makes sure the demo organization has $BENCH_SCENARIOS scenarios (through the API) and
#      $BENCH_ATTEMPTS completed, scored attempts that ended within the leaderboard's month,
#      spread over its members (inserted with SQL, as bench/webhooks.sh does);
#   6. starts the bare program on 127.0.0.1:$BENCH_BARE_PORT for the same organization and member,
#      and checks that both answer each endpoint with the same number of items;
#   7. warms each endpoint up on each server for $BENCH_WARMUP, then for each endpoint runs
#      $BENCH_ROUNDS rounds of wrk on the API followed by wrk on the bare program, so that
#      whatever else the machine does falls on both alike;
#   8. prints, per endpoint, mean req/s of each, the ratio, the API's worst p99 of the rounds,
#      CPU per request, and whether the goal (ratio >= 70 %, API p99 <= 50 ms) is met; and the
#      machine (cores, CPU model, load average before and after the measurement).
#
# It exits non-zero when more than 1 % of the responses of any run are not 2xx (or a run
# could not be read), when the two servers disagree on the number of items, or on any set-up
# failure. Traffic goes to 127.0.0.1 only.
#
# Environment (all optional):
#   DATABASE_URL         database to use instead of the private cluster (URL form: psql reads it too)
#   BENCH_PORT           API port on 127.0.0.1 (default 8098)
#   BENCH_BARE_PORT      bare program's port on 127.0.0.1 (default 8099)
#   BENCH_DURATION       length of each measured wrk run (default 15s)
#   BENCH_WARMUP         warm-up per endpoint and server (default 30s); the JIT needs it
#   BENCH_ROUNDS         API/bare pairs of runs per endpoint (default 2)
#   BENCH_THREADS        wrk threads (default 2)
#   BENCH_CONNECTIONS    wrk connections (default 32)
#   BENCH_SCENARIOS      scenarios the demo organization must have (default 50)
#   BENCH_ATTEMPTS       completed attempts it must have in the last 25 days (default 200)
#   BENCH_DB_OPTIONS     extra Npgsql connection options for the private cluster (as in run.sh);
#                        both programs get them
#   BENCH_SUMMARY_FILE   also write "name<TAB>figure<TAB>goal<TAB>met" lines there, e.g.
#                        "scenarios list ratio<TAB>62 %<TAB>≥ 70 %<TAB>no"
# Both programs inherit the environment, so runtime settings (DOTNET_*) apply to both.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PORT="${BENCH_PORT:-8098}"
BARE_PORT="${BENCH_BARE_PORT:-8099}"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-30s}"
ROUNDS="${BENCH_ROUNDS:-2}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
SCENARIOS="${BENCH_SCENARIOS:-50}"
ATTEMPTS="${BENCH_ATTEMPTS:-200}"
SUMMARY_FILE="${BENCH_SUMMARY_FILE:-}"
PAGE_SIZE=50
READY_TIMEOUT=90
BENCH_DB="voicetraining_bench_lists"
PG="scripts/pg.sh"
API="http://127.0.0.1:$PORT"
BARE="http://127.0.0.1:$BARE_PORT"
# The goal: the API keeps at least this share of the ceiling, at this p99 or better.
GOAL_RATIO=70
GOAL_P99_MS=50

# name | path: the same request on both servers.
ENDPOINTS=(
    "scenarios list|/api/scenarios?pageSize=$PAGE_SIZE"
    "attempts list|/api/attempts?status=completed&pageSize=$PAGE_SIZE"
    "leaderboard|/api/leaderboard"
)

say() { echo "lists: $*" >&2; }
die() { echo "lists: $*" >&2; exit 1; }

for p in "$PORT" "$BARE_PORT"; do
    if ! [[ "$p" =~ ^[1-9][0-9]{0,4}$ ]] || (( p > 65535 )); then die "ports must be TCP port numbers, got '$p'"; fi
done
(( PORT != BARE_PORT )) || die "BENCH_PORT and BENCH_BARE_PORT must differ"
for n in ROUNDS SCENARIOS ATTEMPTS; do
    [[ "${!n}" =~ ^[0-9]+$ ]] || die "BENCH_$n must be a number, got '${!n}'"
done
(( ROUNDS >= 1 )) || die "BENCH_ROUNDS must be at least 1"
(( SCENARIOS >= PAGE_SIZE )) || die "BENCH_SCENARIOS must be at least $PAGE_SIZE (the page size measured)"
# The manager sees four of the five demo members' attempts; a full page needs a few more than 50.
(( ATTEMPTS >= 2 * PAGE_SIZE )) || die "BENCH_ATTEMPTS must be at least $(( 2 * PAGE_SIZE ))"

# --- tools ---------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    if (( EUID == 0 )) && command -v apt-get >/dev/null; then
        say "wrk not found; installing it (apt-get)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
        command -v wrk >/dev/null || die "installing wrk failed"
    else
        die "wrk is not installed; install it (e.g. 'sudo apt-get install wrk') and run this again"
    fi
fi
for tool in curl python3 dotnet psql; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done

json() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

port_in_use() {
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# --- clean-up ------------------------------------------------------------------
WORK="$(mktemp -d)"
API_PID=""
BARE_PID=""
STOP_PG=0
stop_pid() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    stop_pid "$BARE_PID"
    stop_pid "$API_PID"
    if (( STOP_PG )); then bash "$PG" stop >/dev/null || true; fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- database ------------------------------------------------------------------
if [[ -z "${DATABASE_URL:-}" ]]; then
    bash "$PG" status >/dev/null || STOP_PG=1
    bash "$PG" start
    admin_url="$(bash "$PG" url postgres)"
    if [[ "$(psql -X -qtA -d "$admin_url" -c "select 1 from pg_database where datname = '$BENCH_DB'")" != 1 ]]; then
        psql -X -q -v ON_ERROR_STOP=1 -d "$admin_url" -c "create database \"$BENCH_DB\"" >/dev/null
        say "created database $BENCH_DB"
    fi
    DATABASE_URL="$(bash "$PG" url "$BENCH_DB")"
    if [[ -n "${BENCH_DB_OPTIONS:-}" ]]; then
        # "Key=value;Key=value" -> ?Key=value&Key=value (DATABASE_URL's query is passed to Npgsql).
        DATABASE_URL+="?$(python3 -c 'import sys, urllib.parse as u; print("&".join(u.quote(k.strip()) + "=" + u.quote(v.strip()) for k, v in (p.split("=", 1) for p in sys.argv[1].split(";") if p.strip())))' "$BENCH_DB_OPTIONS")"
        say "connection options: $BENCH_DB_OPTIONS"
    fi
    say "database: $BENCH_DB on the local cluster"
else
    say "database: the one in DATABASE_URL"
fi
export DATABASE_URL
[[ "$DATABASE_URL" =~ ^postgres(ql)?:// ]] || die "DATABASE_URL must be a postgresql:// URL here (psql inserts the attempts)"
# psql takes libpq's URI parameters only; the Npgsql options in the query are for the two programs.
PSQL_URL="${DATABASE_URL%%\?*}"
sql() { psql -X -qtA -v ON_ERROR_STOP=1 -d "$PSQL_URL" "$@"; }

# --- build -----------------------------------------------------------------------
say "building the API and bench/BareLists (Release)"
for project in src/Api bench/BareLists; do
    dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log" >&2; die "building $project failed"; }
done
API_DLL="$(dotnet msbuild src/Api -nologo -getProperty:TargetPath -p:Configuration=Release)"
BARE_DLL="$(dotnet msbuild bench/BareLists -nologo -getProperty:TargetPath -p:Configuration=Release)"
[[ -f "$API_DLL" && -f "$BARE_DLL" ]] || die "built programs not found ('$API_DLL', '$BARE_DLL')"

port_in_use "$PORT" && die "port $PORT on 127.0.0.1 is in use; choose another with BENCH_PORT=NNNN"
port_in_use "$BARE_PORT" && die "port $BARE_PORT on 127.0.0.1 is in use; choose another with BENCH_BARE_PORT=NNNN"

# --- the API ---------------------------------------------------------------------
say "starting the API on $API"
# Started from src/Api, as `make run` does, so the content root (appsettings.json) is the same.
(
    cd src/Api
    # One local client sends everything: the per-client rate limiter would be what is measured.
    # No background work (digests, webhooks, recordings) competes with the requests.
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$API" \
           Logging__LogLevel__Default=Warning DOTNET_CLI_TELEMETRY_OPTOUT=1 \
           RateLimiting__Enabled="${RateLimiting__Enabled:-false}" Workers__Enabled=false
    exec dotnet "$API_DLL"
) >"$WORK/api.log" 2>&1 &
API_PID=$!

wait_ready() { # name pid url [auth header]
    local name=$1 pid=$2 url=$3 header=${4:-} deadline=$(( SECONDS + READY_TIMEOUT ))
    local -a h=()
    [[ -z "$header" ]] || h=(-H "$header")
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "${h[@]}" "$url" 2>/dev/null || true)" == 200 ]]; do
        if ! kill -0 "$pid" 2>/dev/null || (( SECONDS >= deadline )); then
            echo "---- $name log (last lines) ----" >&2; tail -n 40 "$WORK/$name.log" >&2; echo "----" >&2
            die "$name did not become ready ($url)"
        fi
        sleep 0.5
    done
}
wait_ready api "$API_PID" "$API/readyz"
say "API ready (pid $API_PID)"

TOKEN="$(curl -sf -X POST "$API/api/dev/token" -H 'content-type: application/json' \
    -d '{"email":"manager@acme.test"}' | json 'd["token"]')" \
    || die "could not get a token for manager@acme.test (is the API in local mode?)"
API_AUTH="Authorization: Bearer $TOKEN"
api_get() { curl -sf -H "$API_AUTH" "$API$1"; }

# --- data ----------------------------------------------------------------------------
read -r ORG_ID MEMBER_ID < <(sql -F ' ' -c "select org_id, id from members where email = 'manager@acme.test'") \
    || die "the demo manager is not in the database"
[[ -n "${MEMBER_ID:-}" ]] || die "the demo manager is not in the database"

have="$(api_get '/api/scenarios?pageSize=1' | json 'd["totalCount"]')" || die "GET /api/scenarios failed"
if (( have < SCENARIOS )); then
    persona="$(api_get '/api/personas?pageSize=1' | json 'd["items"][0]["id"]')" \
        || die "the demo organization has no persona to create scenarios with"
    say "creating $(( SCENARIOS - have )) scenarios (the organization has $have)"
    for (( i = have + 1; i <= SCENARIOS; i++ )); do
        body="$(python3 - "$i" "$persona" <<'EOF'
import json, sys
n, persona = sys.argv[1], sys.argv[2]
print(json.dumps({
    "title": f"Benchmark scenario {n}",
    "description": "A cold call to book a discovery meeting; created by bench/lists.sh.",
    "personaId": persona,
    "aiPrompt": "You are a busy operations manager at a mid-sized lender. You take a cold call, "
                "raise one objection about price and agree to a meeting only if the caller asks clearly.",
    "rubric": [{"name": "Asks for the meeting", "weight": 1, "kind": "required_phrases", "phrases": ["meeting"]}],
    "passingThreshold": 70,
}))
EOF
)"
        code="$(curl -s -o "$WORK/create.json" -w '%{http_code}' -X POST "$API/api/scenarios" \
            -H "$API_AUTH" -H 'content-type: application/json' -d "$body")"
        [[ "$code" == 201 ]] || { cat "$WORK/create.json" >&2; echo >&2; die "creating a scenario answered $code"; }
    done
fi

# Completed, scored attempts within the leaderboard's default month (the last 25 days, so a
# database reused later still has them in the window), round-robin over the organization's
# members and published scenarios, with a KPI document of the shape the analyzer writes.
have="$(sql -c "select count(*) from scenario_attempts where org_id = '$ORG_ID' and status = 'Completed' and score is not null and ended_at >= now() - interval '25 days'")"
if (( have < ATTEMPTS )); then
    say "inserting $(( ATTEMPTS - have )) completed attempts (the organization has $have recent ones)"
    sql -v org="$ORG_ID" -v need="$(( ATTEMPTS - have ))" >/dev/null <<'SQL'
WITH m AS (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
    FROM members WHERE org_id = :'org'
), s AS (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
    FROM scenarios WHERE org_id = :'org' AND status = 'Published'
), g AS (
    SELECT i, now() - (i % 24) * interval '1 day' - (i % 600) * interval '1 minute' AS ended,
           150 + (i * 13) % 240 AS secs
    FROM generate_series(1, :need) AS i
)
INSERT INTO scenario_attempts (id, org_id, member_id, scenario_id, status, started_at, ended_at,
    duration_seconds, transcript, kpis, score, criterion_scores, feedback, recording_status,
    created_at, updated_at)
SELECT gen_random_uuid(), :'org', m.id, s.id, 'Completed', g.ended - g.secs * interval '1 second', g.ended,
    g.secs, '[]',
    jsonb_build_object(
        'callDurationSeconds', g.secs, 'turnCount', 24 + g.i % 9, 'traineeTurnCount', 12 + g.i % 5,
        'aiTurnCount', 12 + g.i % 4, 'traineeTalkSeconds', round(g.secs * 0.45, 1),
        'aiTalkSeconds', round(g.secs * 0.5, 1), 'traineeSharePercent', 30 + (g.i * 7) % 35 + 0.5,
        'aiSharePercent', 70 - (g.i * 7) % 35 - 0.5, 'talkListenRatio', '45:55',
        'traineeWordCount', 300 + g.i % 200, 'wordsPerMinute', 110 + (g.i * 11) % 70 + 0.25,
        'fillerWordCount', g.i % 9, 'fillerWordsPerMinute', round((g.i % 9) / 3.0, 2),
        'fillerWords', jsonb_build_array(jsonb_build_object('word', 'um', 'count', g.i % 9)),
        'longestMonologueSeconds', 20 + (g.i * 3) % 50 + 0.7, 'questionsAsked', g.i % 8,
        'speakerSwitches', 22 + g.i % 10, 'switchesPerMinute', round((22 + g.i % 10) * 60.0 / g.secs, 2),
        'patienceSeconds', round(0.4 + (g.i % 12) / 10.0, 2), 'patienceSamples', 11, 'interruptions', g.i % 3),
    40 + (g.i * 37) % 61, '[]', 'Generated for bench/lists.sh.', 'None',
    g.ended - g.secs * interval '1 second', g.ended
FROM g
JOIN m ON m.k = g.i % m.n
JOIN s ON s.k = g.i % s.n;
SQL
fi

# --- the bare program ------------------------------------------------------------------
BARE_TOKEN="bare_$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
BARE_AUTH="Authorization: Bearer $BARE_TOKEN"
say "starting the bare program on $BARE"
ASPNETCORE_URLS="$BARE" DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    dotnet "$BARE_DLL" --Bare:OrgId="$ORG_ID" --Bare:MemberId="$MEMBER_ID" --Bare:Token="$BARE_TOKEN" \
    >"$WORK/bare.log" 2>&1 &
BARE_PID=$!
wait_ready bare "$BARE_PID" "$BARE/api/leaderboard" "$BARE_AUTH"
say "bare program ready (pid $BARE_PID)"

# --- same answers ---------------------------------------------------------------------
# Both must serve the same page: the same number of items (and total), else the ratio compares
# different work. A document that differs otherwise is reported (the leaderboard's "from" is
# the time of the request, so it is left out).
for entry in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name path <<<"$entry"
    for side in api bare; do
        if [[ $side == api ]]; then url="$API$path"; header="$API_AUTH"; else url="$BARE$path"; header="$BARE_AUTH"; fi
        code="$(curl -s -o "$WORK/$side.json" -w '%{http_code}' -H "$header" "$url")"
        [[ "$code" == 200 ]] || { head -c 600 "$WORK/$side.json" >&2; echo >&2; die "$side: GET $path answered $code"; }
    done
    verdict="$(python3 - "$WORK/api.json" "$WORK/bare.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def count(d):
    return len(d["items"] if "items" in d else d["entries"])
def total(d):
    return d.get("totalCount", count(d))
for d in (a, b):
    d.pop("from", None)
print(count(a), count(b), total(a), total(b), "same" if a == b else "different")
EOF
)"
    read -r n_api n_bare t_api t_bare same <<<"$verdict"
    (( n_api == n_bare && t_api == t_bare )) \
        || die "GET $path: the API returned $n_api items (of $t_api), the bare program $n_bare (of $t_bare)"
    if [[ "$path" == *pageSize=* ]]; then
        (( n_api == PAGE_SIZE )) || die "GET $path returned $n_api items, expected a full page of $PAGE_SIZE"
    else
        (( n_api > 0 )) || die "GET $path returned no entries"
    fi
    [[ "$same" == same ]] || say "warning: GET $path: same number of items, but the documents differ"
    say "GET $path: $n_api items (of $t_api) from both, $(stat -c %s "$WORK/api.json") / $(stat -c %s "$WORK/bare.json") bytes (API / bare), documents $same"
done

# --- measure --------------------------------------------------------------------------
CLK_TCK="$(getconf CLK_TCK)"
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

run_wrk() { # url auth-header output duration [wrk options]
    local url=$1 header=$2 out=$3 duration=$4
    shift 4
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" -H "$header" "$@" "$url" >"$out"
}

for entry in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name path <<<"$entry"
    say "warming up $name: $WARMUP on the API, $WARMUP on the bare program"
    run_wrk "$API$path" "$API_AUTH" "$WORK/warm.txt" "$WARMUP"
    run_wrk "$BARE$path" "$BARE_AUTH" "$WORK/warm.txt" "$WARMUP"
done

# requests/s, p50, p99 (ms), requests, non-2xx/3xx, socket errors
parse_wrk() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
            if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
            return v + 0
        }
        /^Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }  /^ +99%/ { p99 = ms($2) }
        / requests in / { reqs = $1 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { n = split($0, f, /[ ,]+/); for (i = 1; i <= n; i++) if (f[i] ~ /^[0-9]+$/) errs += f[i] }
        END { printf "%.2f %.2f %.2f %d %d %d\n", rps, p50, p99, reqs, bad, errs }
    ' "$1"
}

LOAD_BEFORE="$(loadavg)"
FAILED=0
declare -a RUNS=()
for entry in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name path <<<"$entry"
    for (( round = 1; round <= ROUNDS; round++ )); do
        for side in api bare; do
            if [[ $side == api ]]; then url="$API$path"; header="$API_AUTH"; pid=$API_PID
            else url="$BARE$path"; header="$BARE_AUTH"; pid=$BARE_PID; fi
            out="$WORK/run-${name// /_}-$round-$side.txt"
            say "$name, round $round/$ROUNDS: $side for $DURATION ($THREADS threads, $CONNECTIONS connections)"
            c0="$(proc_ticks "$pid")"
            run_wrk "$url" "$header" "$out" "$DURATION" --latency
            c1="$(proc_ticks "$pid")"
            read -r rps p50 p99 reqs bad errs < <(parse_wrk "$out")
            if (( reqs == 0 )); then
                cat "$out" >&2
                say "!! $name, $side, round $round: no requests completed"
                FAILED=1
                continue
            fi
            # More than 1 % of answers that are not 2xx means something else than the list was measured.
            if (( bad * 100 > reqs )); then
                cat "$out" >&2
                say "!! $name, $side, round $round: $bad of $reqs responses were not 2xx (more than 1 %)"
                FAILED=1
            fi
            (( errs == 0 )) || say "warning: $name, $side, round $round: $errs socket errors (connect/read/write/timeout)"
            cpu_ms="$(awk -v t=$(( c1 - c0 )) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.3f", t * 1000 / hz / n }')"
            say "  $rps req/s, p50 $p50 ms, p99 $p99 ms, $reqs requests, $bad not 2xx, $cpu_ms ms CPU per request"
            RUNS+=("$name|$side|$round|$rps|$p50|$p99|$reqs|$bad|$cpu_ms")
        done
    done
done
LOAD_AFTER="$(loadavg)"

# --- report ---------------------------------------------------------------------------
echo
echo "Per run (wrk -t$THREADS -c$CONNECTIONS -d$DURATION; the API and the bare program in turn):"
printf '%-16s %-5s %5s %10s %9s %9s %10s %8s %12s\n' endpoint side round 'req/s' 'p50 ms' 'p99 ms' requests 'not 2xx' 'CPU ms/req'
for r in "${RUNS[@]}"; do
    IFS='|' read -r name side round rps p50 p99 reqs bad cpu <<<"$r"
    printf '%-16s %-5s %5s %10s %9s %9s %10s %8s %12s\n' "$name" "$side" "$round" "$rps" "$p50" "$p99" "$reqs" "$bad" "$cpu"
done

echo
echo "Goal: the API at >= $GOAL_RATIO % of the bare program's req/s, with p99 <= $GOAL_P99_MS ms."
echo "(req/s and CPU: means over $ROUNDS round(s); API p99: the worst round.)"
printf '%-16s %10s %10s %8s %12s %13s %14s  %s\n' endpoint 'API req/s' 'bare req/s' ratio 'API p99 ms' 'API CPU ms/rq' 'bare CPU ms/rq' 'goal met'
[[ -z "$SUMMARY_FILE" ]] || : >"$SUMMARY_FILE"
for entry in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name _ <<<"$entry"
    line="$(printf '%s\n' "${RUNS[@]}" | awk -F'|' -v name="$name" -v gr="$GOAL_RATIO" -v gp="$GOAL_P99_MS" '
        $1 == name && $2 == "api"  { ar += $4; ac += $9; an++; if ($6 > ap) ap = $6 }
        $1 == name && $2 == "bare" { br += $4; bc += $9; bn++ }
        END {
            if (an == 0 || bn == 0 || br == 0) { print "-|-|-|-|-|-|no|no|no"; exit }
            a = ar / an; b = br / bn; ratio = a * 100 / b
            rok = ratio >= gr ? "yes" : "no"; pok = ap <= gp ? "yes" : "no"
            printf "%.0f|%.0f|%.0f|%.2f|%.3f|%.3f|%s|%s|%s\n", a, b, ratio, ap, ac / an, bc / bn,
                rok, pok, (rok == "yes" && pok == "yes") ? "yes" : "no"
        }')"
    IFS='|' read -r a b ratio p99 ac bc rok pok ok <<<"$line"
    printf '%-16s %10s %10s %8s %12s %13s %14s  %s\n' "$name" "$a" "$b" "$ratio %" "$p99" "$ac" "$bc" \
        "$ok (ratio $rok, p99 $pok)"
    if [[ -n "$SUMMARY_FILE" ]]; then
        printf '%s ratio\t%s %%\t≥ %s %%\t%s\n' "$name" "$ratio" "$GOAL_RATIO" "$rok" >>"$SUMMARY_FILE"
        printf '%s p99\t%s ms\t≤ %s ms\t%s\n' "$name" "$p99" "$GOAL_P99_MS" "$pok" >>"$SUMMARY_FILE"
    fi
done
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average before $LOAD_BEFORE, after $LOAD_AFTER"
echo "(wrk, both servers and PostgreSQL share these cores; only one server is under load at a time.)"
if (( FAILED )); then
    die "some runs failed (see above); the figures are not valid"
fi
