#!/usr/bin/env bash
# Runs the official MCP conformance suites against the fixture app in
# packages/nest-mcp/test/conformance, on a free loopback port:
#   (a) @modelcontextprotocol/conformance 0.1.x (2025 wire): the active server
#       suite, then the pending json-schema-2020-12 scenario;
#   (b) the 0.2 line: `server --requirements 2026-07-28`.
# Both run under Node 22 fetched from the npm registry (npx node@22); each
# suite is installed into its own prefix, since both install a `conformance`
# bin. Known failures live in packages/nest-mcp/test/conformance/expected-failures.*.yml, one
# reason per entry (only what a suite itself skips); any other failure, scored
# or not (or a stale entry), fails this script.
#
# Environment:
#   CONFORMANCE_V01      version of the 0.1 line     (default 0.1.16)
#   CONFORMANCE_V02      version range, 0.2 line     (default ^0.2.0-alpha.12)
#   CONFORMANCE_WORKDIR  suite installs and results  (default $TMPDIR/nest-mcp-conformance)
#   CONFORMANCE_TIMEOUT  seconds allowed per suite run (default 300)
#   MCP_PATH, MCP_LEGACY_MODE, ... are passed to the fixture like to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

V01="${CONFORMANCE_V01:-0.1.16}"
V02="${CONFORMANCE_V02:-^0.2.0-alpha.12}"
WORK="${CONFORMANCE_WORKDIR:-${TMPDIR:-/tmp}/nest-mcp-conformance}"
SUITE_TIMEOUT="${CONFORMANCE_TIMEOUT:-300}"
RESULTS="$WORK/results/$(date +%Y%m%dT%H%M%S)-$$"
BASELINE_2025=packages/nest-mcp/test/conformance/expected-failures.2025.yml
BASELINE_2026=packages/nest-mcp/test/conformance/expected-failures.2026-07-28.yml
mkdir -p "$RESULTS"
# Keep the ten most recent runs' results.
ls -1dt "$WORK"/results/*/ 2>/dev/null | tail -n +11 | xargs -r rm -rf

step() { printf '\n==> %s\n' "$*"; }

# --- the suites and Node 22, from the npm registry only --------------------
install_suite() { # <dir-name> <version-spec>: prints the installed package dir
  local prefix="$WORK/$1"
  npm install --prefix "$prefix" --no-audit --no-fund \
    --loglevel=error "@modelcontextprotocol/conformance@$2" >&2
  echo "$prefix/node_modules/@modelcontextprotocol/conformance"
}

step "installing Node 22 and the conformance suites (npm registry)"
NODE22="$(npx -y -p node@22 -c 'node -p process.execPath')"
PKG01="$(install_suite conformance-0.1 "$V01")"
PKG02="$(install_suite conformance-0.2 "$V02")"
version_of() { "$NODE22" -p "require('$1/package.json').version"; }
echo "node $("$NODE22" --version) at $NODE22"
echo "conformance $(version_of "$PKG01") (0.1 line), $(version_of "$PKG02") (0.2 line)"

# --- the fixture app ---------------------------------------------------------
step "building the fixture (packages/nest-mcp/test/tsconfig.json)"
npm run --silent conformance:build

PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
URL="http://127.0.0.1:${PORT}${MCP_PATH:-/mcp}"
step "starting the fixture on $URL (log: $RESULTS/app.log)"
PORT="$PORT" HOST=127.0.0.1 LOG_LEVEL="${LOG_LEVEL:-warn}" \
  node packages/nest-mcp/dist-test/test/conformance/main.js >"$RESULTS/app.log" 2>&1 &
APP_PID=$!
stop_app() {
  if kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
}
trap stop_app EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 1 60); do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    echo "the fixture exited before listening:" >&2
    tail -n 40 "$RESULTS/app.log" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  sleep 0.5
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || {
  echo "the fixture did not listen on port $PORT within 30 s" >&2
  exit 1
}

# --- the runs ----------------------------------------------------------------
SUMMARY=()
FAILED_RUNS=0
PASSED_RUNS=0
run() { # <label> <package-dir> <baseline> <output-subdir> <requirements-file|""> <cli args...>
  local label="$1" pkg="$2" baseline="$3" out="$RESULTS/$4" requirements="$5"
  shift 5
  step "$label"
  local rc=0
  timeout "$SUITE_TIMEOUT" "$NODE22" "$pkg/dist/index.js" server --url "$URL" \
    --expected-failures "$baseline" -o "$out" "$@" >"$out.log" 2>&1 || rc=$?
  [[ $rc -eq 124 ]] && echo "timed out after ${SUITE_TIMEOUT}s" | tee -a "$out.log"
  # The CLI's own verdict: totals, then expected, stale and unexpected failures.
  sed 's/\x1b\[[0-9;]*m//g' "$out.log" |
    sed -n '/^Total:/p; /^Test Results:/,/^Passed:/p; /^Expected failures (in baseline)/,$p; /^Stale baseline/,$p; /^Unexpected failures/,$p' |
    grep -v '^\s*$' | awk '!seen[$0]++'
  # The summary fails (exit 1) on an unscored scenario's failure, which the CLI does not count.
  local summary summary_rc=0
  summary="$(node scripts/conformance-summary.mjs "$label" "$out" "$baseline" "$rc" "$requirements")" || summary_rc=$?
  SUMMARY+=("$summary")
  if [[ $rc -eq 0 && $summary_rc -eq 0 ]]; then PASSED_RUNS=$((PASSED_RUNS + 1)); else FAILED_RUNS=$((FAILED_RUNS + 1)); fi
}

run "0.1 line ($(version_of "$PKG01")): active server suite, 2025 wire" \
  "$PKG01" "$BASELINE_2025" v01-active ""
run "0.1 line ($(version_of "$PKG01")): pending json-schema-2020-12" \
  "$PKG01" "$BASELINE_2025" v01-json-schema "" --scenario json-schema-2020-12
run "0.2 line ($(version_of "$PKG02")): server --requirements 2026-07-28" \
  "$PKG02" "$BASELINE_2026" v02-2026-07-28 "$PKG02/requirements/2026-07-28.yaml" \
  --requirements 2026-07-28

stop_app
step "summary (full logs and checks.json under $RESULTS)"
printf '%s\n' "${SUMMARY[@]}"
echo "conformance: ${PASSED_RUNS} passed, ${FAILED_RUNS} failed"
[[ $FAILED_RUNS -eq 0 ]]
