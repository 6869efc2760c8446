#!/usr/bin/env bash
# Whole-process benchmark (docs/performance.md): `perf validate` in every format and `perf
# summary` against the read floor (examples/read_floor) and the plain Python tomllib script
# (scripts/baseline_validate.py), on two generated trees: a clean one (3% of files with one
# defect each) and a realistic one (`gen_corpus --findings realistic`: every file with
# findings at the density of published tables, ~4 a file). Then one 1,000,000-project
# realistic run (time, peak RSS, the disk the tree takes), and one table of 200,000 rows.
#
#   scripts/bench.sh                                 # 100k projects, 3 runs each, the 1M run
#   SIZES="10000" RUNS=5 BIG= scripts/bench.sh       # no 1M run
#   NO_BUILD=1 BENCH_DIR=/tmp/trees scripts/bench.sh # keep the binaries and trees you have
#   BIG_DIR=/dev/shm scripts/bench.sh                # the 1M tree in memory, not on a full disk
#
# Medians come from hyperfine when it is installed, else from /usr/bin/time; peak memory
# from /usr/bin/time -v. Every figure is recorded with the 1-minute load average when it was
# taken: on a shared machine the load says how much to trust it. Results go to
# $BENCH_DIR/results.tsv and are printed as Markdown tables to paste into the docs. Trees are
# generated once (seed 7) and kept in $BENCH_DIR (KEEP_BIG= deletes the 1M tree after its
# run); the page cache is warmed before timing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-100000}"
KINDS="${KINDS:-clean realistic}"
FORMATS="${FORMATS:-human concise json jsonl github gitlab sarif junit}"
RUNS="${RUNS:-3}"
BIG="${BIG-1000000}"
KEEP_BIG="${KEEP_BIG-}"
BIG_DIR="${BIG_DIR:-${BENCH_DIR:-${TMPDIR:-/tmp}/perf-bench}}"
DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/perf-bench}"
PYTHON_MAX="${PYTHON_MAX:-100000}"
mkdir -p "$DIR"
RESULTS="$DIR/results.tsv"
: >"$RESULTS"

[[ -n "${NO_BUILD:-}" ]] || cargo build --release --quiet --bin perf --example gen_corpus --example read_floor
PERF="$PWD/target/release/perf"
FLOOR="$PWD/target/release/examples/read_floor"
GEN="$PWD/target/release/examples/gen_corpus"
HYPERFINE="$(command -v hyperfine || true)"

load() { cut -d' ' -f1 /proc/loadavg; }
median_of() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure TREE NAME RUNS COMMAND: the median wall time and the mean CPU time (user + system).
measure() {
  local tree="$1" name="$2" runs="$3" cmd="$4" median cpu before
  before="$(load)"
  if [[ -n "$HYPERFINE" ]]; then
    "$HYPERFINE" --style none --warmup 1 --runs "$runs" --ignore-failure \
      --export-json "$DIR/h.json" "$cmd" >/dev/null
    read -r median cpu < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["median"], r["user"]+r["system"])' "$DIR/h.json")
  else
    local times
    times="$(for _ in $(seq "$runs"); do
      # A command that exits non-zero (the Python baseline, on finding problems) is still
      # timed: only its time is wanted, as hyperfine's --ignore-failure does.
      /usr/bin/time -f "%e %U %S" bash -c "$cmd" 2>&1 >/dev/null | tail -1 || true
    done)"
    median="$(awk '{print $1}' <<<"$times" | median_of)"
    cpu="$(awk '{s+=$2+$3} END {print s/NR}' <<<"$times")"
  fi
  printf '%s\t%s\ttime\t%s\t%s\n' "$tree" "$name" "$median" "$before" | tee -a "$RESULTS"
  printf '%s\t%s\tcpu\t%s\t%s\n' "$tree" "$name" "$cpu" "$before" >>"$RESULTS"
}

# peak TREE NAME COMMAND: the peak resident memory in KB.
peak() {
  local tree="$1" name="$2" cmd="$3" kb before
  before="$(load)"
  kb="$(/usr/bin/time -v bash -c "exec $cmd" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')"
  printf '%s\t%s\trss_kb\t%s\t%s\n' "$tree" "$name" "$kb" "$before" | tee -a "$RESULTS"
}

# tree KIND N [DIR]: generates (once) and warms a tree; prints its path.
tree() {
  local kind="$1" n="$2" path="${3:-$DIR}/$1-$2" flags=()
  [[ "$kind" == realistic ]] && flags=(--findings realistic)
  [[ -f "$path/manifest.json" ]] || "$GEN" --projects "$n" --seed 7 "${flags[@]}" --out "$path" >/dev/null
  find "$path" -name '*.toml' -print0 | xargs -0 cat >/dev/null
  echo "$path"
}

for n in $SIZES; do
  for kind in $KINDS; do
    t="$(tree "$kind" "$n")"
    label="$kind $n"
    printf '%s\tfiles\tcount\t%s\t\n' "$label" "$(find "$t" -name '*.toml' | wc -l)" >>"$RESULTS"
    printf '%s\tfindings\tcount\t%s\t\n' "$label" "$("$PERF" validate --exit-zero --format concise "$t" 2>/dev/null | wc -l)" >>"$RESULTS"
    measure "$label" "read floor" "$RUNS" "$FLOOR $t >/dev/null"
    measure "$label" "perf summary" "$RUNS" "$PERF summary $t >/dev/null 2>&1"
    peak "$label" "perf summary" "$PERF summary $t"
    for format in $FORMATS; do
      measure "$label" "validate $format" "$RUNS" "$PERF validate --exit-zero --format $format $t >/dev/null 2>&1"
      peak "$label" "validate $format" "$PERF validate --exit-zero --format $format $t"
    done
    measure "$label" "validate, 6 noisy rules allowed" "$RUNS" "$PERF validate --exit-zero --format concise --allow I014 --allow S005 --allow P005 --allow P006 --allow I013 --allow I008 $t >/dev/null 2>&1"
    if [[ "$kind" == realistic ]] && (( n <= PYTHON_MAX )); then
      measure "$label" "python tomllib" 1 "python3 scripts/baseline_validate.py $t >/dev/null 2>&1"
    fi
  done
done

# One table of 200,000 rows (a [plan] of 200,000 months, each a finding).
big_table="$DIR/table/budgets/部门/大表.toml"
if [[ ! -f "$big_table" ]]; then
  mkdir -p "$(dirname "$big_table")"
  python3 - "$big_table" <<'EOF'
import sys
lines = ['[project]', 'name = "大表"', 'department = "部门"', 'year = 2024', '', '[plan]']
lines += [f'{m} = 50' for m in range(13, 13 + 200_000)]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
fi
measure "table" "validate concise, 200,000 keys in [plan]" 3 "$PERF validate --exit-zero --format concise $DIR/table >/dev/null 2>&1"
measure "table" "validate human, 200,000 keys in [plan]" 3 "$PERF validate --exit-zero $DIR/table >/dev/null 2>&1"

# One run at 1,000,000 projects: time, peak RSS and the disk the tree takes.
if [[ -n "$BIG" ]]; then
  mkdir -p "$BIG_DIR"
  df -h "$BIG_DIR" | tail -1 >&2
  t="$(tree realistic "$BIG" "$BIG_DIR")"
  label="realistic $BIG"
  printf '%s\tfiles\tcount\t%s\t\n' "$label" "$(find "$t" -name '*.toml' | wc -l)" >>"$RESULTS"
  printf '%s\tdisk\tkb\t%s\t\n' "$label" "$(du -sk "$t" | cut -f1)" >>"$RESULTS"
  measure "$label" "read floor" 1 "$FLOOR $t >/dev/null"
  for format in concise json; do
    measure "$label" "validate $format" 1 "$PERF validate --exit-zero --format $format $t >/dev/null 2>&1"
    peak "$label" "validate $format" "$PERF validate --exit-zero --format $format $t"
  done
  measure "$label" "perf summary" 1 "$PERF summary $t >/dev/null 2>&1"
  peak "$label" "perf summary" "$PERF summary $t"
  [[ -n "$KEEP_BIG" ]] || rm -rf "$t"
fi

python3 - "$RESULTS" <<'EOF'
import collections, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
time, cpu, rss, load, count = (collections.defaultdict(dict) for _ in range(5))
for tree, name, kind, value, *rest in rows:
    if kind in ("count", "kb"):
        count[tree][name] = value
        continue
    {"time": time, "cpu": cpu, "rss_kb": rss}[kind][tree][name] = float(value)
    if kind != "cpu":
        load[tree].setdefault(name, []).append(rest[0] if rest else "")
print("\n| tree | command | wall (s) | × read floor | CPU (s) | peak RSS (MB) | load |")
print("|---|---|---:|---:|---:|---:|---|")
for tree in time:
    floor = time[tree].get("read floor")
    info = ", ".join(f"{v} {k}" for k, v in count[tree].items())
    for name, t in time[tree].items():
        ratio = f"{t / floor:.2f}" if floor else ""
        mem = rss[tree].get(name)
        mem = f"{mem / 1024:.1f}" if mem else ""
        print(f"| {tree} | {name} | {t:.2f} | {ratio} | {cpu[tree].get(name, 0):.2f} | {mem} | {' / '.join(load[tree][name])} |")
    if info:
        print(f"| {tree} | ({info}) | | | | | |")
EOF
