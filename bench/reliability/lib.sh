# Shared parts of the reliability scripts (sourced by bench/reliability/*.sh; see docs/reliability.md).
#
# What a script gets from it:
#   rel_setup NAME    work folder, clean-up trap, the database (DATABASE_URL as given, else a private
#                     cluster of its own on $REL_PG_PORT and a fresh database NAME in it), the API and
#                     the stand-in (bench/WebhookReceiver) built in Release
#   start_receiver    the stand-in on $REL_RECEIVER_PORT: webhook endpoints, Resend's POST /emails,
#                     GET /recordings/{name}; its log of arrivals is $ARRIVALS
#   start_api N [VAR=value...]  API instance N on 127.0.0.1:$REL_API_PORT+N-1 (Development, warnings
#                     only, workers on, rate limits off, email through the stand-in, short leases,
#                     then the given settings); waits for /readyz
#   kill_api N        SIGKILL to instance N (only PIDs this script started are ever signalled)
#   sql QUERY         one query on the database, unaligned output
#   driver ARGS       bench/reliability/driver.py with the shared secrets
#
# Environment (all optional):
#   DATABASE_URL        use this database instead of a private cluster (db-restart.sh needs the
#                       private cluster: it stops and starts it)
#   REL_PG_PORT         port of the private cluster (default 55470; never the shared one)
#   REL_API_PORT        first API port (default 8181; instance N listens on REL_API_PORT + N - 1)
#   REL_RECEIVER_PORT   the stand-in's port (default 8189)
#   REL_RECEIVER_DELAY_MS  how long the stand-in holds each answer (default 0)
#   REL_NO_BUILD=1      use the Release builds as they are (runs one after another)
#   REL_KEEP_WORK=1     keep the work folder (logs of every process, the stand-in's log)
#   Webhooks__*, Email__*, Recordings__*  passed to the API as they are (defaults below)
# Traffic goes to 127.0.0.1 only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$ROOT"

REL_PG_PORT="${REL_PG_PORT:-55470}"
REL_API_PORT="${REL_API_PORT:-8181}"
REL_RECEIVER_PORT="${REL_RECEIVER_PORT:-8189}"
RECEIVER="http://127.0.0.1:$REL_RECEIVER_PORT"
PG="scripts/pg.sh"
READY_TIMEOUT=120
# Secrets the scripts play Vapi and Stripe with; nothing outside this machine knows them.
VAPI_SECRET="rel_vapi_$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
STRIPE_SECRET="whsec_rel_$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { echo "reliability: $*" >&2; }
die() { echo "reliability: $*" >&2; exit 1; }
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
port_in_use() { [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]; }

for tool in curl python3 dotnet psql ss; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done
[[ "$REL_PG_PORT" != 55432 ]] || die "REL_PG_PORT must not be 55432: that cluster is shared, these scripts restart theirs"

# --- clean-up: only what this script started ------------------------------------------------
WORK="$(mktemp -d)"
declare -A API_PIDS=()
RECEIVER_PID=""
STOP_PG=0
stop_pid() { # pid
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
rel_cleanup() {
    local rc=$? n
    for n in "${!API_PIDS[@]}"; do [[ -z "${API_PIDS[$n]}" ]] || stop_pid "${API_PIDS[$n]}"; done
    [[ -z "$RECEIVER_PID" ]] || stop_pid "$RECEIVER_PID"
    if (( STOP_PG )); then PG_LOCAL_PORT="$REL_PG_PORT" bash "$PG" stop >/dev/null 2>&1 || true; fi
    if [[ -n "${REL_KEEP_WORK:-}" ]]; then say "work folder kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap rel_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- database and build ---------------------------------------------------------------------
USE_LOCAL_PG=0
rel_pg() { PG_LOCAL_PORT="$REL_PG_PORT" bash "$PG" "$@"; }
rel_setup() { # database name
    if [[ -z "${DATABASE_URL:-}" ]]; then
        rel_pg status >/dev/null || STOP_PG=1
        rel_pg start 2>&1 | sed 's/^/reliability: /' >&2
        local admin
        admin="$(rel_pg url postgres)"
        psql -X -q -d "$admin" -c "drop database if exists \"$1\" with (force)" >/dev/null
        psql -X -q -d "$admin" -c "create database \"$1\"" >/dev/null
        DATABASE_URL="$(rel_pg url "$1")"
        USE_LOCAL_PG=1
        say "database: $1 (new) on the private cluster at 127.0.0.1:$REL_PG_PORT"
    else
        say "database: the one in DATABASE_URL"
    fi
    export DATABASE_URL
    local project
    if [[ "${REL_NO_BUILD:-0}" != 1 ]]; then
        say "building the API and the stand-in (Release)"
        for project in src/Api bench/WebhookReceiver; do
            dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
                || { cat "$WORK/build.log" >&2; die "building $project failed"; }
        done
    fi
    API_DLL="$(dotnet msbuild src/Api -nologo -getProperty:TargetPath -p:Configuration=Release)"
    RECEIVER_DLL="$(dotnet msbuild bench/WebhookReceiver -nologo -getProperty:TargetPath -p:Configuration=Release)"
    mkdir -p "$WORK/storage"
}
sql() { psql -X -qtA -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "$1"; }

# --- the stand-in ---------------------------------------------------------------------------
ARRIVALS=""
start_receiver() {
    port_in_use "$REL_RECEIVER_PORT" && die "port $REL_RECEIVER_PORT is in use; choose another with REL_RECEIVER_PORT"
    ARRIVALS="$WORK/arrivals.csv"
    : >"$ARRIVALS"
    RECEIVER_DELAY_MS="${REL_RECEIVER_DELAY_MS:-0}" dotnet "$RECEIVER_DLL" "$REL_RECEIVER_PORT" "$ARRIVALS" >"$WORK/receiver.log" 2>&1 &
    RECEIVER_PID=$!
    for _ in $(seq 150); do curl -fsS "$RECEIVER/stats" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "$RECEIVER/stats" >/dev/null || { cat "$WORK/receiver.log" >&2; die "the stand-in did not start"; }
    say "stand-in on $RECEIVER (pid $RECEIVER_PID), answers held ${REL_RECEIVER_DELAY_MS:-0} ms"
}
# Everything the stand-in logged so far, in $ARRIVALS.
flush_receiver() { curl -fsS -X POST "$RECEIVER/flush" >/dev/null; }

# --- API instances --------------------------------------------------------------------------
api_base() { echo "http://127.0.0.1:$(( REL_API_PORT + $1 - 1 ))"; }
start_api() { # instance number, settings
    local n=$1 base
    shift
    base="$(api_base "$n")"
    [[ -z "${API_PIDS[$n]:-}" ]] || ! kill -0 "${API_PIDS[$n]}" 2>/dev/null || die "instance $n is already running"
    port_in_use "${base##*:}" && die "port ${base##*:} is in use; choose another first port with REL_API_PORT"
    (
        cd src/Api
        export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" Logging__LogLevel__Default=Warning \
            RateLimiting__Enabled=false Workers__Enabled=true \
            VAPI_WEBHOOK_SECRET="$VAPI_SECRET" STRIPE_WEBHOOK_SECRET="$STRIPE_SECRET" \
            RESEND_API_KEY=re_reliability RESEND_API_BASE_URL="$RECEIVER" EMAIL_FROM="notifications@reliability.test" \
            STORAGE_ROOT="$WORK/storage" \
            Email__DailyCap="${Email__DailyCap:-1000000}" Email__RequestsPerSecond="${Email__RequestsPerSecond:-200}" \
            Email__PollInterval="${Email__PollInterval:-00:00:01}" Email__Lease="${Email__Lease:-00:00:30}" \
            Webhooks__PollInterval="${Webhooks__PollInterval:-00:00:01}" Webhooks__Lease="${Webhooks__Lease:-00:00:15}" \
            Recordings__PollInterval="${Recordings__PollInterval:-00:00:01}" Recordings__Lease="${Recordings__Lease:-00:00:30}"
        local setting
        for setting in "$@"; do export "${setting?}"; done
        exec dotnet "$API_DLL"
    ) >>"$WORK/api$n.log" 2>&1 &
    API_PIDS[$n]=$!
    local deadline=$(( SECONDS + READY_TIMEOUT ))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" 2>/dev/null || true)" == 200 ]]; do
        kill -0 "${API_PIDS[$n]}" 2>/dev/null || { tail -n 40 "$WORK/api$n.log" >&2; die "instance $n exited during start-up"; }
        (( SECONDS < deadline )) || { tail -n 40 "$WORK/api$n.log" >&2; die "instance $n was not ready within ${READY_TIMEOUT}s"; }
        sleep 0.3
    done
    say "instance $n ready on $base (pid ${API_PIDS[$n]})"
}
kill_api() { # instance number
    local pid="${API_PIDS[$1]}"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    API_PIDS[$1]=""
    say "instance $1 (pid $pid) killed with SIGKILL"
}
api_pid() { echo "${API_PIDS[$1]}"; }
# Errors the instances log from now on (a fresh database's first start logs one for the missing
# migrations table, which is not a fault): mark_logs, then logged_errors.
mark_logs() { local f; for f in "$WORK"/api*.log; do stat -c %s "$f" >"$f.mark"; done; }
logged_errors() {
    local f
    for f in "$WORK"/api*.log; do tail -c +"$(( $(cat "$f.mark" 2>/dev/null || echo 0) + 1 ))" "$f"; done | grep -A4 -E '^(fail|crit):' || true
}

# --- the workload driver --------------------------------------------------------------------
driver() {
    python3 bench/reliability/driver.py --database "$DATABASE_URL" --receiver "$RECEIVER" \
        --vapi-secret "$VAPI_SECRET" --stripe-secret "$STRIPE_SECRET" "$@"
}
