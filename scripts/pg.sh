#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for development and tests.
#
# Everything lives in .local/pg under the project root (git-ignored):
#   .local/pg/data   the cluster          .local/pg/log   the server log
#   .local/pg        also holds the unix socket, so nothing needs /var/run
#
# Usage: scripts/pg.sh start | stop | status | url [dbname] | psql [psql args...]
#
#   start   create the cluster on first use, start it, create the database
#           "voicetraining"; does nothing if it is already running
#   stop    stop it (fast shutdown) if it is running; the data stays
#   status  say whether it is running (exit 0 if running, 3 if not)
#   url     print postgresql://postgres@127.0.0.1:PORT/voicetraining (or the given db)
#   psql    open psql on the voicetraining database
#
# Environment:
#   PG_LOCAL_PORT   TCP port on 127.0.0.1 (default 55432)
#   PG_LOCAL_FAST=1 start with fsync, synchronous_commit and full_page_writes off
#                   (for throw-away test data; a crash may corrupt the cluster)
#   PG_BIN          folder with initdb/pg_ctl/postgres (default: PostgreSQL 15's)
#
# The cluster uses "trust" authentication and listens on 127.0.0.1 only: it is
# a private dev/test database, never a server for anything else.
#
# PostgreSQL refuses to run as root. Run as root, this script runs the server
# as the "postgres" OS user (runuser), gives it .local/pg, and if that user
# cannot reach the project folder (a checkout under a mode-700 folder such as
# one made by mktemp -d) it adds o+x (search only, no read) to the folders on
# the way that lack it, and says so on stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PG_HOME="$ROOT/.local/pg"
DATA="$PG_HOME/data"
LOG="$PG_HOME/log"
CONF_NAME="local-cluster.conf"
PORT="${PG_LOCAL_PORT:-55432}"
DB_DEFAULT="voicetraining"
SUPERUSER="postgres"
START_TIMEOUT=30

die() { echo "pg.sh: $*" >&2; exit 1; }
note() { echo "pg.sh: $*" >&2; }

if ! [[ "$PORT" =~ ^[1-9][0-9]{0,4}$ ]] || (( PORT > 65535 )); then
    die "PG_LOCAL_PORT must be a TCP port number, got '$PORT'"
fi

# --- binaries ----------------------------------------------------------------
find_bin() {
    local d
    for d in "${PG_BIN:-}" /usr/lib/postgresql/15/bin; do
        if [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" ]]; then echo "$d"; return; fi
    done
    if d="$(command -v pg_ctl 2>/dev/null)"; then
        d="$(dirname "$(readlink -f "$d")")"
        if [[ -x "$d/initdb" ]]; then echo "$d"; return; fi
    fi
    die "PostgreSQL 15 server binaries not found (install the Debian package postgresql-15, or set PG_BIN)"
}
BIN="$(find_bin)"
# Client tools: prefer the ones next to the server, else whatever is on PATH.
client() {
    if [[ -x "$BIN/$1" ]]; then echo "$BIN/$1"; else command -v "$1" || die "$1 not found"; fi
}

# --- which OS user runs the server --------------------------------------------
if (( EUID == 0 )); then
    PG_OS_USER="postgres"
    # A cluster made earlier by a normal user keeps running as that user.
    if [[ -d "$DATA" ]]; then
        owner="$(stat -c %U "$DATA")"
        [[ "$owner" != root && "$owner" != UNKNOWN ]] && PG_OS_USER="$owner"
    fi
    id -u "$PG_OS_USER" >/dev/null 2>&1 \
        || die "running as root, but there is no '$PG_OS_USER' OS user to run PostgreSQL as"
    command -v runuser >/dev/null || die "running as root needs runuser (util-linux)"
    # Run from / so the server user is never stuck in a folder it cannot enter.
    as_pg() { (cd / && runuser -u "$PG_OS_USER" -- "$@"); }
else
    PG_OS_USER="$(id -un)"
    as_pg() { "$@"; }
fi

# Root only: make .local/pg the server user's and make sure it can reach it.
prepare_home() {
    mkdir -p "$PG_HOME"
    (( EUID == 0 )) || return 0
    chown "$PG_OS_USER": "$PG_HOME"
    [[ ! -e "$LOG" ]] || chown "$PG_OS_USER": "$LOG"
    if ! as_pg test -x "$PG_HOME" -a -w "$PG_HOME"; then
        # Walk down from / so each check sees the fixes made above it.
        local d="" part
        local -a parts
        IFS=/ read -r -a parts <<<"${PG_HOME#/}"
        for part in "${parts[@]}"; do
            d="$d/$part"
            [[ "$d" != "$PG_HOME" ]] || break
            if ! as_pg test -x "$d"; then
                chmod o+x "$d"
                note "granted o+x on $d so the '$PG_OS_USER' user can reach $PG_HOME"
            fi
        done
        as_pg test -x "$PG_HOME" -a -w "$PG_HOME" \
            || die "the '$PG_OS_USER' user still cannot use $PG_HOME (ACLs or a noexec/nosuid mount?)"
    fi
}

# --- state ---------------------------------------------------------------------
# PID of our postmaster if it is running, else nothing (and status 1). A
# postmaster.pid left by a crash or a reboot whose PID now belongs to some other
# program does not count.
server_pid() {
    local pid comm stat
    [[ -r "$DATA/postmaster.pid" ]] || return 1
    pid="$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
    [[ "$comm" == postgres || "$comm" == postmaster ]] || return 1
    # An exited server not yet reaped by its parent is a zombie: not running.
    stat="$(cat "/proc/$pid/stat" 2>/dev/null || true)"
    stat="${stat##*) }"
    [[ -n "$stat" && "${stat:0:1}" != Z ]] || return 1
    echo "$pid"
}
# Port recorded in postmaster.pid (line 4) of the running server.
server_port() { sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true; }

port_in_use() {
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hltn "sport = :$PORT" 2>/dev/null)" ]]
    else
        timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null
    fi
}

# Size of the log before a start, so a failure shows only what that start wrote.
LOG_OFFSET=0
log_tail() {
    [[ -r "$LOG" ]] || return 0
    echo "---- $LOG (last lines) ----" >&2
    if (( $(stat -c %s "$LOG") > LOG_OFFSET )); then
        tail -c +"$(( LOG_OFFSET + 1 ))" "$LOG" | tail -n 40 >&2
    else
        tail -n 20 "$LOG" >&2
    fi
    echo "----" >&2
}

# Single-quoted value for postgresql.conf.
conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

write_conf() {
    local sockdir fast tmp
    # A unix socket path is limited to 107 bytes; from a very deep checkout,
    # fall back to TCP only (everything here uses 127.0.0.1 anyway).
    sockdir="$PG_HOME"
    if (( ${#sockdir} + 20 > 107 )); then
        note "project path too long for a unix socket in $PG_HOME; TCP only"
        sockdir=""
    fi
    if [[ "${PG_LOCAL_FAST:-0}" == 1 ]]; then fast=off; else fast=on; fi
    tmp="$(mktemp)"
    cat >"$tmp" <<EOF
# Written by scripts/pg.sh on every start; edits here are overwritten.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = $(conf_quote "$sockdir")
max_connections = 200
fsync = $fast
synchronous_commit = $fast
full_page_writes = $fast
EOF
    chmod 644 "$tmp"
    as_pg cp "$tmp" "$DATA/$CONF_NAME"
    rm -f "$tmp"
}

init_cluster() {
    local tmpdata="$PG_HOME/data.init"
    local locale=C
    locale -a 2>/dev/null | grep -qixE 'c\.utf-?8' && locale=C.UTF-8
    note "creating a new cluster in $DATA"
    as_pg rm -rf "$tmpdata"
    if ! as_pg "$BIN/initdb" -D "$tmpdata" -U "$SUPERUSER" --auth=trust \
            -E UTF8 --locale="$locale" --no-instructions >"$PG_HOME/initdb.log" 2>&1; then
        cat "$PG_HOME/initdb.log" >&2
        die "initdb failed"
    fi
    echo "include_if_exists = '$CONF_NAME'" | as_pg tee -a "$tmpdata/postgresql.conf" >/dev/null
    # Only a complete cluster gets the real name, so a failed first start is
    # simply redone next time.
    as_pg mv "$tmpdata" "$DATA"
}

psql_cmd() {
    "$(client psql)" -X -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" "$@"
}

wait_ready() {
    local isready i
    isready="$(client pg_isready)"
    for (( i = 0; i < START_TIMEOUT * 5; i++ )); do
        "$isready" -q -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres && return 0
        server_pid >/dev/null || return 1
        sleep 0.2
    done
    return 1
}

# --- commands ------------------------------------------------------------------
cmd_start() {
    local pid running_port
    if pid="$(server_pid)"; then
        running_port="$(server_port)"
        if [[ -n "$running_port" && "$running_port" != "$PORT" ]]; then
            die "the cluster is already running on port $running_port, not $PORT; run 'scripts/pg.sh stop' first"
        fi
        wait_ready || { log_tail; die "the cluster (pid $pid) is running but not answering on 127.0.0.1:$PORT"; }
        ensure_db
        note "already running (pid $pid) on 127.0.0.1:$PORT"
        return 0
    fi

    if port_in_use; then
        ss -ltnp "sport = :$PORT" >&2 2>/dev/null || true
        die "port $PORT on 127.0.0.1 is already in use by another program; stop it or choose another port with PG_LOCAL_PORT=NNNNN"
    fi

    prepare_home
    [[ -f "$DATA/PG_VERSION" ]] || init_cluster
    [[ "$(cat "$DATA/PG_VERSION")" == 15 ]] \
        || die "$DATA holds a PostgreSQL $(cat "$DATA/PG_VERSION") cluster, this script runs 15; remove .local/pg to start afresh"
    # A postmaster.pid whose process is gone (crash, reboot) would make the
    # server refuse to start if its PID has been reused.
    [[ ! -e "$DATA/postmaster.pid" ]] || as_pg rm -f "$DATA/postmaster.pid"
    write_conf

    [[ ! -e "$LOG" ]] || LOG_OFFSET="$(stat -c %s "$LOG")"
    if ! as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t "$START_TIMEOUT" start >/dev/null \
            || ! wait_ready; then
        log_tail
        die "PostgreSQL did not start on 127.0.0.1:$PORT (log: $LOG)"
    fi
    ensure_db
    local mode=""
    [[ "${PG_LOCAL_FAST:-0}" != 1 ]] || mode=", fast mode (fsync off)"
    note "started (pid $(server_pid || echo '?')) on 127.0.0.1:$PORT$mode"
}

ensure_db() {
    local db="$DB_DEFAULT"
    if [[ "$(psql_cmd -d postgres -tAc "select 1 from pg_database where datname = '$db'")" != 1 ]]; then
        psql_cmd -d postgres -q -v ON_ERROR_STOP=1 -c "create database \"$db\"" >/dev/null
        note "created database $db"
    fi
}

cmd_stop() {
    if server_pid >/dev/null; then
        as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
        note "stopped"
    else
        note "not running"
    fi
}

cmd_status() {
    local pid
    if pid="$(server_pid)"; then
        echo "running (pid $pid) on 127.0.0.1:$(server_port), data in .local/pg/data"
    else
        echo "not running"
        return 3
    fi
}

cmd_url() {
    local db="${1:-$DB_DEFAULT}"
    echo "postgresql://$SUPERUSER@127.0.0.1:$PORT/$db"
}

cmd_psql() {
    server_pid >/dev/null || die "not running; run 'scripts/pg.sh start' first"
    exec "$(client psql)" -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d "$DB_DEFAULT" "$@"
}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

case "${1:-}" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    url)    shift; cmd_url "$@" ;;
    psql)   shift; cmd_psql "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
