"""Full-text front matter and own models, measured on real reports against hand-written references.

Reads ../shared/data/reports/*.pdf (37 technical reports, model and system cards) and
../shared/data/pdfs/*.pdf (10 arXiv PDFs) in place, runs the same extraction as
``sotagraph extract --pdf FILE`` on each, and compares with tests/data/report_frontmatter.yaml:

- developer organisation found (% of documents that have one);
- countries: micro precision / recall against lab countries + title-page affiliation countries;
- introduced models: % of reports whose own released models are all found; open weights right where
  the text states them; total/active parameters where the reference gives them;
- speed: CPU seconds per document after start-up (PDF reading + extraction, and the front-matter /
  own-model part alone) beside PyMuPDF's own plain-text pass over the same files; start-up CPU
  (organisation registry and knowledge load) in a fresh process.

Usage: .venv/bin/python benchmarks/fulltext_eval.py [--only NAME ...] [--no-speed]
"""

from __future__ import annotations

import argparse
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REFERENCE = ROOT / "tests" / "data" / "report_frontmatter.yaml"


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def load_reference() -> dict[str, tuple[Path, dict]]:
    ref = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    out: dict[str, tuple[Path, dict]] = {}
    for name, row in (ref.get("reports") or {}).items():
        out[name] = (DATA / "reports" / f"{name}.pdf", row)
    for name, row in (ref.get("pdfs") or {}).items():
        out[name] = (DATA / "pdfs" / f"{name}.pdf", row)
    return out


def _startup_cpu() -> float:
    """CPU seconds for a fresh process to import extraction, load the organisation registry (cached) and every
    knowledge table, and extract a one-page PDF (the first call pays every lazy load)."""
    code = ("import time; t = time.process_time()\n"
            "from pathlib import Path\n"
            "from tracker.pdf.reader import read_pdf\n"
            "from tracker.extract.cli import _pdf_record\n"
            "from tracker.extract.paper import extract_paper\n"
            f"pdf = read_pdf(Path({str(DATA / 'reports' / 'gemini-3-pro.pdf')!r}).read_bytes(), max_pages=1)\n"
            "extract_paper(_pdf_record(Path('card.pdf'), pdf), pdf)  # triggers every lazy registry/table load\n"
            "print(time.process_time() - t)")
    for _ in range(2):  # the first run may build the cache
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    try:
        return float(res.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        print(res.stderr, file=sys.stderr)
        return float("nan")


def main() -> int:  # noqa: C901 - one report, many figures
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="document names (see the reference YAML)")
    ap.add_argument("--no-speed", action="store_true", help="skip the start-up measurement")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    reference = load_reference()
    if args.only:
        reference = {k: v for k, v in reference.items() if k in set(args.only)}
    missing = [str(p) for p, _ in reference.values() if not p.exists()]
    if missing:
        print(f"data not found ({len(missing)} files, e.g. {missing[0]}); nothing measured", file=sys.stderr)
        return 1

    import pymupdf

    from tracker.extract.cli import _pdf_record
    from tracker.extract.ownmodels import apply_full_text
    from tracker.extract.paper import extract_paper
    from tracker.orgs.matcher import default_matcher
    from tracker.pdf.reader import read_pdf

    default_matcher()  # start-up outside the timed loop
    extract_paper(_pdf_record(Path("x.pdf"), read_pdf(reference[next(iter(reference))][0].read_bytes(),
                                                          max_pages=1)))
    dev_n = dev_hit = 0
    tp = fp = fn = 0
    intro_n = intro_hit = 0
    open_n = open_hit = 0
    par_n = par_hit = 0
    cpu_plain = cpu_read = cpu_extract = cpu_front = 0.0
    misses: list[str] = []
    for name, (path, row) in reference.items():
        data = path.read_bytes()
        t0 = time.process_time()
        doc = pymupdf.open(stream=data, filetype="pdf")
        for page in doc:
            page.get_text()
        doc.close()
        t1 = time.process_time()
        pdf = read_pdf(data)
        t2 = time.process_time()
        record = _pdf_record(path, pdf)
        ex = extract_paper(record, pdf)
        t3 = time.process_time()
        apply_full_text(record, pdf, [])
        t4 = time.process_time()
        cpu_plain += t1 - t0
        cpu_read += t2 - t1
        cpu_extract += t3 - t2
        cpu_front += t4 - t3
        intro = [m for m in ex.models if m.role == "introduced"]
        org_keys = {o.key for o in ex.organizations if o.key}
        # developer
        if row.get("developer"):
            dev_n += 1
            want = set(row["developer"])
            devs = {m.developer for m in intro if m.developer}
            ok = bool(devs & want) if intro else bool(org_keys & want)
            dev_hit += ok
            if not ok:
                misses.append(f"{name}: developer {sorted(devs) or sorted(org_keys)} (want {sorted(want)})")
        # countries
        want_c, got_c = set(row.get("countries") or []), set(ex.countries)
        tp += len(want_c & got_c)
        fp += len(got_c - want_c)
        fn += len(want_c - got_c)
        if want_c != got_c:
            misses.append(f"{name}: countries {sorted(got_c)} (want {sorted(want_c)})")
        # own models
        if row.get("models"):
            intro_n += 1
            names = {}
            for m in intro:
                for n in [m.name, m.key, *m.aliases]:
                    names.setdefault(_compact(n), m)
            lost = [w for w in row["models"] if _compact(w) not in names]
            intro_hit += not lost
            if lost:
                misses.append(f"{name}: own models missing {lost} (found {[m.name for m in intro][:8]})")
            if row.get("open") is not None:
                open_n += 1
                found = [names[_compact(w)] for w in row["models"] if _compact(w) in names]
                want_open = bool(row["open"])
                right = bool(found) and all((m.accessibility == "open_weights") == want_open
                                            and m.accessibility != "unknown" for m in found)
                open_hit += right
                if not right:
                    misses.append(f"{name}: open weights {[(m.name, m.accessibility) for m in found]} "
                                  f"(want {'open' if want_open else 'closed'})")
            for mname, (total, active) in (row.get("params") or {}).items():
                par_n += 1
                m = names.get(_compact(mname))
                ok = m is not None and m.params_b is not None and abs(m.params_b - total) <= 0.02 * total and (
                    active is None or (m.active_params_b is not None and abs(m.active_params_b - active) <= 0.02 * active))
                par_hit += ok
                if not ok:
                    got = (m.params_b, m.active_params_b) if m else None
                    misses.append(f"{name}: params of {mname} {got} (want {(total, active)})")
    docs = len(reference)
    print(f"documents: {docs} ({sum(1 for _, r in reference.values() if r.get('models'))} with own models)")

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"

    print(f"developer organisation found: {pct(dev_hit, dev_n)}   [target >= 95%]")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"countries: precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})   [target P >= 0.95, R >= 0.90]")
    print(f"introduced models found (all own models of the report): {pct(intro_hit, intro_n)}   [target >= 90%]")
    print(f"open weights right where stated: {pct(open_hit, open_n)}")
    print(f"total/active parameters right where the reference gives them: {pct(par_hit, par_n)}")
    print(f"CPU per document after start-up: read_pdf {cpu_read / docs:.3f} s + extract_paper {cpu_extract / docs:.3f} s"
          f" = {(cpu_read + cpu_extract) / docs:.3f} s   [target <= 1 s]")
    print(f"  of which front matter + own models alone: {cpu_front / docs:.3f} s")
    print(f"  PyMuPDF plain text (page.get_text()) over the same files: {cpu_plain / docs:.3f} s/document; "
          f"ratio (read+extract)/plain = {(cpu_read + cpu_extract) / max(cpu_plain, 1e-9):.1f}x")
    if not args.no_speed:
        print(f"start-up CPU (imports + registry + knowledge load + a 1-page extract, fresh process, cache warm): {_startup_cpu():.2f} s"
              "   [target <= 1.5 s]")
    print(f"misses ({len(misses)}):")
    for line in misses:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
