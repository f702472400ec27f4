#!/usr/bin/env bash
# Builds the zip-deployable Azure Functions custom-handler app: a self-contained linux-x64 executable, host.json and
# one folder per function (generated from the code's function list). Usage: scripts/publish.sh [output-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/functionapp}"
rm -rf "$out"
dotnet publish functions/Serverless.Functions.csproj -c Release -r linux-x64 --self-contained -o "$out" -p:GenerateDocumentationFile=false
cp host.json "$out/host.json"
"$out/Serverless.Functions" generate-functions "$out" "${TASK_HUB:-serverless}"
if command -v zip >/dev/null; then
  (cd "$out" && zip -qr ../functionapp.zip .)
  echo "Zip package: $(dirname "$out")/functionapp.zip"
fi
echo "Function app folder: $out"
