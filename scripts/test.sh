#!/usr/bin/env bash
# Runs every test on a fresh machine (the .NET SDK, Node and npm): installs Azurite, restores, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
dotnet restore Serverless.sln
dotnet build Serverless.sln --no-restore -c Release
dotnet test Serverless.sln --no-build -c Release --logger "console;verbosity=normal"
