"""Full text as a source: a queue in the store, polite cached fetching, a budgeted nightly pass.

- :mod:`tracker.fulltext.queue` — status on ``Paper`` nodes, priorities, records for extraction;
- :mod:`tracker.fulltext.fetch` — sources (PDF; the seam for arXiv HTML), downloader, disk cache;
- :mod:`tracker.fulltext.run` — one pass within a wall-time budget and a per-run maximum.
"""
