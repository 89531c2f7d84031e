# Sourced by the bench scripts. With BENCH_SUMMARY_FILE set (bench/all.sh sets it), `summary` appends
# one tab-separated line per figure: name, figure, goal, met (yes/no). Without it, it does nothing.
summary() {
    [[ -n "${BENCH_SUMMARY_FILE:-}" ]] || return 0
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$BENCH_SUMMARY_FILE"
}

# meets VALUE OP LIMIT: prints yes or no (floating point; OP is >= or <=).
meets() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0); print ok ? "yes" : "no" }'; }
