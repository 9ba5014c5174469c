#!/usr/bin/env bash
# The HTTP load benchmark (docs/server.md): release builds, the shipped bot, side by side in one run:
#   1. the engine in process (hiwar-bench dialogue Intents, in memory) — what HTTP adds to;
#   2. hiwar serve with each store, loaded by wrk: CONNECTIONS keep-alive connections over 10,000 conversations;
#      "postgres4" is four hiwar serve processes on one PostgreSQL database, wrk's four threads one per process.
# Usage: scripts/bench_server.sh [SECONDS] [CONNECTIONS]; STORES="memory sqlite" by default, plus postgres and
# postgres4 when run under scripts/with_postgres.sh (HIWAR_TEST_POSTGRES set).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-64}"
stores="${STORES:-memory sqlite}"
command -v wrk >/dev/null 2>&1 || { sudo apt-get install -y wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null; }
swift build -c release --product hiwar >/dev/null
swift build -c release --product hiwar-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
echo "== the engine in process (for comparison)"
HIWAR_BENCH_STORES=memory "$bin/hiwar-bench" dialogue Intents | grep -E "engine|matcher" || true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HIWAR_API_KEY="bench-$RANDOM"
if [ -n "${HIWAR_TEST_POSTGRES:-}" ] && [ -z "${STORES:-}" ]; then stores="$stores postgres postgres4"; fi
for store in $stores; do
    setting="$store"
    processes=1
    [ "$store" = sqlite ] && setting="sqlite:$work/bench.sqlite"
    if [ "$store" = postgres ] || [ "$store" = postgres4 ]; then
        # Under scripts/with_postgres.sh: a fresh database on the throwaway cluster.
        database="hiwar_bench_$RANDOM"
        psql "$HIWAR_TEST_POSTGRES" -q -c "CREATE DATABASE $database" >/dev/null
        setting="${HIWAR_TEST_POSTGRES/\/postgres\?//$database?}"
        [ "$store" = postgres4 ] && processes=4
    fi
    servers=()
    nodes=""
    for index in $(seq 1 "$processes"); do
        "$bin/hiwar" serve Intents --port 0 --store "$setting" --log-level error \
            --rate-per-conversation 1000000 --rate-per-key 1000000 >"$work/out$index" 2>"$work/err$index" &
        servers+=($!)
        for _ in $(seq 1 100); do grep -q "listening on" "$work/out$index" 2>/dev/null && break; sleep 0.1; done
        node="$(grep -o '[0-9.]*:[0-9]*$' <(grep -o 'http://[0-9.]*:[0-9]*' "$work/out$index" | head -1))"
        nodes="${nodes:+$nodes,}$node"
    done
    threads=2
    [ "$processes" -gt 1 ] && threads="$processes"
    echo "== hiwar serve, store $store ($processes process(es)), $connections connections, ${seconds}s (wrk, $threads threads)"
    # A short warm-up, then the measured run.
    export HIWAR_BENCH_NODES="$nodes"
    wrk -t"$threads" -c"$connections" -d2s -s scripts/bench_server.lua "http://${nodes%%,*}" >/dev/null
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s scripts/bench_server.lua "http://${nodes%%,*}" |
        grep "^wrk:"
    kill "${servers[@]}"
    wait "${servers[@]}" 2>/dev/null || true
done
