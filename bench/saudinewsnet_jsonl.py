#!/usr/bin/env python3
"""First N articles of one SaudiNewsNet day as JSONL {"id","text","title","source","published"}.

  unzip -p DAY.zip | python3 saudinewsnet_jsonl.py N > /tmp/articles.jsonl

`published` is the dataset's date_extracted in Unix seconds (the corpus has
no publication time). Reads stdin, writes stdout; never writes into the repo.
"""
import json, sys
from datetime import datetime, timezone

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
for i, a in enumerate(json.load(sys.stdin)[:n]):
    try:
        ts = int(datetime.strptime(a["date_extracted"], "%Y-%m-%d %H:%M:%S")
                 .replace(tzinfo=timezone.utc).timestamp())
    except (KeyError, ValueError):
        ts = None
    print(json.dumps({"id": f"{a.get('source', 'x')}-{i:04d}", "title": a.get("title", ""),
                      "text": a.get("content", ""), "source": a.get("source"), "published": ts},
                     ensure_ascii=False))
