#!/usr/bin/env bash
# Micro-benchmark of the conversation analysis (see docs/kpis.md). From the repository root:
#
#   bash bench/kpis.sh                  (all benchmarks, BenchmarkDotNet's short job)
#   bash bench/kpis.sh --filter '*Score*'
#
# Builds bench/Kpis in Release and runs BenchmarkDotNet on ConversationAnalyzer.Analyze and
# RubricScorer.Score over a generated 60-minute, 600-turn call (fixed seed) and a five-criterion
# rubric, then prints the summary table (mean time and allocated bytes per call). Extra arguments
# go to BenchmarkDotNet. `bash bench/kpis.sh --describe` prints the generated call's KPIs and
# score instead of timing them. The full log and reports stay in bench/Kpis/bin/artifacts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PROJECT=bench/Kpis/VoiceTraining.Bench.Kpis.csproj
ARTIFACTS="$ROOT/bench/Kpis/bin/artifacts"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [[ " $* " == *" --describe "* ]]; then
  exec dotnet run -c Release --project "$PROJECT" -- --describe
fi

args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then args=(--filter '*'); fi

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
LOG="$ARTIFACTS/run.log"

echo "Building and running the KPI benchmarks (Release); log: ${LOG#"$ROOT"/}"
if ! dotnet run -c Release --project "$PROJECT" -- "${args[@]}" --artifacts "$ARTIFACTS" >"$LOG" 2>&1; then
  echo "The benchmark run failed; the end of its log:" >&2
  tail -n 40 "$LOG" >&2
  exit 1
fi

# The environment lines and the summary table, as BenchmarkDotNet printed them.
summary="$(sed -n '/^\/\/ \* Summary \*/,/^\/\/ \* Legends \*/p' "$LOG" | sed '$d')"
if [[ -z "$summary" ]]; then
  echo "No summary found in the log; its end:" >&2
  tail -n 40 "$LOG" >&2
  exit 1
fi
echo
echo "$summary"
