#!/usr/bin/env bash
# How `khabar run --json` scales: the first 5k, 10k, 20k and all (31k)
# records of SaudiNewsNet, one run each.
#
#   bench/run_scaling.sh            # or SIZES="5000 all" RUNS=2 bench/run_scaling.sh
#
# Prints, per size, the records read, wall and user seconds, both per
# thousand articles (flat when the cost per article does not grow with the
# corpus), and peak RSS. With RUNS > 1 the fastest wall time of the runs is
# kept. Wall time is noisy on a shared machine: user time less so.
set -euo pipefail

source "$(dirname "$0")/common.sh"
SIZES=${SIZES:-5000 10000 20000 all}
RUNS=${RUNS:-1}

CORPUS=$(saudinewsnet_corpus)

echo "building (release)" >&2
(cd "$ROOT" && cargo build --release -q -p khabar)
TARGET=$(target_dir)

printf '%8s %9s %9s %11s %11s %8s\n' records wall_s user_s wall_s/1k user_s/1k rss_MB
for n in $SIZES; do
    if [ "$n" = all ]; then
        cp "$CORPUS" "$WORK/scaling-input.jsonl"
    else
        head -n "$n" "$CORPUS" >"$WORK/scaling-input.jsonl"
    fi
    articles=$(wc -l <"$WORK/scaling-input.jsonl")
    best=""
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %U %M' -o "$WORK/scaling.time" \
            "$TARGET/release/khabar" run --json "$WORK/scaling-input.jsonl" >/dev/null 2>"$WORK/scaling.err"
        read -r wall user rss <"$WORK/scaling.time"
        if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
            best="$wall $user $rss"
        fi
    done
    read -r wall user rss <<<"$best"
    awk -v n="$articles" -v w="$wall" -v u="$user" -v r="$rss" \
        'BEGIN { printf "%8d %9.2f %9.2f %11.3f %11.3f %8.0f\n", n, w, u, 1000 * w / n, 1000 * u / n, r / 1024 }'
done
rm -f "$WORK/scaling-input.jsonl" "$WORK/scaling.time" "$WORK/scaling.err"
