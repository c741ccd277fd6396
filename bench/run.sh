#!/usr/bin/env bash
# make bench: the engine against SimPy on the same models, on this machine, in one script.
# Each figure is the fastest of several runs (this VM's speed drifts between runs), and every
# comparison is a ratio of two figures measured here, one after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-5}

swift build -c release --product parsim-bench >/dev/null
BENCH=.build/release/parsim-bench

if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import simpy" 2>/dev/null; then
  echo "bench: installing SimPy into bench/.venv" >&2
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q simpy matplotlib
fi
PY=bench/.venv/bin/python

best() {  # best of $REPEAT runs of a command printing "name events seconds events_per_s rss tasks"
  for _ in $(seq "$REPEAT"); do "$@"; done | sort -k3 -g | head -n 1
}

echo "== engine: events per second (best of $REPEAT) against SimPy $($PY -c 'import simpy; print(simpy.__version__)')"
printf "%-6s %12s %10s %12s %14s %12s %10s %12s\n" case tasks "parsim s" "parsim ev/s" "simpy tasks" "simpy s" "simpy ev/s" "ev/s ratio"
for case in mm4 gil; do
  if [ "$case" = mm4 ]; then ours=$(best $BENCH mm4 1000000); theirs=$(REPEAT=1 best $PY bench/simpy_models.py mm4 100000 --repeat 3)
  else ours=$(best $BENCH gil 10000); theirs=$(REPEAT=1 best $PY bench/simpy_models.py gil 10000 --repeat 3); fi
  read -r _ oev os oeps _ otasks <<<"$ours"
  read -r _ sev ss seps _ stasks <<<"$theirs"
  awk -v c="$case" -v ot="$otasks" -v os="$os" -v oe="$oeps" -v st="$stasks" -v ss="$ss" -v se="$seps" 'BEGIN {
    printf "%-6s %12s %10s %12.0f %14s %12s %10.0f %11.1fx\n", c, ot, os, oe, st, ss, se, oe / se
    printf "       per task: parsim %.0f ns, SimPy %.0f ns: %.0fx faster on the same model\n", os / ot * 1e9, ss / st * 1e9, (ss / st) / (os / ot)
  }'
done

# BASELINE_BENCH=path/to/an/older/parsim-bench: the engine against that build, run alternately
# in this script (best of $REPEAT each), events per second as a ratio (new / old).
if [ -n "${BASELINE_BENCH:-}" ]; then
  echo
  echo "== engine against the baseline build $BASELINE_BENCH (best of $REPEAT, run alternately)"
  for case in "mm4 1000000" "gil 10000"; do
    old_best="" new_best=""
    for _ in $(seq "$REPEAT"); do
      o=$($BASELINE_BENCH $case | awk '{print $4}')
      n=$($BENCH $case | awk '{print $4}')
      old_best=$(awk -v b="$old_best" -v x="$o" 'BEGIN { print (b == "" || x > b) ? x : b }')
      new_best=$(awk -v b="$new_best" -v x="$n" 'BEGIN { print (b == "" || x > b) ? x : b }')
    done
    awk -v c="${case%% *}" -v o="$old_best" -v n="$new_best" 'BEGIN {
      printf "%-4s baseline %.2f M events/s, this build %.2f M events/s: %.2fx\n", c, o / 1e6, n / 1e6, n / o
    }'
  done
fi

echo
echo "== 10^6 tasks (ThreadPoolExecutor, metrics only): time and peak memory against 10^5"
small=$(best $BENCH tasks 100000)
large=$(best $BENCH tasks 1000000)
read -r _ _ s1 _ m1 _ <<<"$small"
read -r _ _ s2 _ m2 _ <<<"$large"
echo "10^5 tasks: ${s1} s, ${m1} MiB peak;  10^6 tasks: ${s2} s, ${m2} MiB peak"

echo
echo "== charts: a 100,000-span timeline, parsim (Cairo) against matplotlib's broken_barh"
if ! $PY -c "import matplotlib" 2>/dev/null; then
  echo "bench: installing matplotlib into bench/.venv" >&2
  bench/.venv/bin/pip install -q matplotlib
fi
ours=$($BENCH render)
theirs=$($PY bench/matplotlib_gantt.py --repeat 2)
for fmt in png svg; do
  o=$(grep "render-$fmt" <<<"$ours")
  t=$(grep "render-$fmt" <<<"$theirs")
  read -r _ _ os ob <<<"$o"
  read -r _ _ ts tb <<<"$t"
  awk -v f="$fmt" -v os="$os" -v ob="$ob" -v ts="$ts" -v tb="$tb" 'BEGIN {
    printf "%s: parsim %.3f s, %d bytes; matplotlib %.3f s, %d bytes: %.0fx faster, %.1fx smaller\n", f, os, ob, ts, tb, ts / os, tb / ob
  }'
done

echo
echo "== parsim report of the shipped scenarios: --jobs 1 against --jobs 2"
swift build -c release --product parsim >/dev/null
PARSIM=.build/release/parsim
time_report() {
  local jobs=$1 best=""
  for _ in $(seq "$REPEAT"); do
    rm -rf /tmp/parsim-bench-report
    local s e
    s=$(date +%s.%N)
    $PARSIM report scenarios --out /tmp/parsim-bench-report --jobs "$jobs" 2>/dev/null
    e=$(date +%s.%N)
    best=$(awk -v b="$best" -v t="$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')" 'BEGIN { print (b == "" || t < b) ? t : b }')
  done
  rm -rf /tmp/parsim-bench-report
  echo "$best"
}
one=$(time_report 1)
two=$(time_report 2)
awk -v a="$one" -v b="$two" 'BEGIN { printf "--jobs 1: %.2f s, --jobs 2: %.2f s: %.2fx\n", a, b, a / b }'
