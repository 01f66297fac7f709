#!/usr/bin/env python3
"""SaudiNewsNet articles as JSONL {"id","title","text","source","published"}.

Two ways to call it:

  unzip -p DAY.zip | python3 saudinewsnet_jsonl.py N > /tmp/articles.jsonl
      First N articles of one day (stdin, a JSON array), ids "<source>-NNNN",
      `published` in Unix seconds (date_extracted read as UTC), as before.

  python3 saudinewsnet_jsonl.py --all DATASET_DIR [--unix] > /tmp/snn.jsonl
      Every article of every DATASET_DIR/*.zip (read in memory, nothing is
      unpacked to disk), id "<source>-<sha1(url)[:10]>", `published` the
      date_extracted as "YYYY-MM-DDTHH:MM:SS+03:00" (Riyadh time; the corpus
      has no publication time). With --unix, `published` is that instant in
      Unix seconds instead (what crates/khabar-dedup/examples/reuse_jsonl reads).
      Duplicate ids (the same url in two days) keep the first and are counted
      on stderr.

Writes stdout only; never writes into the repo.
"""
import glob, hashlib, json, os, sys, zipfile
from datetime import datetime, timedelta, timezone

RIYADH = timezone(timedelta(hours=3))


def day_articles(n):
    for i, a in enumerate(json.load(sys.stdin)[:n]):
        try:
            ts = int(datetime.strptime(a["date_extracted"], "%Y-%m-%d %H:%M:%S")
                     .replace(tzinfo=timezone.utc).timestamp())
        except (KeyError, ValueError):
            ts = None
        yield {"id": f"{a.get('source', 'x')}-{i:04d}", "title": a.get("title", ""),
               "text": a.get("content", ""), "source": a.get("source"), "published": ts}


def published(raw, unix):
    try:
        t = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=RIYADH)
    except (TypeError, ValueError):
        return None
    return int(t.timestamp()) if unix else t.isoformat()


def all_articles(directory, unix):
    seen, dup = set(), 0
    for path in sorted(glob.glob(os.path.join(directory, "*.zip"))):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                for a in json.loads(z.read(name)):
                    source = a.get("source") or "x"
                    key = hashlib.sha1((a.get("url") or "").encode("utf-8")).hexdigest()[:10]
                    id_ = f"{source}-{key}"
                    if id_ in seen:
                        dup += 1
                        continue
                    seen.add(id_)
                    yield {"id": id_, "source": source, "title": a.get("title", ""),
                           "published": published(a.get("date_extracted"), unix),
                           "text": a.get("content", "")}
    print(f"{len(seen)} articles, {dup} repeated ids skipped", file=sys.stderr)


def main():
    args = sys.argv[1:]
    if args and args[0] == "--all":
        records = all_articles(args[1], "--unix" in args[2:])
    else:
        records = day_articles(int(args[0]) if args else 1000)
    out = sys.stdout
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
