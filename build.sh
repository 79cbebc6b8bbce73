#!/usr/bin/env bash
# Runs the Slipway build: ./build.sh [targets] [--parameters]
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT/build/_build.csproj"
TEMP="$ROOT/.nuke/temp"
STAMP="$TEMP/build.stamp"
BUILD_DLL="$ROOT/build/bin/Debug/_build.dll"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_ROLL_FORWARD=Major

if ! command -v dotnet >/dev/null 2>&1; then
    if [ -x "$HOME/.dotnet/dotnet" ]; then
        export PATH="$HOME/.dotnet:$PATH"
    else
        echo "build.sh: the .NET SDK was not found on PATH." >&2
        echo "Install .NET SDK 10 (https://dot.net/download, or your distribution's dotnet-sdk-10.0 package) and run ./build.sh again." >&2
        exit 2
    fi
fi

mkdir -p "$TEMP"
# Rebuild the build project only when its sources (build/ and source/Slipway.Build, source/Slipway.Delivery, source/Slipway.Tooling) changed.
stamp() {
    cd "$ROOT" && find build source/Slipway.Build source/Slipway.Delivery source/Slipway.Tooling Directory.Build.props Directory.Packages.props global.json \
        -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) \
        -not -path '*/bin/*' -not -path '*/obj/*' -not -path 'build/Properties/*' -print0 \
        | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
CURRENT="$(stamp)"
if [ ! -f "$BUILD_DLL" ] || [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$CURRENT" ]; then
    echo "Compiling the build project..."
    # ReadyToRun for this machine's runtime: the engine starts without JIT-compiling itself (about 0.13 s instead of 0.2 s)
    if ! dotnet publish "$BUILD_PROJECT" -c Debug --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
            -nologo -v quiet -clp:ErrorsOnly -p:NuGetAudit=false -o "$ROOT/build/bin/Debug" >"$TEMP/build-compile.log" 2>&1; then
        cat "$TEMP/build-compile.log" >&2
        echo "build.sh: the build project failed to compile (log: .nuke/temp/build-compile.log)." >&2
        exit 2
    fi
    echo "$CURRENT" > "$STAMP"
fi

exec dotnet "$BUILD_DLL" "$@" --root "$ROOT"
