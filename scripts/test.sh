#!/usr/bin/env bash
# Runs every test on a fresh machine (the .NET SDK, Node and npm): installs Azurite (npm) and, for the console's
# browser tests, Debian's Chromium with CJK fonts (apt), then restores, builds and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHROMIUM_PATH:-}" ] && { ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk"; }; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
dotnet restore Serverless.sln
dotnet build Serverless.sln --no-restore -c Release
dotnet test Serverless.sln --no-build -c Release --logger "console;verbosity=normal"
