:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
:; exec "$SCRIPT_DIR/build.sh" "$@"

@echo off
setlocal
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
set DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
set DOTNET_ROLL_FORWARD=Major
set ROOT=%~dp0
set ROOT=%ROOT:~0,-1%
set TEMP_DIR=%ROOT%\.nuke\temp
set BUILD_DLL=%ROOT%\build\bin\Debug\_build.dll

where dotnet >nul 2>nul
if errorlevel 1 (
  echo build.cmd: the .NET SDK was not found on PATH. Install .NET SDK 10 from https://dot.net/download and run build.cmd again. 1>&2
  exit /b 2
)
if not exist "%TEMP_DIR%" mkdir "%TEMP_DIR%"
rem Rebuild the build project only when its sources changed (content stamp of build\, source\Slipway.Build, source\Slipway.Delivery, source\Slipway.Tooling).
for /f "usebackq delims=" %%H in (`powershell -NoProfile -Command "$f = Get-ChildItem -Recurse -File -Path '%ROOT%\build','%ROOT%\source\Slipway.Build','%ROOT%\source\Slipway.Delivery','%ROOT%\source\Slipway.Tooling' -Include *.cs,*.csproj,*.props,*.json | Where-Object { $_.FullName -notmatch '\\(bin|obj|Properties)\\' } | Sort-Object FullName; ($f | Get-FileHash -Algorithm SHA256 | ForEach-Object Hash) -join '' | ForEach-Object { [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash([Text.Encoding]::UTF8.GetBytes($_))) }"`) do set CURRENT=%%H
set PREVIOUS=
if exist "%TEMP_DIR%\build.stamp" set /p PREVIOUS=<"%TEMP_DIR%\build.stamp"
if not exist "%BUILD_DLL%" set PREVIOUS=
if not "%PREVIOUS%"=="%CURRENT%" (
  echo Compiling the build project...
  dotnet publish "%ROOT%\build\_build.csproj" -c Debug --use-current-runtime --self-contained false -p:PublishReadyToRun=true -nologo -v quiet -clp:ErrorsOnly -o "%ROOT%\build\bin\Debug"
  if errorlevel 1 exit /b 2
  >"%TEMP_DIR%\build.stamp" echo %CURRENT%
)
dotnet "%BUILD_DLL%" %* --root "%ROOT%"
exit /b %ERRORLEVEL%
