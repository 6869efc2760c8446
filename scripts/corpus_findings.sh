#!/usr/bin/env bash
# Findings on the real-forms corpus (docs/real-forms.md, issue 15): runs a given perf binary's
# `validate --format json` on every tests/real-forms/*/expected/ folder — one folder at a time,
# so the tables do not meet in cross-file rules — and prints the number of findings per rule
# code, then the total, as `CODE<TAB>COUNT` lines.
#
#   scripts/corpus_findings.sh target/debug/perf
#   scripts/corpus_findings.sh /tmp/perf-before target/debug/perf   # two columns, before/after
#
# With two binaries it prints one Markdown table with a column per binary and the difference.
# Needs jq. The exit status of validate (1 when there are errors) is not a failure here.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 PERF [PERF_AFTER]" >&2
    exit 2
fi

counts() {
    local perf="$1" dir
    for dir in tests/real-forms/*/expected/; do
        "$perf" validate --format json "$dir" 2>/dev/null || true
    done | jq -r '.diagnostics[].code' | sort | uniq -c | awk '{ print $2 "\t" $1 }'
}

if [ $# -eq 1 ]; then
    counts "$1" | awk -F'\t' '{ print; total += $2 } END { print "total\t" total }'
    exit 0
fi

before="$(mktemp)"
after="$(mktemp)"
trap 'rm -f "$before" "$after"' EXIT
counts "$1" >"$before"
counts "$2" >"$after"
echo "| 代码 | $1 | $2 | 差 |"
echo "|---|---:|---:|---:|"
join -t $'\t' -a 1 -a 2 -e 0 -o 0,1.2,2.2 "$before" "$after" |
    awk -F'\t' '{ d = $3 - $2; printf "| %s | %d | %d | %+d |\n", $1, $2, $3, d; b += $2; a += $3 }
        END { printf "| 合计 | %d | %d | %+d |\n", b, a, a - b }'
