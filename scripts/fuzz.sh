#!/usr/bin/env bash
# make fuzz: builds the libFuzzer target over parsim's loader, engine and chart layout, and runs it.
#   FUZZ_TIME  seconds to run (default 60)        FUZZ_RUNS  inputs to run instead of a time
#   FUZZ_JOBS  parallel fuzzing processes (default 1)
# Seeds: the shipped scenarios, docs/examples, the inputs that once crashed
# (Tests/ParsimChartTests/FuzzRegressions) and Fuzz/seeds; dictionary: Fuzz/parsim.dict.
# A crash is written to Fuzz/crash-*: replay it with .build-fuzz/release/parsim-fuzz FILE, fix the
# bug, and move the file into Tests/ParsimChartTests/FuzzRegressions so that it stays a test.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_TIME=${FUZZ_TIME:-60}
FUZZ_JOBS=${FUZZ_JOBS:-1}
echo "fuzz: building the instrumented target (.build-fuzz)" >&2
(cd Fuzz && swift build -c release --scratch-path ../.build-fuzz --product parsim-fuzz \
  -Xswiftc -sanitize=fuzzer -Xcc -fsanitize=fuzzer-no-link >/dev/null)
corpus=.build-fuzz/corpus
mkdir -p "$corpus"
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
cp scenarios/*.yaml docs/examples/*.yaml Fuzz/seeds/* Tests/ParsimChartTests/FuzzRegressions/* "$seeds"/
limit=(-max_total_time="$FUZZ_TIME")
if [ -n "${FUZZ_RUNS:-}" ]; then limit=(-runs="$FUZZ_RUNS"); fi
if [ "$FUZZ_JOBS" -gt 1 ]; then limit+=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
# 2 GiB and 10 s per input: parsim must stay well inside both on any input.
.build-fuzz/release/parsim-fuzz "$corpus" "$seeds" -dict=Fuzz/parsim.dict -rss_limit_mb=2048 -timeout=10 \
  -max_len=4096 -artifact_prefix=Fuzz/ -print_final_stats=1 "${limit[@]}" 2>&1 \
  | grep -E "^#[0-9]+.*(INITED|DONE|pulse)|^stat::|ERROR|Deadly|crash-|SUMMARY|Done " || true
if ls Fuzz/crash-* Fuzz/timeout-* Fuzz/oom-* >/dev/null 2>&1; then
  echo "fuzz: found an input that crashes, hangs or bloats parsim:" >&2
  ls Fuzz/crash-* Fuzz/timeout-* Fuzz/oom-* 2>/dev/null >&2
  exit 1
fi
echo "fuzz: no crash" >&2
