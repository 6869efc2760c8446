#!/usr/bin/env python3
"""The honest baseline for docs/performance.md: what a user would write instead of perf.

A plain, single-process Python 3.11+ script with the standard library's `tomllib`: walk the
tree, parse every `*.toml`, and run the checks a reviewer cares most about --
budget sums (B001-B003), plan rules (S001-S005), cost indicators against the budget
(C001-C006), satisfaction targets (I008) and indicator coverage (P002-P004). It prints one
line per finding (file, code) and a count, and exits 1 when it found an error, like perf.

It is deliberately straightforward (no parallelism, no spans, no suggestions, a regular
expression for targets): the baseline measures the work, not a rival implementation.

    python3 scripts/baseline_validate.py DIR
"""

import os
import re
import sys
import tomllib
from decimal import Decimal, InvalidOperation

WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "万": Decimal(1), "亿元": Decimal(10000), "亿": Decimal(10000)}
COMPARATORS = [
    ("≥", ["≥", "≧", "⩾", ">=", "=>", "＞＝", "＞=", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少"]),
    ("≤", ["≤", "≦", "⩽", "<=", "=<", "＜＝", "小于等于", "小于或等于", "不高于", "不超过", "不多于", "不大于", "最多"]),
    (">", [">", "＞", "大于", "高于", "多于"]),
    ("<", ["<", "＜", "小于", "低于", "少于"]),
    ("=", ["=", "＝", "等于"]),
]
WORDS = sorted(((w, c) for c, ws in COMPARATORS for w in ws), key=lambda p: -len(p[0]))
NUMBER = re.compile(r"^\s*([0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)\s*(.*?)\s*$")
FULL = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
COST = {"成本指标", "成本", "经济成本指标", "经济成本"}
SATISFACTION = {"服务对象满意度指标", "服务对象满意度", "社会公众或服务对象满意度指标", "满意度指标", "满意度"}


def amount(value):
    """A budget amount: integer, float (as written) or decimal string."""
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def read_target(raw):
    """(comparator, number, unit) for a quantitative target, else None."""
    text = raw.strip().translate(FULL)
    comparator = None
    for word, c in WORDS:
        if text.startswith(word):
            comparator, text = c, text[len(word):]
            break
    m = NUMBER.match(text)
    if not m:
        return None
    number = Decimal(m.group(1).replace(",", "").replace("，", ""))
    unit = m.group(2).replace("百分比", "%")
    for suffix, c in (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤")):
        if unit.endswith(suffix):
            unit = unit[: -len(suffix)].strip()
            comparator = comparator or c
    return comparator or "=", number, unit


def check_project(path, doc, out):
    budget = doc.get("budget") or {}
    unit = WAN.get(budget.get("unit", "万元"), Decimal(1))
    total = amount(budget.get("total")) if "total" in budget else None
    fiscal = amount(budget["fiscal"]) if "fiscal" in budget else None
    other = amount(budget["other"]) if "other" in budget else None
    for value in (total, fiscal, other):
        if value is not None and value < 0:
            out.append((path, "B002"))
    if total is not None:
        if fiscal is not None and other is not None and fiscal + other != total:
            out.append((path, "B001"))
        elif fiscal is None and other is None:
            out.append((path, "B003"))
        elif (fiscal or other) is not None and (fiscal if fiscal is not None else other) > total:
            out.append((path, "B001"))

    plan = doc.get("plan")
    if plan is None:
        out.append((path, "S006"))
    else:
        points = []
        for key, value in plan.items():
            try:
                month = int(str(key).strip())
                percent = Decimal(str(value).strip().rstrip("%").strip())
            except (ValueError, InvalidOperation):
                continue
            if not 1 <= month <= 12:
                out.append((path, "S001"))
                continue
            if not 0 <= percent <= 100:
                out.append((path, "S002"))
            points.append((month, percent))
        points.sort()
        for (_, before), (_, after) in zip(points, points[1:]):
            if after < before:
                out.append((path, "S003"))
        if not points or points[-1] != (12, Decimal(100)):
            out.append((path, "S004"))
        for month, percent in points:
            if Decimal(month) * 100 / 12 - percent > 20:
                out.append((path, "S005"))

    rows = [r for r in doc.get("indicator", []) if isinstance(r, dict)]
    level1 = [str(r.get("level1", "")).strip() for r in rows]
    level2 = [str(r.get("level2", "")).strip() for r in rows]
    output = [l2 for l1, l2 in zip(level1, level2) if l1 in ("产出指标", "产出")]
    for want in ("数量", "质量", "时效"):
        if not any(l2.startswith(want) for l2 in output):
            out.append((path, "P002"))
    if not any(l1 in ("成本指标", "成本") or l2 in COST for l1, l2 in zip(level1, level2)):
        out.append((path, "P002"))
    if not any(l1 in ("效益指标", "效益", "效果指标", "效果") for l1 in level1):
        out.append((path, "P003"))
    if not any(l2 in SATISFACTION or l1 in ("满意度指标", "满意度") for l1, l2 in zip(level1, level2)):
        out.append((path, "P004"))

    costs = []
    for row, l2 in zip(rows, level2):
        target = str(row.get("target", ""))
        read = read_target(target)
        if l2 in SATISFACTION:
            ok = read and read[2] == "%" and read[0] in ("≥", ">") and 80 <= read[1] < 100
            if not ok:
                out.append((path, "I008"))
        if l2 in COST and read and total is not None and (read[2] in WAN or read[2] == ""):
            if read[2] == "":
                out.append((path, "C006"))
            costs.append((read[0], read[1] * WAN.get(read[2], unit)))
    if len(costs) == 1 and total is not None:
        comparator, cost = costs[0]
        budget_wan = total * unit
        if comparator == "=" and cost != budget_wan:
            out.append((path, "C001"))
        elif comparator in ("≤", "<") and (cost < budget_wan or (comparator == "<" and cost == budget_wan)):
            out.append((path, "C002"))
        elif comparator in ("≤", "<") and cost > budget_wan:
            out.append((path, "C003"))
        elif comparator in ("≥", ">"):
            out.append((path, "C004"))
            if cost > budget_wan or (comparator == ">" and cost == budget_wan):
                out.append((path, "C005"))


def main(roots):
    findings, files = [], 0
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                if not name.endswith(".toml") or name == "perf.toml":
                    continue
                path = os.path.join(folder, name)
                files += 1
                with open(path, "rb") as f:
                    data = f.read()
                try:
                    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
                except UnicodeDecodeError:
                    findings.append((path, "F006"))
                    continue
                try:
                    doc = tomllib.loads(text)
                except tomllib.TOMLDecodeError:
                    findings.append((path, "F001"))
                    continue
                if "project" in doc:
                    check_project(path, doc, findings)
    for path, code in findings:
        print(f"{path}: {code}")
    print(f"checked {files} files: {len(findings)} findings", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["budgets"]))
