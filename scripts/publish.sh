#!/usr/bin/env bash
# Builds the zip-deployable Azure Functions app (isolated worker, .NET 10): `dotnet publish` of functions/ writes the
# app with host.json, functions.metadata (every function and its bindings) and .azurefunctions (the host-side
# extensions, Durable among them). Usage: scripts/publish.sh [output-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/functionapp}"
rm -rf "$out"
dotnet publish functions/Serverless.Functions.csproj -c Release -o "$out" -p:GenerateDocumentationFile=false
test -f "$out/functions.metadata" && test -f "$out/host.json"
if command -v zip >/dev/null; then
  (cd "$out" && zip -qr ../functionapp.zip .)
  echo "Zip package: $(dirname "$out")/functionapp.zip"
fi
echo "Function app folder: $out"
