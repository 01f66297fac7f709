#!/usr/bin/env bash
# Near-duplicate detection: khabar vs datasketch vs rensa on one make_corpus.py corpus, one run,
# plus find_reuse over 1,000 real SaudiNewsNet articles.
#
#   bench/dedup.sh                 # 100k documents
#   DOCS=20000 bench/dedup.sh      # quicker while iterating
#
# Prints one table: end-to-end docs/s (process wall time, reading the file included), the
# anchors' own docs/s (reading excluded), peak RSS (/usr/bin/time -v), pairwise P/R/F1 against
# the gold groups. khabar runs at 1 and 2 rayon threads. Everything it writes goes to $WORK.
set -euo pipefail

source "$(dirname "$0")/common.sh"
DOCS=${DOCS:-100000}
SEED=${SEED:-13}
VENV=${VENV:-/tmp/anchors}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import datasketch, rensa' 2>/dev/null; then
    echo "setting up $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q datasketch==2.0.0 rensa==0.5.0
fi

CORPUS="$WORK/c${DOCS}s${SEED}"
if [ ! -s "$CORPUS.jsonl" ]; then
    echo "making $CORPUS.jsonl" >&2
    python3 "$SHARED/bench/make_corpus.py" --docs "$DOCS" --seed "$SEED" --out "$CORPUS"
fi

echo "building (release)" >&2
(cd "$ROOT" && cargo build --release -q -p khabar && cargo build --release -q -p khabar-dedup --example reuse_jsonl)
TARGET=$(target_dir)
KHABAR_CMD=${KHABAR_CMD:-"$TARGET/release/khabar dedup --json"}
REUSE_CMD="$TARGET/release/examples/reuse_jsonl"

# run NAME THREADS CMD... : groups JSON to $WORK/NAME.json, tool report to NAME.err, time to NAME.time
run() {
    local name=$1 threads=$2
    shift 2
    echo "running $name" >&2
    RAYON_NUM_THREADS=$threads /usr/bin/time -v -o "$WORK/$name.time" "$@" \
        >"$WORK/$name.json" 2>"$WORK/$name.err"
}

run khabar-1core 1 $KHABAR_CMD "$CORPUS.jsonl"
run khabar-2cores 2 $KHABAR_CMD "$CORPUS.jsonl"
run datasketch 1 "$VENV/bin/python" "$SHARED/bench/anchors.py" dedup-datasketch "$CORPUS.jsonl"
run rensa 1 "$VENV/bin/python" "$SHARED/bench/anchors.py" dedup-rensa "$CORPUS.jsonl"

# find_reuse over the first 1,000 articles of one SaudiNewsNet day (extracted to $WORK only).
ARTICLES="$WORK/saudinewsnet-2015-07-21-1000.jsonl"
unzip -p "$SHARED/data/saudinewsnet/dataset/2015-07-21.zip" \
    | python3 "$ROOT/bench/saudinewsnet_jsonl.py" 1000 >"$ARTICLES"
RAYON_NUM_THREADS=1 $REUSE_CMD "$ARTICLES" >"$WORK/reuse-1core.json" 2>"$WORK/reuse-1core.err"
RAYON_NUM_THREADS=2 $REUSE_CMD "$ARTICLES" >"$WORK/reuse-2cores.json" 2>"$WORK/reuse-2cores.err"

python3 - "$WORK" "$CORPUS" "$SHARED/bench/score_pairs.py" <<'EOF'
import json, re, subprocess, sys
work, corpus, scorer = sys.argv[1:4]

def wall(path):
    text = open(path).read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    h, m_, s = m.groups()
    secs = int(h or 0) * 3600 + int(m_) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return secs, rss

def own(path):
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                pass
    return {}

rows = {}
docs = sum(1 for _ in open(corpus + ".jsonl"))
for name in ("khabar-1core", "khabar-2cores", "datasketch", "rensa"):
    secs, rss = wall(f"{work}/{name}.time")
    pred = f"{work}/{name}.json"
    if name in ("datasketch", "rensa"):  # the anchors print their groups in their summary on stdout
        report = own(pred)
        with open(f"{work}/{name}.groups.json", "w") as f:
            json.dump({"groups": report.get("groups", [])}, f)
        pred = f"{work}/{name}.groups.json"
        inner = report.get("docs_per_sec")
    else:
        inner = None
    score = json.loads(subprocess.run([sys.executable, scorer, pred, corpus + ".gold.json"],
                                      capture_output=True, text=True, check=True).stdout)
    rows[name] = (docs / secs, inner, rss, score)

print(f"\nnear-duplicates: {docs} docs ({corpus}.jsonl), one run\n")
print(f"| tool | docs/s end to end | docs/s (tool's own, load excluded) | peak RSS MB | precision | recall | F1 |")
print(f"| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, (dps, inner, rss, s) in rows.items():
    inner_s = f"{inner:,.0f}" if inner else "-"
    print(f"| {name} | {dps:,.0f} | {inner_s} | {rss:,.0f} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} |")
k1, k2 = rows["khabar-1core"][0], rows["khabar-2cores"][0]
for anchor in ("datasketch", "rensa"):
    a = rows[anchor][0]
    print(f"\nkhabar / {anchor} (end to end): {k1 / a:.1f}x on 1 core, {k2 / a:.1f}x on 2 cores", end="")
print("\n")
for n in ("1core", "2cores"):
    r = own(f"{work}/reuse-{n}.err")
    print(f"find_reuse, {r.get('docs')} SaudiNewsNet articles, {n}: {r.get('align_seconds', 0):.3f} s "
          f"(reading excluded), {r.get('pairs')} pairs, {r.get('passages')} passages")
EOF
