#!/usr/bin/env bash
# Engine overhead, measured side by side in one run:
#   ./build.sh NoopE (five chained no-op targets, warm) vs `dotnet cake` running the same five tasks,
#   and ./build.sh Test when everything is up to date (Compile and Test report UpToDate).
# Prints medians over RUNS runs and the ratio. Usage: benchmarks/engine.sh [runs]
set -eo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-10}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

median_ms() { # command... → median wall time in ms over $RUNS runs
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

dotnet tool restore >/dev/null
./build.sh NoopE --no-logo >/dev/null           # warm: compile the build project once
dotnet cake benchmarks/Engine/noop.cake >/dev/null # warm: Cake compiles and caches the script
./build.sh Test --no-logo >/dev/null             # warm: the next Test run is up to date

slipway=$(median_ms ./build.sh NoopE --no-logo)
cake=$(median_ms dotnet cake benchmarks/Engine/noop.cake)
uptodate=$(median_ms ./build.sh Test --no-logo)

printf '%-44s %8s\n' "case (median of $RUNS runs)" "ms"
printf '%-44s %8s\n' "./build.sh NoopE (5 no-op targets)" "$slipway"
printf '%-44s %8s\n' "dotnet cake noop.cake (5 no-op tasks)" "$cake"
printf '%-44s %8s\n' "./build.sh Test (all up to date)" "$uptodate"
awk -v s="$slipway" -v c="$cake" 'BEGIN { printf "Cake / Slipway: %.1fx (Slipway %.2f s, goal <= 0.5 s and >= 10x)\n", c / s, s / 1000 }'
