#!/usr/bin/env bash
# Whole-process benchmark (docs/performance.md): `perf validate` and `perf summary` against
# the read floor (examples/read_floor), `find … | xargs cat`, the plain Python tomllib script
# (scripts/baseline_validate.py) and `taplo lint` when installed, on generated trees.
#
#   scripts/bench.sh                     # 1k, 10k and 100k projects, 5 runs each
#   SIZES="10000" RUNS=3 scripts/bench.sh
#   NO_BUILD=1 BENCH_DIR=/tmp/trees scripts/bench.sh   # keep the binaries and trees you have
#
# Medians come from hyperfine when it is installed (Debian: apt-get install hyperfine), else
# from /usr/bin/time; peak memory from /usr/bin/time -v (Debian package `time`). Results go to
# $BENCH_DIR/results.tsv and are printed as Markdown tables to paste into the docs. Trees are
# generated once (seed 7, 3% with defects) and kept in $BENCH_DIR; the page cache is warmed
# before timing. Run it on an otherwise idle machine: other builds make every number noisy.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-1000 10000 100000}"
RUNS="${RUNS:-5}"
DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/perf-bench}"
PYTHON_MAX="${PYTHON_MAX:-100000}" # the Python baseline takes ~40 s at 100k
mkdir -p "$DIR"
RESULTS="$DIR/results.tsv"
: >"$RESULTS"

# NO_BUILD=1 reuses the binaries already in target/release.
[[ -n "${NO_BUILD:-}" ]] || cargo build --release --quiet --bin perf --example gen_corpus --example read_floor
PERF="$PWD/target/release/perf"
FLOOR="$PWD/target/release/examples/read_floor"
GEN="$PWD/target/release/examples/gen_corpus"
TAPLO="$(command -v taplo || true)"
HYPERFINE="$(command -v hyperfine || true)"

median_of() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure SIZE NAME RUNS COMMAND: records the median wall time and the mean CPU time (user +
# system, which other jobs on the machine disturb less) in seconds.
measure() {
  local size="$1" name="$2" runs="$3" cmd="$4" median cpu
  if [[ -n "$HYPERFINE" ]]; then
    "$HYPERFINE" --style none --warmup 1 --runs "$runs" --ignore-failure \
      --export-json "$DIR/h.json" "$cmd" >/dev/null
    read -r median cpu < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["median"], r["user"]+r["system"])' "$DIR/h.json")
  else
    local times
    times="$(for _ in $(seq "$runs"); do
      /usr/bin/time -f "%e %U %S" bash -c "$cmd" 2>&1 >/dev/null | tail -1
    done)"
    median="$(awk '{print $1}' <<<"$times" | median_of)"
    cpu="$(awk '{s+=$2+$3} END {print s/NR}' <<<"$times")"
  fi
  printf '%s\t%s\ttime\t%s\n' "$size" "$name" "$median" | tee -a "$RESULTS"
  printf '%s\t%s\tcpu\t%s\n' "$size" "$name" "$cpu" >>"$RESULTS"
}

# peak SIZE NAME COMMAND: records the peak resident memory in KB.
peak() {
  local size="$1" name="$2" cmd="$3" kb
  kb="$(/usr/bin/time -v bash -c "exec $cmd" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')"
  printf '%s\t%s\trss_kb\t%s\n' "$size" "$name" "$kb" | tee -a "$RESULTS"
}

for n in $SIZES; do
  tree="$DIR/c$n"
  [[ -f "$tree/manifest.json" ]] || "$GEN" --projects "$n" --seed 7 --out "$tree" >/dev/null
  find "$tree" -name '*.toml' -print0 | xargs -0 cat >/dev/null # warm the page cache
  printf '%s\tfiles\tcount\t%s\n' "$n" "$(find "$tree" -name '*.toml' | wc -l)" >>"$RESULTS"
  measure "$n" "perf validate" "$RUNS" "$PERF validate --exit-zero --format concise $tree >/dev/null 2>&1"
  measure "$n" "perf summary" "$RUNS" "$PERF summary $tree >/dev/null 2>&1"
  measure "$n" "read floor" "$RUNS" "$FLOOR $tree >/dev/null"
  measure "$n" "find | xargs cat" "$RUNS" "find $tree -name '*.toml' -print0 | xargs -0 cat >/dev/null"
  if (( n <= PYTHON_MAX )); then
    measure "$n" "python tomllib" 1 "python3 scripts/baseline_validate.py $tree >/dev/null 2>&1"
  fi
  if [[ -n "$TAPLO" ]]; then
    # An empty config: the repository's .taplo.toml includes only its own folders, and taplo
    # would silently skip every generated file.
    : >"$DIR/taplo-empty.toml"
    measure "$n" "taplo lint" 1 "find $tree -name '*.toml' -print0 | xargs -0 $TAPLO lint --no-schema --config $DIR/taplo-empty.toml >/dev/null 2>&1"
  fi
  peak "$n" "perf validate" "$PERF validate --exit-zero --format concise $tree"
  peak "$n" "perf summary" "$PERF summary $tree"
  peak "$n" "read floor" "$FLOOR $tree"
done

# Start-up: one file (its folder is loaded too, for the cross-file rules).
one="budgets/高新区人社局/被征地农民社会保障费.toml"
measure 1 "perf validate (one file)" 20 "$PERF validate --exit-zero $one >/dev/null 2>&1"

python3 - "$RESULTS" <<'EOF'
import collections, math, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
time = collections.defaultdict(dict)
cpu = collections.defaultdict(dict)
rss = collections.defaultdict(dict)
files = {}
for size, name, kind, value in rows:
    if kind == "count":
        files[int(size)] = int(value)
    else:
        {"time": time, "cpu": cpu, "rss_kb": rss}[kind][int(size)][name] = float(value)
print("\n| projects | command | median wall (s) | × read floor | files/s | CPU (s) | peak RSS (MB) |")
print("|---:|---|---:|---:|---:|---:|---:|")
for size in sorted(time):
    floor = time[size].get("read floor")
    for name, t in time[size].items():
        ratio = f"{t / floor:.2f}" if floor else ""
        rate = f"{files[size] / t:,.0f}" if size in files else ""
        mem = rss[size].get(name)
        mem = f"{mem / 1024:.1f}" if mem else ""
        print(f"| {size:,} | {name} | {t:.3f} | {ratio} | {rate} | {cpu[size].get(name, 0):.2f} | {mem} |")
sizes = sorted(s for s in time if s > 1)
if len(sizes) >= 2:
    lo, hi = sizes[0], sizes[-1]
    print(f"\nscaling exponent {lo:,} → {hi:,} projects (time ∝ n^k):")
    for name in ("perf validate", "perf summary", "read floor"):
        if name in time[lo] and name in time[hi]:
            k = math.log(time[hi][name] / time[lo][name]) / math.log(hi / lo)
            print(f"  {name}: k = {k:.2f}")
EOF
