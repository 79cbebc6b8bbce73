#!/usr/bin/env bash
# Runs the whole test suite RUNS times (default 3) and the timing-sensitive test classes REPEATS times (default 10)
# while a CPU hog keeps every core busy, then prints the failures per test (artifacts/flake/summary.md).
# Usage: benchmarks/flake.sh [runs] [repeats]
set -eo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./build.sh Flake --flake-runs "${1:-3}" --flake-repeats "${2:-10}"
