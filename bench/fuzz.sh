#!/usr/bin/env bash
# Fuzzing of the whole API from its OpenAPI document (see docs/reliability.md). From the
# repository root:
#
#   bash bench/fuzz.sh                              (20,000 requests, a new seed)
#   FUZZ_SEED=20260101 FUZZ_REQUESTS=3000 bash bench/fuzz.sh   (the CI sample, replayed)
#
# Runs the integration test OpenApiFuzzTests with a larger sample: every operation of the served
# document, as the admin of a seeded organization and without a token, gets malformed and mutated
# requests (tests/Api.IntegrationTests/Fuzzing/Mutations.cs). Prints the requests sent, the status
# histogram, the 5xx count, the count of 4xx that are not application/problem+json, Kestrel's own
# (allowed) empty refusals and the first failures with the seed to replay them; exits non-zero when
# any 5xx, non-problem 4xx or unanswered request was seen.
#
# Environment (optional): DATABASE_URL (else the private cluster, started and stopped here),
# FUZZ_REQUESTS (20000), FUZZ_SEED (random), FUZZ_PARALLELISM (4), FUZZ_NO_BUILD=1 to skip the build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export FUZZ_REQUESTS="${FUZZ_REQUESTS:-20000}"
export FUZZ_SEED="${FUZZ_SEED:-$(( (RANDOM << 15 | RANDOM) ))}"
export FUZZ_PARALLELISM="${FUZZ_PARALLELISM:-4}"
PROJECT=tests/Api.IntegrationTests/VoiceTraining.Api.IntegrationTests.csproj
PG="scripts/pg.sh"

say() { echo "fuzz: $*" >&2; }

WORK="$(mktemp -d)"
STOP_PG=0
cleanup() {
    local rc=$?
    (( STOP_PG )) && bash "$PG" stop >/dev/null || true
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

if [[ -z "${DATABASE_URL:-}" ]]; then
    bash "$PG" status >/dev/null || STOP_PG=1
    bash "$PG" start >/dev/null
    DATABASE_URL="$(bash "$PG" url)"
fi
export DATABASE_URL
export FUZZ_REPORT="$WORK/report.txt"

if [[ "${FUZZ_NO_BUILD:-0}" != 1 ]]; then
    say "building the integration tests (Release)"
    dotnet build "$PROJECT" -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
fi

say "sending $FUZZ_REQUESTS requests, seed $FUZZ_SEED, $FUZZ_PARALLELISM in parallel"
rc=0
dotnet test "$PROJECT" -c Release --no-build \
    --filter "FullyQualifiedName~OpenApiFuzzTests.Malformed_and_mutated_requests_to_every_operation" >"$WORK/test.log" 2>&1 || rc=$?

if [[ -s "$FUZZ_REPORT" ]]; then
    cat "$FUZZ_REPORT"
else
    say "the run did not finish; the test output follows"
    tail -n 80 "$WORK/test.log"
fi
if (( rc == 0 )); then say "PASSED: no 5xx, every 4xx application/problem+json"; else say "FAILED (dotnet test exited $rc)"; fi
exit "$rc"
