#!/usr/bin/env bash
# Runs every test (unit, conformance against ../shared/corpora, end-to-end CLI) and ends with one line,
# "N passed, N failed, N skipped", summed from the TRX result file each test project wrote.
set -uo pipefail
cd "$(dirname "$0")"
results="$PWD/TestResults"
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

status=0
dotnet build Palisade.slnx -c Release || status=$?
# A Native AOT release binary (./build) newer than every source runs the process tests too, and is compared with
# the JIT build on the examples; without one those comparisons are skipped (CI builds it first and requires it).
if [ -x dist/palisade ] && [ -z "$(find src Directory.Build.props Directory.Packages.props \( -name bin -o -name obj \) -prune -o -type f -newer dist/palisade -print -quit)" ]; then
  export PALISADE_CLI_BINARY="$PWD/dist/palisade"
  echo "process tests run the release binary $PALISADE_CLI_BINARY"
else
  unset PALISADE_CLI_BINARY
  echo "no current release binary (./build): process tests run the JIT build"
fi
projects=$(find tests -name '*.Tests.csproj' | sort)
if [ "$status" -eq 0 ]; then
  for project in $projects; do
    name=$(basename "$project" .csproj)
    # One named TRX file per project, so no two runs can overwrite each other's results.
    dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
  done
fi

passed=0; failed=0; skipped=0
for project in $projects; do
  trx="$results/$(basename "$project" .csproj).trx"
  if [ ! -f "$trx" ]; then
    # A project that did not build or crashed wrote no results: count it as a failure, never as silence.
    failed=$((failed + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value total) - $(value executed)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
