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
#   7. prints requests/s and latency percentiles per endpoint, the CPU the API,
#      PostgreSQL, wrk and everything else used during each run, the machine,
#      and the API's peak resident memory.
#
# Traffic goes to 127.0.0.1 only. wrk, the API and PostgreSQL share the machine's
# cores, so the figures are for the whole stack on one host.
#
# Environment (all optional):
#   DATABASE_URL         database to use instead of the private cluster
#   BENCH_PORT           API port on 127.0.0.1 (default 8090)
#   BENCH_DURATION       length of each measured wrk run (default 20s)
#   BENCH_WARMUP         length of the warm-up on the scenarios list (default 30s;
#                        /healthz gets 5s); the JIT needs a while under load
#                        before the API reaches its steady state
#   BENCH_THREADS        wrk threads (default 2)
#   BENCH_CONNECTIONS    wrk connections (default 32)
#   BENCH_SCENARIOS      scenarios the demo organization must have (default 50)
#   BENCH_DB_OPTIONS     extra Npgsql connection options for the private cluster,
#                        e.g. "No Reset On Close=true;Max Auto Prepare=20"
#   BENCH_KEEP_API=1     leave the API (and the cluster) running afterwards
# The API inherits the environment, so runtime settings such as DOTNET_TieredPGO=0
# can be tried by setting them for this script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PORT="${BENCH_PORT:-8090}"
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-30s}"
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
USE_LOCAL_PG=0
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
    if [[ -n "${BENCH_DB_OPTIONS:-}" ]]; then
        # "Key=value;Key=value" -> ?Key=value&Key=value (DATABASE_URL's query is passed to Npgsql).
        DATABASE_URL+="?$(python3 -c 'import sys, urllib.parse as u; print("&".join(u.quote(k.strip()) + "=" + u.quote(v.strip()) for k, v in (p.split("=", 1) for p in sys.argv[1].split(";") if p.strip())))' "$BENCH_DB_OPTIONS")"
        say "connection options: $BENCH_DB_OPTIONS"
    fi
    USE_LOCAL_PG=1
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
    # The benchmark measures the API, not its per-client rate limiter (one client sends everything).
    export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$BASE" \
           Logging__LogLevel__Default=Warning DATABASE_URL DOTNET_CLI_TELEMETRY_OPTOUT=1 \
           RateLimiting__Enabled="${RateLimiting__Enabled:-false}"
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
# CPU accounting, all in clock ticks: the API process, the private cluster's server
# processes (when this script uses it), and the whole machine (busy, total).
CLK_TCK="$(getconf CLK_TCK)"
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
api_ticks() { proc_ticks "$API_PID"; }
PG_PM=""
if (( USE_LOCAL_PG )); then PG_PM="$(head -n 1 .local/pg/data/postmaster.pid 2>/dev/null || true)"; fi
pg_ticks() { # the postmaster and its children (backends, background workers)
    [[ -n "$PG_PM" ]] || { echo 0; return; }
    local sum pid
    sum="$(proc_ticks "$PG_PM")"
    for pid in $(ps -o pid= --ppid "$PG_PM" 2>/dev/null); do sum=$(( sum + $(proc_ticks "$pid") )); done
    echo "$sum"
}
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# How busy the machine is with anything but the API and the cluster, in % of all
# cores, over $1 seconds.
other_load() {
    local a0 p0 b0 t0 a1 p1 b1 t1
    a0="$(api_ticks)"; p0="$(pg_ticks)"; read -r b0 t0 < <(machine_ticks)
    sleep "$1"
    a1="$(api_ticks)"; p1="$(pg_ticks)"; read -r b1 t1 < <(machine_ticks)
    local other=$(( (b1 - b0) - (a1 - a0) - (p1 - p0) ))
    (( other > 0 )) || other=0
    echo $(( other * 100 / (t1 - t0 > 0 ? t1 - t0 : 1) ))
}

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

say "warming up: $WARMUP on the scenarios list, 5s on /healthz"
run_wrk "$SCENARIOS_PATH" "$AUTH" "$WORK/warm1.txt" "$WARMUP"
run_wrk /healthz "" "$WORK/warm2.txt" 5s

busy_before="$(other_load 3)"
if (( busy_before > 10 )); then
    say "warning: other programs kept the machine ${busy_before}% busy just before the measurement; the figures will be low"
fi

TIMEFORMAT='%U %S'
for idx in 0 1; do
    name="${NAMES[$idx]}"
    if (( idx == 0 )); then path="$SCENARIOS_PATH"; header="$AUTH"; else path=/healthz; header=""; fi
    say "measuring $name for $DURATION ($THREADS threads, $CONNECTIONS connections)"
    a0="$(api_ticks)"; p0="$(pg_ticks)"; read -r b0 t0 < <(machine_ticks)
    { time run_wrk "$path" "$header" "$WORK/run$idx.txt" "$DURATION" --latency; } 2>"$WORK/time$idx.txt"
    a1="$(api_ticks)"; p1="$(pg_ticks)"; read -r b1 t1 < <(machine_ticks)
    read -r wu ws < <(tail -n 1 "$WORK/time$idx.txt")
    echo "---- wrk: $name" >&2
    cat "$WORK/run$idx.txt" >&2
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
    # CPU in cores (1.00 = one core busy for the whole run) and in ms per request.
    # busy/total of /proc/stat cover all cores, so busy/total*nproc is cores in use.
    cpu="$(awk -v a="$(( a1 - a0 ))" -v p="$(( p1 - p0 ))" -v b="$(( b1 - b0 ))" -v t="$(( t1 - t0 ))" \
               -v wu="$wu" -v ws="$ws" -v hz="$CLK_TCK" -v n="$(nproc)" -v reqs="$reqs" -v pg="${PG_PM:-}" '
        BEGIN {
            secs = t / n / hz                       # wall time of the run
            api = a / hz / secs; db = p / hz / secs; w = (wu + ws) / secs
            all = b / t * n; other = all - api - db - w; if (other < 0) other = 0
            printf "%.2f|%s|%.2f|%.2f|%.2f|%.3f|%s\n", api, (pg == "" ? "n/a" : sprintf("%.2f", db)), w, other, all,
                a / hz * 1000 / reqs, (pg == "" ? "n/a" : sprintf("%.3f", p / hz * 1000 / reqs))
        }')"
    RESULTS+=("$name|$rps|$p50|$p90|$p99|$reqs|$bad|$errs|$cpu")
done

peak_rss="$(awk '/^VmHWM:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$API_PID/status" 2>/dev/null || true)"

# --- summary --------------------------------------------------------------------------
cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
echo
echo "== Benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) CPUs ($(uname -m)), ${cpu_model:-unknown CPU model}"
echo "wrk:      $THREADS threads, $CONNECTIONS connections, $DURATION per endpoint (after warm-up)"
echo "data:     $total scenarios in the organization; the list page is $items items, $page_bytes bytes"
echo "load:     other programs used ${busy_before}% of the machine just before the measurement"
echo
printf '%-30s %10s %9s %9s %9s %10s\n' endpoint 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' requests
for r in "${RESULTS[@]}"; do
    IFS='|' read -r name rps p50 p90 p99 reqs bad errs _ <<<"$r"
    printf '%-30s %10s %9s %9s %9s %10s\n' "$name" "$rps" "$p50" "$p90" "$p99" "$reqs"
    (( bad == 0 )) || echo "  !! $bad responses were not 2xx/3xx"
    (( errs == 0 )) || echo "  !! $errs socket errors (connect/read/write/timeout)"
done
echo
echo "CPU during each run, in cores (of $(nproc)), and CPU time per request:"
printf '%-30s %6s %6s %6s %6s %6s %12s %12s\n' endpoint API PG wrk other total 'API ms/req' 'PG ms/req'
for r in "${RESULTS[@]}"; do
    IFS='|' read -r name _ _ _ _ _ _ _ api db w other all api_ms db_ms <<<"$r"
    printf '%-30s %6s %6s %6s %6s %6s %12s %12s\n' "$name" "$api" "$db" "$w" "$other" "$all" "$api_ms" "$db_ms"
done
echo "(PG: the private cluster's server processes; other: the kernel and every other program.)"
echo
echo "API peak RSS (VmHWM): ${peak_rss:-not readable}"
if (( FAILED )); then
    die "some requests failed (see above); the figures are not valid"
fi
