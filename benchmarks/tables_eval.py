"""Result-table extraction measured on hand-written expectations (tests/data/tables/*.yaml and the
DeepSeek-V3 file): per report and overall, cell recall and value precision, recall of the paper's own
rows and of closed baselines, and CPU time of table extraction per report (PDF parse timed apart).

    .venv/bin/python benchmarks/tables_eval.py [--data ../shared/data] [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from table_expectations import Score, load, score_cells  # noqa: E402

from tracker.extract.tables import table_results  # noqa: E402
from tracker.pdf.reader import PdfDocument, read_pdf  # noqa: E402


def _files(data: Path) -> list[tuple[str, Path, Path, list[int] | None]]:
    """(name, expectation file, PDF, pages to read or None for all)."""
    out = [("deepseek-v3 (T3,T6)", ROOT / "tests" / "data" / "deepseek_v3_tables.yaml",
            data / "pdfs" / "deepseek-v3_2412.19437.pdf", None)]
    for f in sorted((ROOT / "tests" / "data" / "tables").glob("*.yaml")):
        doc, _ = load(f)
        out.append((f.stem, f, data / doc["file"], None))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every wrong and missed cell")
    args = ap.parse_args(argv)
    if not (args.data / "reports").is_dir():
        print(f"error: no reports under {args.data} (pass --data)", file=sys.stderr)
        return 2
    tot_right = tot_given = tot_found = tot_exp = 0
    roles: dict[str, list[int]] = {}
    cpu_tables: list[float] = []
    print(f"{'report':24s} {'recall':>7s} {'prec':>6s} {'cells':>6s} {'given':>6s} {'own':>9s} {'closed':>9s}"
          f" {'parse s':>8s} {'tables s':>8s}")
    for name, exp, pdf_path, _pages in _files(args.data):
        doc, cells = load(exp)
        t0 = time.process_time()
        pdf = read_pdf(pdf_path.read_bytes())
        t1 = time.process_time()
        own_names = {c.model for c in cells if c.role == "own"}
        results, _ = table_results(pdf, introduced=sorted(own_names))
        t2 = time.process_time()
        if name.startswith("deepseek-v3"):
            pages = [t["page"] - 1 for t in doc["tables"]]
            sub = PdfDocument(pages=[pdf.pages[p] for p in pages], page_count=len(pages))
            results, _ = table_results(sub, introduced=["deepseek-v3"])
        s: Score = score_cells(results, cells, {t["page"] for t in doc["tables"]})
        cpu_tables.append(t2 - t1)
        right = round(s.precision * s.n_given)
        tot_right += right
        tot_given += s.n_given
        found = round(s.recall * s.n_expected)
        tot_found += found
        tot_exp += s.n_expected

        def frac(role: str, s: Score = s) -> str:
            f, n = s.recall_by_role.get(role, (0, 0))
            roles.setdefault(role, [0, 0])
            roles[role][0] += f
            roles[role][1] += n
            return f"{f}/{n}" if n else "-"

        print(f"{name:24s} {s.recall:7.3f} {s.precision:6.3f} {s.n_expected:6d} {s.n_given:6d} {frac('own'):>9s}"
              f" {frac('closed'):>9s} {t1 - t0:8.2f} {t2 - t1:8.3f}")
        if args.verbose:
            for p in s.problems:
                print("    ", p)
    print(f"{'OVERALL':24s} {tot_found / tot_exp:7.3f} {tot_right / max(tot_given, 1):6.3f} {tot_exp:6d} {tot_given:6d}"
          f" {roles.get('own', [0, 0])[0]}/{roles.get('own', [0, 0])[1]:<4d}"
          f" {roles.get('closed', [0, 0])[0]}/{roles.get('closed', [0, 0])[1]}")
    print(f"table extraction CPU per report: mean {sum(cpu_tables) / len(cpu_tables):.3f} s, "
          f"max {max(cpu_tables):.3f} s (PDF parse not included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
