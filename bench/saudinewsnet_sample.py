#!/usr/bin/env python3
"""A random sample of SaudiNewsNet articles, stratified over outlets, as JSONL.

  python3 bench/saudinewsnet_sample.py N SEED OUT [--total T] [--data DIR]

Reads every DIR/*.zip (each holds one JSON array of {source, url,
date_extracted, title, author, content}) straight from the archives, takes N
articles at random from each outlet (all of them when an outlet has fewer),
and writes one line per article to OUT:
{"id": "<source>-<n>", "source", "title", "published": date_extracted, "text": content}.
With --total T the shortfall of small outlets is spread over the others, one
article at a time in a seeded order, until the sample has T articles.
The same N, SEED and data give the same file. Nothing is written but OUT.
"""
import argparse
import glob
import json
import os
import random
import zipfile
from collections import defaultdict

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "..", "..", "shared", "data", "saudinewsnet", "dataset")


def read_outlets(data_dir):
    """Every article of every zip, grouped by outlet, in file order."""
    outlets = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(data_dir, "*.zip"))):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if not name.endswith(".json"):
                    continue
                for article in json.loads(archive.read(name)):
                    outlets[article.get("source") or "unknown"].append(article)
    return outlets


def quotas(sizes, per_outlet, total, rng):
    """How many articles to take from each outlet."""
    take = {name: min(per_outlet, size) for name, size in sizes.items()}
    if total is None:
        return take
    names = sorted(sizes)
    rng.shuffle(names)
    while sum(take.values()) < total:
        spare = [n for n in names if take[n] < sizes[n]]
        if not spare:
            break
        for name in spare:
            if sum(take.values()) >= total:
                break
            take[name] += 1
    return take


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("per_outlet", type=int, help="articles per outlet")
    parser.add_argument("seed", type=int, help="random seed")
    parser.add_argument("out", help="output JSONL path")
    parser.add_argument("--total", type=int, default=None,
                        help="top the sample up to this many articles")
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder of SaudiNewsNet zips")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    outlets = read_outlets(args.data)
    take = quotas({n: len(a) for n, a in outlets.items()}, args.per_outlet, args.total, rng)
    with open(args.out, "w", encoding="utf-8") as out:
        for name in sorted(outlets):
            picked = sorted(rng.sample(range(len(outlets[name])), take[name]))
            for n in picked:
                a = outlets[name][n]
                out.write(json.dumps({
                    "id": f"{name}-{n}",
                    "source": name,
                    "title": a.get("title", ""),
                    "published": a.get("date_extracted"),
                    "text": a.get("content", ""),
                }, ensure_ascii=False) + "\n")
    for name in sorted(take):
        print(f"{name}\t{take[name]}")
    print(f"total\t{sum(take.values())}")


if __name__ == "__main__":
    main()
