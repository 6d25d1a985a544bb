#!/usr/bin/env python3
"""natrecon vs DuckDB vs polars on the same clean generated data (`make bench-compare`).

Each tool runs in its own subprocess, one after the other, on the data that
`natrecon-bench run --scale S --generate-only` wrote (clean mode: one header set,
`YYYY-MM-DD HH:MM:SS` times, UTF-8, results 阴性 / 混管阳性 / 待出 / 无效). Wall time is
measured around the subprocess and peak RSS comes from os.wait4's rusage of that one
child, so the three figures are measured alike, in the same run.

DuckDB runs the natural SQL and polars the natural lazy DataFrame program for the
reconciliation of SPEC §3, restricted to what clean data needs: read both CSVs, normalise
IDs (trim, upper-case), keep the first roster row per ID, use test records sampled at or
before T, treat results reported after T as pending, latest test per person (ties:
positive > invalid > negative > pending), tested in the round, the 48-hour certificate
(anchored on the report time, no later positive), households, and the summary's total
row. The totals must equal natrecon's summary.csv total row, or the script exits 1.

Usage (from the package root):
    python Benchmarks/compare/compare.py --data bench-data/1m-clean --natrecon .build/release/natrecon
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

T = "2022-04-03 22:00:00"  # as_of of the generated pipeline
R0 = "2022-04-03 00:00:00"  # round start
R1 = "2022-04-03 23:59:59"  # round end
VALIDITY_HOURS = 48
EXEMPT = ["外出", "离沪", "住院"]
TOTAL_FIELDS = ["residents", "eligible", "tested", "untested", "cert_valid", "households",
                "households_complete", "positive"]


# --------------------------------------------------------------------------- DuckDB

def run_duckdb(data):
    import duckdb

    con = duckdb.connect()
    q = f"""
    WITH roster_raw AS (
      SELECT row_number() OVER () AS rn, upper(trim("证件号码")) AS id, "区" AS district,
             "街镇" AS street, "居委" AS committee, "小区" AS compound, "楼号" AS building,
             "单元" AS unit, "室号" AS room, coalesce(trim("居住状态"), '') AS status
      FROM read_csv('{data}/roster.csv', header = true, all_varchar = true)
    ),
    roster AS (
      SELECT * EXCLUDE (k) FROM (
        SELECT *, row_number() OVER (PARTITION BY id ORDER BY rn) AS k FROM roster_raw)
      WHERE k = 1
    ),
    tests AS (
      SELECT upper(trim("证件号码")) AS id,
             strptime("采样时间", '%Y-%m-%d %H:%M:%S') AS s,
             try_strptime("报告时间", '%Y-%m-%d %H:%M:%S') AS r,
             coalesce("检测结果", '') AS raw
      FROM read_csv('{data}/tests/*.csv', header = true, all_varchar = true)
    ),
    used AS (
      SELECT id, s, r,
        CASE
          WHEN r IS NOT NULL AND r > TIMESTAMP '{T}' THEN 'pending'
          WHEN raw LIKE '%阳性%' THEN 'positive'
          WHEN raw LIKE '%阴性%' THEN 'negative'
          WHEN raw IN ('无效', '样本不合格') THEN 'invalid'
          ELSE 'pending'
        END AS res
      FROM tests WHERE s <= TIMESTAMP '{T}'
    ),
    ranked AS (
      SELECT *, CASE res WHEN 'positive' THEN 3 WHEN 'invalid' THEN 2
                         WHEN 'negative' THEN 1 ELSE 0 END AS prio,
             CASE WHEN res = 'negative' THEN coalesce(r, s) END AS anchor
      FROM used
    ),
    per_person AS (
      SELECT id,
        arg_max(res, (s, prio)) AS last_result,
        bool_or(s BETWEEN TIMESTAMP '{R0}' AND TIMESTAMP '{R1}'
                AND res IN ('negative', 'positive', 'pending')) AS tested,
        max(anchor) AS last_negative,
        arg_max(s, (anchor, s)) FILTER (WHERE res = 'negative') AS negative_sample,
        max(s) FILTER (WHERE res = 'positive') AS last_positive_sample
      FROM ranked GROUP BY id
    ),
    residents AS (
      SELECT ro.*, ro.status NOT IN ({", ".join("'" + e + "'" for e in EXEMPT)}) AS eligible,
        coalesce(p.tested, false) AS tested,
        coalesce(p.last_negative >= TIMESTAMP '{T}' - INTERVAL {VALIDITY_HOURS} HOUR
                 AND NOT coalesce(p.last_positive_sample >= p.negative_sample, false), false) AS cert_valid,
        coalesce(p.last_result = 'positive', false) AS positive
      FROM roster ro LEFT JOIN per_person p USING (id)
    ),
    households AS (
      SELECT count(*) FILTER (WHERE eligible) AS eligible,
             count(*) FILTER (WHERE eligible AND NOT tested) AS untested
      FROM residents
      GROUP BY district, street, committee, compound, building, unit, room
    )
    SELECT
      (SELECT count(*) FROM residents),
      (SELECT count(*) FILTER (WHERE eligible) FROM residents),
      (SELECT count(*) FILTER (WHERE eligible AND tested) FROM residents),
      (SELECT count(*) FILTER (WHERE eligible AND NOT tested) FROM residents),
      (SELECT count(*) FILTER (WHERE eligible AND cert_valid) FROM residents),
      (SELECT count(*) FILTER (WHERE eligible > 0) FROM households),
      (SELECT count(*) FILTER (WHERE eligible > 0 AND untested = 0) FROM households),
      (SELECT count(*) FILTER (WHERE positive) FROM residents)
    """
    row = con.execute(q).fetchone()
    return dict(zip(TOTAL_FIELDS, (int(v) for v in row)))


# --------------------------------------------------------------------------- polars

def run_polars(data):
    import polars as pl

    fmt = "%Y-%m-%d %H:%M:%S"
    t = pl.lit(T).str.strptime(pl.Datetime, fmt)
    roster = (
        pl.scan_csv(f"{data}/roster.csv", infer_schema=False)
        .with_row_index("rn")
        .select(
            "rn",
            pl.col("证件号码").str.strip_chars().str.to_uppercase().alias("id"),
            pl.col("区").alias("district"), pl.col("街镇").alias("street"),
            pl.col("居委").alias("committee"), pl.col("小区").alias("compound"),
            pl.col("楼号").alias("building"), pl.col("单元").alias("unit"),
            pl.col("室号").alias("room"),
            pl.col("居住状态").fill_null("").str.strip_chars().alias("status"),
        )
        .unique(subset="id", keep="first", maintain_order=True)
    )
    tests = (
        pl.scan_csv(f"{data}/tests/*.csv", infer_schema=False)
        .select(
            pl.col("证件号码").str.strip_chars().str.to_uppercase().alias("id"),
            pl.col("采样时间").str.strptime(pl.Datetime, fmt).alias("s"),
            pl.col("报告时间").str.strptime(pl.Datetime, fmt, strict=False).alias("r"),
            pl.col("检测结果").fill_null("").alias("raw"),
        )
        .filter(pl.col("s") <= t)
        .with_columns(
            pl.when(pl.col("r").is_not_null() & (pl.col("r") > t)).then(pl.lit("pending"))
            .when(pl.col("raw").str.contains("阳性")).then(pl.lit("positive"))
            .when(pl.col("raw").str.contains("阴性")).then(pl.lit("negative"))
            .when(pl.col("raw").is_in(["无效", "样本不合格"])).then(pl.lit("invalid"))
            .otherwise(pl.lit("pending")).alias("res")
        )
        .with_columns(
            pl.col("res").replace_strict(
                {"positive": 3, "invalid": 2, "negative": 1, "pending": 0}, return_dtype=pl.Int8
            ).alias("prio"),
            pl.when(pl.col("res") == "negative").then(pl.coalesce("r", "s")).alias("anchor"),
        )
    )
    r0 = pl.lit(R0).str.strptime(pl.Datetime, fmt)
    r1 = pl.lit(R1).str.strptime(pl.Datetime, fmt)
    last = (
        tests.sort(["id", "s", "prio"]).group_by("id").agg(pl.col("res").last().alias("last_result"))
    )
    negatives = (
        tests.filter(pl.col("res") == "negative").sort(["id", "anchor", "s"]).group_by("id")
        .agg(pl.col("anchor").last().alias("last_negative"), pl.col("s").last().alias("negative_sample"))
    )
    flags = tests.group_by("id").agg(
        (pl.col("s").is_between(r0, r1) & pl.col("res").is_in(["negative", "positive", "pending"]))
        .any().alias("tested"),
        pl.col("s").filter(pl.col("res") == "positive").max().alias("last_positive_sample"),
    )
    valid_from = t - pl.duration(hours=VALIDITY_HOURS)
    residents = (
        roster.join(last, on="id", how="left").join(negatives, on="id", how="left")
        .join(flags, on="id", how="left")
        .with_columns(
            (~pl.col("status").is_in(EXEMPT)).alias("eligible"),
            pl.col("tested").fill_null(False),
            ((pl.col("last_negative") >= valid_from)
             & ~(pl.col("last_positive_sample") >= pl.col("negative_sample")).fill_null(False))
            .fill_null(False).alias("cert_valid"),
            (pl.col("last_result") == "positive").fill_null(False).alias("positive"),
        )
    )
    keys = ["district", "street", "committee", "compound", "building", "unit", "room"]
    per_resident = residents.select(
        pl.len().alias("residents"),
        pl.col("eligible").sum().alias("eligible"),
        (pl.col("eligible") & pl.col("tested")).sum().alias("tested"),
        (pl.col("eligible") & ~pl.col("tested")).sum().alias("untested"),
        (pl.col("eligible") & pl.col("cert_valid")).sum().alias("cert_valid"),
        pl.col("positive").sum().alias("positive"),
    )
    households = (
        residents.group_by(keys).agg(
            pl.col("eligible").sum().alias("e"), (pl.col("eligible") & ~pl.col("tested")).sum().alias("u"))
        .select((pl.col("e") > 0).sum().alias("households"),
                ((pl.col("e") > 0) & (pl.col("u") == 0)).sum().alias("households_complete"))
    )
    a, b = pl.collect_all([per_resident, households])
    totals = {**a.row(0, named=True), **b.row(0, named=True)}
    return {k: int(totals[k]) for k in TOTAL_FIELDS}


# --------------------------------------------------------------------------- natrecon

def run_natrecon(data, natrecon):
    out = os.path.join(data, "out-compare")
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run(
        [natrecon, "run", os.path.join(data, "pipeline.yml"), "--format", "csv", "--out", out],
        capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(proc.returncode)
    with open(os.path.join(out, "latest", "summary.csv"), encoding="utf-8") as f:
        total = next(r for r in csv.DictReader(f) if r["level"] == "total")
    return {k: int(total[k]) for k in TOTAL_FIELDS}


# --------------------------------------------------------------------------- harness

def measure_child(argv):
    """Forks a child for argv and reaps it with os.wait4 to get that child's own rusage."""
    started = time.monotonic()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.close(out_r)
        os.close(err_r)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    os.close(out_w)
    os.close(err_w)
    chunks = {out_r: [], err_r: []}
    import selectors
    sel = selectors.DefaultSelector()
    for fd in chunks:
        sel.register(fd, selectors.EVENT_READ)
    open_fds = set(chunks)
    while open_fds:
        for key, _ in sel.select():
            data = os.read(key.fd, 65536)
            if not data:
                sel.unregister(key.fd)
                open_fds.discard(key.fd)
                os.close(key.fd)
            else:
                chunks[key.fd].append(data)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - started
    rss = usage.ru_maxrss * 1024  # kilobytes on Linux
    return wall, rss, status, b"".join(chunks[out_r]).decode(), b"".join(chunks[err_r]).decode()


def describe_failure(status, err):
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        return "out of memory (killed by SIGKILL)"
    if "MemoryError" in err or "Out of Memory" in err or "out of memory" in err.lower():
        return "out of memory"
    last = err.strip().splitlines()[-1] if err.strip() else ""
    return f"failed (status {os.waitstatus_to_exitcode(status)}): {last}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="a clean dataset folder (with pipeline.yml)")
    ap.add_argument("--natrecon", default=".build/release/natrecon")
    ap.add_argument("--runs", type=int, default=3,
                    help="rounds of the three tools, interleaved; medians are shown (default 3)")
    ap.add_argument("--engine", choices=["natrecon", "duckdb", "polars"], help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.engine:  # child mode: compute and print the totals as JSON
        if args.engine == "duckdb":
            totals = run_duckdb(args.data)
        elif args.engine == "polars":
            totals = run_polars(args.data)
        else:
            totals = run_natrecon(args.data, args.natrecon)
        print(json.dumps(totals))
        return 0

    import duckdb
    import polars

    versions = {"natrecon": "", "duckdb": duckdb.__version__, "polars": polars.__version__}
    engines = ["natrecon", "duckdb", "polars"]
    measured = {e: [] for e in engines}  # (wall, rss) per successful run
    failures = {}
    results = {}
    # Rounds interleave the tools, so a slow spell of the shared machine hits all three.
    for round_ in range(1, args.runs + 1):
        for engine in engines:
            if engine in failures:
                continue
            argv = [sys.executable, os.path.abspath(__file__), "--engine", engine, "--data", args.data,
                    "--natrecon", args.natrecon]
            if engine == "natrecon":
                # Measure the natrecon process itself, not a Python wrapper around it.
                out = os.path.join(args.data, "out-compare")
                shutil.rmtree(out, ignore_errors=True)
                argv = [args.natrecon, "run", os.path.join(args.data, "pipeline.yml"), "--format", "csv",
                        "--out", out]
            print(f"round {round_}/{args.runs}: running {engine} …", flush=True)
            wall, rss, status, stdout, stderr = measure_child(argv)
            if status != 0:
                failures[engine] = describe_failure(status, stderr)
                continue
            if engine == "natrecon":
                with open(os.path.join(out, "latest", "summary.csv"), encoding="utf-8") as f:
                    total = next(r for r in csv.DictReader(f) if r["level"] == "total")
                results[engine] = {k: int(total[k]) for k in TOTAL_FIELDS}
            else:
                results[engine] = json.loads(stdout.strip().splitlines()[-1])
            measured[engine].append((wall, rss))
    rows = []
    for engine in engines:
        if engine in failures:
            rows.append((engine, None, None, failures[engine]))
        else:
            walls = sorted(w for w, _ in measured[engine])
            rsss = sorted(r for _, r in measured[engine])
            rows.append((engine, walls[len(walls) // 2], rsss[len(rsss) // 2], "ok"))

    print()
    print(f"dataset: {args.data} (T = {T}, round {R0} – {R1}, V = {VALIDITY_HOURS} h); "
          f"medians of {args.runs} run(s) per tool")
    print(f"{'tool':<10}{'version':>10}{'wall s':>10}{'peak RSS MB':>14}  result")
    base = next((r for r in rows if r[0] == "natrecon" and r[1] is not None), None)
    for engine, wall, rss, state in rows:
        if wall is None:
            print(f"{engine:<10}{versions[engine]:>10}{'—':>10}{'—':>14}  {state}")
        else:
            print(f"{engine:<10}{versions[engine]:>10}{wall:>10.2f}{rss / 1048576:>14.1f}  {state}")
    if base:
        for engine, wall, rss, _ in rows:
            if engine != "natrecon" and wall is not None:
                print(f"natrecon/{engine}: time {base[1] / wall:.2f}×, peak RSS {base[2] / rss:.2f}×")

    print()
    print("summary totals: " + ", ".join(TOTAL_FIELDS))
    ok = True
    reference = results.get("natrecon")
    for engine, totals in results.items():
        same = reference is None or totals == reference
        ok = ok and same
        print(f"  {engine:<9} " + ", ".join(str(totals[k]) for k in TOTAL_FIELDS)
              + ("" if same else "   <-- differs from natrecon"))
    if reference is None:
        print("natrecon did not finish; nothing to compare against")
        return 1
    print("totals agree" if ok else "TOTALS DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
