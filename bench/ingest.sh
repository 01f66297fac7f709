#!/usr/bin/env bash
# Incremental ingest into the store: all of SaudiNewsNet (31k articles) with
# `khabar ingest --batch 1000`, then 1,000 searches on the result.
#
#   bench/ingest.sh
#
#   RUNS=5 bench/ingest.sh    # more runs (default 3), each into a new directory
#
# Prints, for each run, articles/s (process wall time, reading and the
# story documents at the end included), user and system CPU and peak RSS,
# then the median run; the data directory's size against the raw text; and
# search latency (p50/p99/max) on the last run's store. Wall time is noisy
# on a shared machine (machines of one kind differ by a third from day to
# day): CPU time less so, and so is the ratio to `khabar run --json` over
# the same corpus (the same pipeline without the store), which each run
# also times, right after its ingest. Everything it writes goes to $WORK.
set -euo pipefail

source "$(dirname "$0")/common.sh"
BATCH=${BATCH:-1000}
RUNS=${RUNS:-3}

CORPUS=$(saudinewsnet_corpus)

echo "building (release)" >&2
(cd "$ROOT" && cargo build --release -q -p khabar && cargo build --release -q -p khabar-archive --example search_latency)
TARGET=$(target_dir)

DATA="$WORK/ingest-data"
rm -f "$WORK"/ingest.time.* "$WORK"/run.time.*
for run in $(seq 1 "$RUNS"); do
    rm -rf "$DATA"
    echo "ingesting, run $run of $RUNS (batches of $BATCH)" >&2
    /usr/bin/time -v -o "$WORK/ingest.time.$run" "$TARGET/release/khabar" ingest --batch "$BATCH" --data "$DATA" "$CORPUS" \
        >"$WORK/ingest.out" 2>"$WORK/ingest.err"
    echo "khabar run --json, run $run of $RUNS" >&2
    /usr/bin/time -v -o "$WORK/run.time.$run" "$TARGET/release/khabar" run --json "$CORPUS" \
        >/dev/null 2>"$WORK/run.err"
done
cat "$WORK/ingest.out"
"$TARGET/release/examples/search_latency" "$DATA"

python3 - "$WORK" "$CORPUS" "$DATA" "$RUNS" <<'PY'
import json, os, re, sys
work, corpus, data, runs = sys.argv[1:5]
added = int(re.search(r"(\d+) articles added", open(os.path.join(work, "ingest.out")).read()).group(1))

def measures(path):
    t = open(path).read()
    wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0]
    parts = [float(p) for p in wall.split(":")]
    secs = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) > 2 else 0)
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    return secs, user, system, rss

count = int(runs)
runs = [measures(os.path.join(work, f"ingest.time.{r}")) for r in range(1, count + 1)]
plain = [measures(os.path.join(work, f"run.time.{r}")) for r in range(1, count + 1)]
ratios = []
for r, ((secs, user, system, rss), (run_secs, *_)) in enumerate(zip(runs, plain), 1):
    ratios.append(secs / run_secs)
    print(f"run {r}: {secs:.1f} s wall = {added / secs:.0f} articles/s; {user:.1f} s user, {system:.1f} s sys; "
          f"peak RSS {rss:.0f} MB; khabar run --json {run_secs:.1f} s, ingest/run {secs / run_secs:.2f}")
print(f"ingest/run (median of {len(ratios)}): {sorted(ratios)[len(ratios) // 2]:.2f}")
secs, user, system, rss = sorted(runs)[len(runs) // 2]
raw = 0
for line in open(corpus, encoding="utf-8"):
    try:
        a = json.loads(line)
    except ValueError:
        continue
    raw += len((a.get("text") or "").encode()) + len((a.get("title") or "").encode())
# Disk use (blocks), not file length: redb grows its file ahead of need and
# leaves the extra unwritten (sparse).
size = sum(os.stat(os.path.join(d, f)).st_blocks * 512 for d, _, fs in os.walk(data) for f in fs)
print(f"ingest (median of {len(runs)}): {added} articles in {secs:.1f} s = {added / secs:.0f} articles/s "
      f"({user:.1f} s user, {system:.1f} s sys); peak RSS {rss:.0f} MB; "
      f"store {size / 1e6:.1f} MB = {size / raw:.2f}x the raw text ({raw / 1e6:.1f} MB); "
      f"load average {open('/proc/loadavg').read().split()[0]}")
PY
