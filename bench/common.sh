# Sourced by the bench scripts: where things are, and the inputs they share.
#
#   ROOT    the repository;  SHARED  ../shared beside it (or $SHARED);
#   WORK    scratch directory for corpora, outputs and data dirs (or $WORK);
#   TARGET  cargo's target directory (after `target_dir`).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
WORK=${WORK:-/tmp/khabar-bench}
mkdir -p "$WORK"

# Prints the path of all of SaudiNewsNet as JSONL, making it on first use.
saudinewsnet_corpus() {
    local corpus="$WORK/saudinewsnet-all.jsonl"
    if [ ! -s "$corpus" ]; then
        echo "making $corpus" >&2
        python3 "$ROOT/bench/saudinewsnet_jsonl.py" --all "$SHARED/data/saudinewsnet/dataset" >"$corpus"
    fi
    echo "$corpus"
}

# Prints cargo's target directory (it may be set by CARGO_TARGET_DIR).
target_dir() {
    (cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
}
