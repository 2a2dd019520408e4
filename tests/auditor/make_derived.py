"""Regenerate the derived corpus: real reports turned into other inputs by the tools that do it in real life.

    .venv/bin/python tests/auditor/make_derived.py            # the committed set (tests/auditor/corpus/derived)
    .venv/bin/python tests/auditor/make_derived.py --all --out var/derived   # every eligible real report (bench)
    .venv/bin/python tests/auditor/make_derived.py --kinds scan   # one kind only

Nothing here writes a layout by hand. Every entry starts from a real report (its file, or its numbers
from the hand-typed truth file) and goes through the tool chain named in the manifest:

* ``lo-docx``   the official 2021 Word template (tests/auditor/corpus/2021-format-template.docx) filled with
                a real report's numbers (python-docx, the cells only);
* ``lo-pdf``    that filled template exported to PDF by LibreOffice (Debian's libreoffice-writer, Noto CJK);
* ``lo-html``   the same exported to HTML by LibreOffice;
* ``innertext`` a real HTML report rendered by Debian's chromium (Playwright) and saved as
                ``document.body.innerText``, as crawlers do;
* ``scan``      a text PDF (real, or LibreOffice's) printed to images by pdftoppm (poppler-utils) at 150 or
                200 dpi, turned slightly and given noise (Pillow), saved back as an image-only PDF (JPEG pages);
                only the pages that hold the tables;
* ``md-*``      a PDF converted to markdown by markitdown or pymupdf4llm (installed from PyPI into
                var/derived-tools, not project dependencies).

The truth of a derived entry is its source's truth, copied (``<id>.truth.json``, with a ``derived`` key);
``manifest.tsv`` lists every entry with its source report and tool chain. The tools are installed when
missing (apt-get as root; pip into a separate venv).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gongkai.law.editions import GB2021, T4_COLUMN_IDS  # noqa: E402

CORPUS = Path(__file__).parent / "corpus"
DERIVED = CORPUS / "derived"
TEMPLATE = CORPUS / "2021-format-template.docx"
# where real reports and their truth files are: the project's copy first, then a collectors' folder
REAL_DIRS = [CORPUS / "real", Path(os.environ.get("GONGKAI_REAL_CORPUS", "/work/corpus/dev")), CORPUS]
TOOLS = ROOT / "var" / "derived-tools"
APT = {"soffice": "libreoffice-writer-nogui", "pdftoppm": "poppler-utils", "chromium": "chromium"}
CHROMIUM = "/usr/bin/chromium"

# The committed set: small enough for the suite (tens of files, a few MB), one of each chain.
FILL = ["02-huaian-gov-2024", "r107-pingtan-gaj-2024", "r111-pingtan-shsyj-2023", "r204-pingtan-gwh-2022"]
INNERTEXT = ["01-shuyang-drc-2023", "r101-shanghai-szfbgt-2019"]
SCANS = [  # (source id, pdf kind: real or lo, dpi, degrees)
    ("02-huaian-gov-2024", "real", 150, 0.8),
    ("02-huaian-gov-2024", "real", 200, -1.2),
    ("r107-pingtan-gaj-2024", "lo", 150, -0.6),
    ("r204-pingtan-gwh-2022", "lo", 200, 1.0),
]
MARKDOWN = [("02-huaian-gov-2024", "real", "markitdown"), ("02-huaian-gov-2024", "real", "pymupdf4llm"),
            ("r107-pingtan-gaj-2024", "lo", "markitdown")]
TABLE_WORDS = ("信息内容", "申请人情况", "行政复议", "本年新收", "结转下年度", "第二十条")


# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------


def ensure_apt(*commands: str) -> None:
    missing = [APT[c] for c in commands if not (shutil.which(c) or Path(c).exists() or Path(CHROMIUM).exists() and c == "chromium")]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"需要 Debian 软件包：{' '.join(missing)}（请以 root 运行，或手动 apt-get install）")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing, "fonts-noto-cjk"], check=True, env=env)


def tools_python() -> Path:
    """A separate venv with the markdown converters (not project dependencies)."""
    py = TOOLS / "bin" / "python"
    if not py.exists():
        import venv

        venv.EnvBuilder(with_pip=True).create(TOOLS)
    probe = subprocess.run([str(py), "-c", "import markitdown, pymupdf4llm"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "markitdown[pdf]", "pymupdf4llm<1.0"], check=True)
    return py


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------


def find_real(rid: str) -> tuple[Path, dict]:
    """A real report's file and its truth (corpus dir layout, or the project corpus' NN-name.json)."""
    for d in REAL_DIRS:
        truth = d / f"{rid}.truth.json"
        if not truth.exists() and (d / f"{rid}.json").exists():
            truth = d / f"{rid}.json"
        if truth.exists():
            files = [p for p in d.glob(rid + ".*") if not p.name.endswith(".json")]
            return (files[0] if files else Path()), json.loads(truth.read_text(encoding="utf-8"))
    raise SystemExit(f"real report {rid} not found in {', '.join(map(str, REAL_DIRS))}")


def real_ids() -> list[str]:
    out: set[str] = set()
    for d in REAL_DIRS[:2]:
        if d.exists():
            out.update(p.name[: -len(".truth.json")] for p in d.glob("*.truth.json"))
    return sorted(out)


# ---------------------------------------------------------------------------
# Chains
# ---------------------------------------------------------------------------


def fill_template(truth: dict, out: Path) -> None:
    """The official Word template with the report's numbers in its cells (python-docx)."""
    import docx

    t = truth["tables"]
    d = docx.Document(str(TEMPLATE))

    def cells(row):
        seen, res = set(), []
        for c in row.cells:
            if id(c._tc) in seen or any(c._tc is x._tc for x in res):
                continue
            seen.add(id(c._tc))
            res.append(c)
        return res

    def txt(v) -> str:
        return "" if v is None else str(v)

    t2, t3, t4 = d.tables
    a1 = t["t2"].get("t2_a20_1", {})
    fees = t["t2"].get("t2_a20_8", {}).get("fees", {}).get("amount")
    fill = {
        2: [a1.get("rules", {}).get(k) for k in ("issued", "repealed", "valid")],
        3: [a1.get("normative", {}).get(k) for k in ("issued", "repealed", "valid")],
        6: [t["t2"].get("t2_a20_5", {}).get("license", {}).get("decisions")],
        9: [t["t2"].get("t2_a20_6", {}).get("penalty", {}).get("decisions")],
        10: [t["t2"].get("t2_a20_6", {}).get("coercion", {}).get("decisions")],
        13: [None if fees is None else f"{fees / 10000:.4f}".rstrip("0").rstrip(".")],
    }
    for r, vals in fill.items():
        cs = cells(t2.rows[r])
        for c, v in zip(cs[-len(vals):], vals, strict=True):
            c.text = txt(v)
    for r, rid in zip(range(3, 28), GB2021.t3_row_ids, strict=True):
        cs = cells(t3.rows[r])
        for c, v in zip(cs[-7:], t["t3"][rid], strict=True):
            c.text = txt(v)
    cs = cells(t4.rows[3])
    for c, cid in zip(cs[-15:], T4_COLUMN_IDS, strict=True):
        c.text = txt(t["t4"].get(cid))
    d.paragraphs[0].text = f"{truth['agency']}{truth['year']}年政府信息公开工作年度报告"
    for p in d.paragraphs:
        if p.text.strip().startswith("（文字描述"):
            p.text = "（本节文字从略。）"
    d.save(str(out))


def template_findings(truth: dict, why: str = "the filled template's prose is left out") -> list[dict]:
    """What a derived file really breaks besides its source's tables when its prose is missing (the filled
    template's （本节文字从略。）, or a scan of the table pages only): a report that sent fee notices then
    says nothing of fees in 第六部分."""
    fee_notices = (truth["tables"].get("t3", {}).get("r3_6_2") or [0])[-1]
    if fee_notices:
        return [{"rule": "FEES_IN_SECTION6", "where": f"第六部分 (derived: {why})",
                 "detail": f"表三（六）2 总计 {fee_notices}, and the derived file has no 第六部分 text"}]
    return []


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    ensure_apt("soffice")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=180)
    ext = fmt.split(":")[0]
    return outdir / f"{src.stem}.{ext}"


def inner_text(src: Path) -> str:
    """document.body.innerText of the page as Debian's chromium renders it (file:// URL, no network)."""
    ensure_apt("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = b.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(src.resolve().as_uri(), wait_until="load")
            return page.evaluate("document.body.innerText")
        finally:
            b.close()


def table_pages(pdf: Path) -> list[int]:
    """1-based pages whose text holds table words (the scans keep only these)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            text = tp.get_text_range().replace(" ", "")
            tp.close()
            if any(w in text for w in TABLE_WORDS):
                out.append(i + 1)
        return out or list(range(1, len(doc) + 1))
    finally:
        doc.close()


def scan(pdf: Path, out: Path, dpi: int, degrees: float, seed: int) -> list[int]:
    """pdftoppm at dpi -> turned by degrees, Gaussian noise and a few specks -> JPEG pages in an image PDF."""
    import numpy as np
    from PIL import Image

    ensure_apt("pdftoppm")
    pages = table_pages(pdf)
    rng = np.random.default_rng(seed)
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for pno in pages:
            stem = Path(tmp) / f"p{pno}"
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", str(pno), "-l", str(pno),
                            str(pdf), str(stem)], check=True)
            im = Image.open(f"{stem}.pgm").convert("L")
            im = im.rotate(degrees + rng.uniform(-0.15, 0.15), resample=Image.Resampling.BICUBIC, fillcolor=255)
            a = np.asarray(im).astype(np.float32)
            a += rng.normal(0, 6, a.shape)
            specks = rng.integers(0, a.size, a.size // 4000)
            a.flat[specks] = rng.integers(0, 120, specks.size)
            images.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))
    first, *rest = images
    first.save(str(out), save_all=True, append_images=rest, resolution=float(dpi), quality=50)
    return pages


def to_markdown(pdf: Path, tool: str) -> str:
    py = tools_python()
    code = {
        "markitdown": "import sys; from markitdown import MarkItDown; print(MarkItDown().convert(sys.argv[1]).text_content)",
        "pymupdf4llm": "import sys, pymupdf4llm; print(pymupdf4llm.to_markdown(sys.argv[1]))",
    }[tool]
    r = subprocess.run([str(py), "-c", code, str(pdf)], check=True, capture_output=True, timeout=300)
    return r.stdout.decode("utf-8")


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------


class Out:
    def __init__(self, outdir: Path) -> None:
        self.dir = outdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.rows: list[dict] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="derived-"))

    def add(self, did: str, path: Path, source: str, kind: str, chain: str, truth: dict, known: tuple = (),
            **extra) -> None:
        t = copy.deepcopy(truth)
        t.pop("typed_by", None)
        t["known_inconsistencies"] = [*t.get("known_inconsistencies", []), *known]
        t["derived"] = {"source": source, "chain": chain, "made_by": "tests/auditor/make_derived.py", **extra}
        (self.dir / f"{did}.truth.json").write_text(json.dumps(t, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.rows.append({"id": did, "file": path.name, "kind": kind, "source": source, "chain": chain,
                          "edition": truth.get("edition", ""), "dpi": extra.get("dpi", ""),
                          "degrees": extra.get("degrees", ""), "pages": extra.get("pages", ""),
                          "sha256": hashlib.sha256(path.read_bytes()).hexdigest()[:16]})
        print(f"{did:44} {kind:10} {path.stat().st_size // 1024:6} KB  {chain}")

    def lo_pdf(self, rid: str) -> Path:
        """The filled template of a real report, exported by LibreOffice (cached per run)."""
        pdf = self.tmp / f"{rid}.pdf"
        if not pdf.exists():
            _, truth = find_real(rid)
            docx_path = self.tmp / f"{rid}.docx"
            fill_template(truth, docx_path)
            soffice(docx_path, "pdf", self.tmp)
        return pdf

    def write_manifest(self) -> None:
        cols = ["id", "file", "kind", "source", "chain", "edition", "dpi", "degrees", "pages", "sha256"]
        old = {}
        mf = self.dir / "manifest.tsv"
        if mf.exists():
            lines = mf.read_text(encoding="utf-8").splitlines()
            for ln in lines[1:]:
                old[ln.split("\t")[0]] = ln
        for r in self.rows:
            old[r["id"]] = "\t".join(str(r[c]) for c in cols)
        mf.write_text("\t".join(cols) + "\n" + "\n".join(old[k] for k in sorted(old)) + "\n", encoding="utf-8")


def make(out: Out, kinds: set[str], fill: list[str], inner: list[str], scans: list, md: list) -> None:
    if "lo" in kinds:
        for rid in fill:
            _, truth = find_real(rid)
            if truth.get("edition") != "2021":
                continue  # the template is the 2021 format
            d = out.dir / f"d-lo-{rid}.docx"
            fill_template(truth, d)
            known = template_findings(truth)
            out.add(f"d-lo-{rid}", d, rid, "docx", "python-docx fills 2021-format-template.docx", truth, known)
            pdf = soffice(d, "pdf", out.dir)
            out.add(pdf.stem + "-pdf", pdf.rename(out.dir / f"d-lo-{rid}-pdf.pdf"), rid, "pdf",
                    "template filled -> LibreOffice --convert-to pdf", truth, known)
            html = soffice(d, "html", out.dir)
            out.add(html.stem + "-html", html.rename(out.dir / f"d-lo-{rid}-html.html"), rid, "html",
                    "template filled -> LibreOffice --convert-to html", truth, known)
    if "innertext" in kinds:
        for rid in inner:
            src, truth = find_real(rid)
            if src.suffix.lower() not in (".html", ".htm", ".shtml"):
                continue
            p = out.dir / f"d-innertext-{rid}.txt"
            p.write_text(inner_text(src), encoding="utf-8")
            out.add(p.stem, p, rid, "text", "chromium (Playwright) renders the real HTML -> document.body.innerText", truth)
    if "scan" in kinds:
        for rid, which, dpi, deg in scans:
            src, truth = find_real(rid)
            pdf = src if which == "real" else out.lo_pdf(rid)
            if pdf.suffix.lower() != ".pdf":
                continue
            did = f"d-scan{dpi}-{'' if which == 'real' else 'lo-'}{rid}"
            p = out.dir / f"{did}.pdf"
            seed = int(hashlib.sha256(did.encode()).hexdigest(), 16) % 2**32
            pages = scan(pdf, p, dpi, deg, seed)
            chain = f"{'real PDF' if which == 'real' else 'template filled -> LibreOffice PDF'} -> pdftoppm -r {dpi} -> Pillow rotate {deg:+.1f}° + noise -> JPEG image PDF"
            if which != "real":
                known = template_findings(truth)
            elif len(pages) < page_count(pdf):
                known = template_findings(truth, "only the table pages are scanned")
            else:
                known = []
            out.add(did, p, rid, "image-pdf", chain, truth, known, dpi=dpi, degrees=deg, pages=",".join(map(str, pages)))
    if "md" in kinds:
        for rid, which, tool in md:
            src, truth = find_real(rid)
            pdf = src if which == "real" else out.lo_pdf(rid)
            if pdf.suffix.lower() != ".pdf":
                continue
            did = f"d-md-{tool}-{'' if which == 'real' else 'lo-'}{rid}"
            p = out.dir / f"{did}.md"
            p.write_text(to_markdown(pdf, tool), encoding="utf-8")
            src_chain = "real PDF" if which == "real" else "template filled -> LibreOffice PDF"
            known = [] if which == "real" else template_findings(truth)
            out.add(did, p, rid, "markdown", f"{src_chain} -> {tool} (PyPI)", truth, known)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--all", action="store_true", help="every eligible real report (for the benchmark)")
    ap.add_argument("--out", type=Path, default=DERIVED)
    ap.add_argument("--kinds", default="lo,innertext,scan,md")
    args = ap.parse_args()
    kinds = set(args.kinds.split(","))
    out = Out(args.out)
    if args.all:
        ids = real_ids() + ["02-huaian-gov-2024", "01-shuyang-drc-2023"]
        eds = {rid: find_real(rid) for rid in ids}
        fill = [r for r, (_, t) in eds.items() if t.get("edition") == "2021"]
        inner = [r for r, (f, _) in eds.items() if f.suffix.lower() in (".html", ".htm", ".shtml")]
        pdfs = [r for r, (f, _) in eds.items() if f.suffix.lower() == ".pdf"]
        scans = [(r, "real", dpi, deg) for r in pdfs for dpi, deg in ((150, 0.8), (200, -1.2))]
        scans += [(r, "lo", dpi, deg) for r in fill for dpi, deg in ((150, -0.6), (200, 1.0))]
        md = [(r, "real", tool) for r in pdfs for tool in ("markitdown", "pymupdf4llm")]
        md += [(r, "lo", "markitdown") for r in fill]
        make(out, kinds, fill, inner, scans, md)
    else:
        make(out, kinds, FILL, INNERTEXT, SCANS, MARKDOWN)
    out.write_manifest()
    shutil.rmtree(out.tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
