#!/usr/bin/env bash
# Runs the main job on a fresh machine: installs Azurite, builds, and runs the demo against a private Azurite.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
dotnet run --project functions/Serverless.Functions.csproj -c Release -- demo "$@"
