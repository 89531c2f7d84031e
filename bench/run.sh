#!/usr/bin/env bash
# HTTP benchmark of the API (see docs/benchmarks.md). From the repository root:
#
#   bash bench/run.sh        (or: make bench)
#
# What it does:
#   1. checks for wrk (installs it with apt-get when run as root);
#   2. with no DATABASE_URL, starts the private PostgreSQL cluster (scripts/pg.sh)
#      and uses a database of its own, "voicetraining_bench", so benchmark data
#      never mixes with the data of `make run`; a cluster this script started is
#      stopped again at the end;
#   3. builds the API in Release and starts it on 127.0.0.1:$BENCH_PORT in
#      Development (migrations, demo organization, local-mode sign-in), logging
#      warnings only;
#   4. signs in as manager@acme.test (POST /api/dev/token);
#   5. makes sure the demo organization has at least $BENCH_SCENARIOS scenarios;
#   6. warms up, then runs wrk against GET /api/scenarios?pageSize=50 (with the
#      bearer token) and GET /healthz;
#   7. prints requests/s and latency percentiles per endpoint, the machine, and
#      the API's peak resident memory.
#
# Traffic goes to 127.0.0.1 only. wrk, the API and PostgreSQL share the machine's
# cores, so the figures are for the whole stack on one host.
#
# Environment (all optional):
#   DATABASE_URL         database to use instead of the private cluster
#   BENCH_PORT           API port on 127.0.0.1 (default 8090)
#   BENCH_DURATION       length of each measured wrk run (default 20s)
#   BENCH_WARMUP         length of the warm-up run per endpoint (default 5s)
#   BENCH_THREADS        wrk threads (default 2)
#   BENCH_CONNECTIONS    wrk connections (default 32)
#   BENCH_SCENARIOS      scenarios the demo organization must have (default 50)
#   BENCH_KEEP_API=1     leave the API running after the run (prints its pid)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PORT="${BENCH_PORT:-8090}"
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-5s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
SCENARIOS="${BENCH_SCENARIOS:-50}"
PAGE_SIZE=50
READY_TIMEOUT=60
BENCH_DB="voicetraining_bench"
PG="scripts/pg.sh"
BASE="http://127.0.0.1:$PORT"
SCENARIOS_PATH="/api/scenarios?pageSize=$PAGE_SIZE"

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

if ! [[ "$PORT" =~ ^[1-9][0-9]{0,4}$ ]] || (( PORT > 65535 )); then
    die "BENCH_PORT must be a TCP port number, got '$PORT'"
fi
[[ "$SCENARIOS" =~ ^[0-9]+$ ]] || die "BENCH_SCENARIOS must be a number, got '$SCENARIOS'"
(( SCENARIOS >= PAGE_SIZE )) || die "BENCH_SCENARIOS must be at least $PAGE_SIZE (the page size measured)"

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
for tool in curl python3 dotnet; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done

# JSON from stdin; prints the Python expression $1 evaluated with the document as `d`.
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

port_in_use() {
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hltn "sport = :$PORT" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
    fi
}

# --- clean-up ------------------------------------------------------------------
WORK="$(mktemp -d)"
API_PID=""
STOP_PG=0
cleanup() {
    local rc=$?
    if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
        if [[ "${BENCH_KEEP_API:-0}" == 1 && $rc -eq 0 ]]; then
            say "API left running (pid $API_PID) on $BASE"
        else
            kill "$API_PID" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$API_PID" 2>/dev/null || break; sleep 0.2; done
            kill -9 "$API_PID" 2>/dev/null || true
            wait "$API_PID" 2>/dev/null || true
        fi
    fi
    if (( STOP_PG )) && [[ "${BENCH_KEEP_API:-0}" != 1 ]]; then bash "$PG" stop || true; fi
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
    command -v psql >/dev/null || die "psql is needed to create the $BENCH_DB database"
    admin_url="$(bash "$PG" url postgres)"
    if [[ "$(psql -X -qtA -d "$admin_url" -c "select 1 from pg_database where datname = '$BENCH_DB'")" != 1 ]]; then
        psql -X -q -v ON_ERROR_STOP=1 -d "$admin_url" -c "create database \"$BENCH_DB\"" >/dev/null
        say "created database $BENCH_DB"
    fi
    DATABASE_URL="$(bash "$PG" url "$BENCH_DB")"
    say "database: $BENCH_DB on the local cluster"
else
    say "database: the one in DATABASE_URL"
fi

# --- build and start the API -------------------------------------------------------
say "building the API (Release)"
dotnet build src/Api -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; die "the build failed"; }
API_DLL="$(dotnet msbuild src/Api -nologo -getProperty:TargetPath -p:Configuration=Release)"
[[ -f "$API_DLL" ]] || die "built API not found (TargetPath '$API_DLL')"

port_in_use && die "port $PORT on 127.0.0.1 is already in use; stop that program or choose another port with BENCH_PORT=NNNN"

say "starting the API on $BASE"
# Started from src/Api, as `make run` does, so the content root (appsettings.json) is the same.
(
    cd src/Api
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$BASE" \
           Logging__LogLevel__Default=Warning DATABASE_URL DOTNET_CLI_TELEMETRY_OPTOUT=1
    exec dotnet "$API_DLL"
) >"$WORK/api.log" 2>&1 &
API_PID=$!

api_log_tail() { echo "---- API log (last lines) ----" >&2; tail -n 40 "$WORK/api.log" >&2; echo "----" >&2; }
deadline=$(( SECONDS + READY_TIMEOUT ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" 2>/dev/null || true)" == 200 ]]; do
    kill -0 "$API_PID" 2>/dev/null || { api_log_tail; die "the API exited during start-up"; }
    (( SECONDS < deadline )) || { api_log_tail; die "the API was not ready within ${READY_TIMEOUT}s ($BASE/readyz)"; }
    sleep 0.5
done
say "API ready (pid $API_PID)"

# --- sign in and data ----------------------------------------------------------------
TOKEN="$(curl -sf -X POST "$BASE/api/dev/token" -H 'content-type: application/json' \
    -d '{"email":"manager@acme.test"}' | json 'd["token"]')" \
    || die "could not get a token for manager@acme.test (is the API in local mode?)"
AUTH="Authorization: Bearer $TOKEN"

api_get() { curl -sf -H "$AUTH" "$BASE$1"; }

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
    "description": "A cold call to book a discovery meeting; created by bench/run.sh.",
    "personaId": persona,
    "aiPrompt": "You are a busy operations manager at a mid-sized lender. You take a cold call, "
                "raise one objection about price and agree to a meeting only if the caller asks clearly.",
    "rubric": [{"name": "Asks for the meeting", "weight": 1, "kind": "required_phrases", "phrases": ["meeting"]}],
    "passingThreshold": 70,
}))
EOF
)"
        code="$(curl -s -o "$WORK/create.json" -w '%{http_code}' -X POST "$BASE/api/scenarios" \
            -H "$AUTH" -H 'content-type: application/json' -d "$body")"
        [[ "$code" == 201 ]] || { cat "$WORK/create.json" >&2; echo >&2; die "creating a scenario answered $code"; }
    done
fi

# The measured request must be a full page of scenarios.
code="$(curl -s -o "$WORK/page.json" -w '%{http_code}' -H "$AUTH" "$BASE$SCENARIOS_PATH")"
[[ "$code" == 200 ]] || { cat "$WORK/page.json" >&2; echo >&2; die "GET $SCENARIOS_PATH answered $code"; }
items="$(json 'len(d["items"])' <"$WORK/page.json")"
(( items == PAGE_SIZE )) || die "GET $SCENARIOS_PATH returned $items items, expected $PAGE_SIZE"
page_bytes="$(stat -c %s "$WORK/page.json")"
total="$(json 'd["totalCount"]' <"$WORK/page.json")"
say "GET $SCENARIOS_PATH: 200, $items of $total scenarios, $page_bytes bytes"
code="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")"
[[ "$code" == 200 ]] || die "GET /healthz answered $code"

# --- measure --------------------------------------------------------------------------
# CPU time (user + system, in clock ticks) the API process has used so far.
api_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$API_PID/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

NAMES=("GET $SCENARIOS_PATH" "GET /healthz")
declare -a RESULTS=()
FAILED=0

run_wrk() { # path auth-header(or empty) output-file duration [wrk options]
    local path=$1 header=$2 out=$3 duration=$4
    shift 4
    local -a args=(-t"$THREADS" -c"$CONNECTIONS" -d"$duration" "$@")
    [[ -z "$header" ]] || args+=(-H "$header")
    wrk "${args[@]}" "$BASE$path" >"$out"
}

say "warming up ($WARMUP per endpoint)"
run_wrk "$SCENARIOS_PATH" "$AUTH" "$WORK/warm1.txt" "$WARMUP"
run_wrk /healthz "" "$WORK/warm2.txt" "$WARMUP"

for idx in 0 1; do
    name="${NAMES[$idx]}"
    if (( idx == 0 )); then path="$SCENARIOS_PATH"; header="$AUTH"; else path=/healthz; header=""; fi
    say "measuring $name for $DURATION ($THREADS threads, $CONNECTIONS connections)"
    t0="$(api_ticks)"; s0="$(date +%s.%N)"
    run_wrk "$path" "$header" "$WORK/run$idx.txt" "$DURATION" --latency
    t1="$(api_ticks)"; s1="$(date +%s.%N)"
    echo "---- wrk: $name" >&2
    cat "$WORK/run$idx.txt" >&2
    cpu="$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$CLK_TCK" \
        'BEGIN { printf "%.0f", (b - a) / hz / (e - s) * 100 }')"
    # requests/s, p50, p90, p99 (ms), requests, non-2xx/3xx, socket errors
    parsed="$(awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
            if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
            return v + 0
        }
        /^Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }  /^ +90%/ { p90 = ms($2) }  /^ +99%/ { p99 = ms($2) }
        / requests in / { reqs = $1 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { n = split($0, f, /[ ,]+/); for (i = 1; i <= n; i++) if (f[i] ~ /^[0-9]+$/) errs += f[i] }
        END { printf "%s %.2f %.2f %.2f %s %d %d\n", rps, p50, p90, p99, reqs, bad, errs }
    ' "$WORK/run$idx.txt")"
    read -r rps p50 p90 p99 reqs bad errs <<<"$parsed"
    [[ -n "$rps" && "$rps" != 0 ]] || die "could not read wrk's output for $name"
    if (( bad > 0 || errs > 0 )); then FAILED=1; fi
    RESULTS+=("$name|$rps|$p50|$p90|$p99|$reqs|$bad|$errs|$cpu")
done

peak_rss="$(awk '/^VmHWM:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$API_PID/status" 2>/dev/null || true)"

# --- summary --------------------------------------------------------------------------
cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
echo
echo "== Benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) CPUs ($(uname -m)), ${cpu_model:-unknown CPU model}"
echo "wrk:      $THREADS threads, $CONNECTIONS connections, $DURATION per endpoint (after a $WARMUP warm-up)"
echo "data:     $total scenarios in the organization; the list page is $items items, $page_bytes bytes"
echo
printf '%-32s %10s %9s %9s %9s %10s %8s\n' endpoint 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' requests 'API CPU'
for r in "${RESULTS[@]}"; do
    IFS='|' read -r name rps p50 p90 p99 reqs bad errs cpu <<<"$r"
    printf '%-32s %10s %9s %9s %9s %10s %7s%%\n' "$name" "$rps" "$p50" "$p90" "$p99" "$reqs" "$cpu"
    (( bad == 0 )) || echo "  !! $bad responses were not 2xx/3xx"
    (( errs == 0 )) || echo "  !! $errs socket errors (connect/read/write/timeout)"
done
echo
echo "API peak RSS (VmHWM): ${peak_rss:-not readable}"
echo "API CPU is the API process's CPU time during the run (100% = one core of $(nproc))."
if (( FAILED )); then
    die "some requests failed (see above); the figures are not valid"
fi
