"""Files made for sharing and reuse: QR codes, open data, redirects of old addresses.

Everything is generated at build time from the validated data; the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel

from .. import content as c
from ..content.kinds import OPEN_DATA, qr_path  # where they are: the registry's
from ..data.collections import COLLECTIONS, Collection, SiteData
from ..render.templates import render
from ..text.french import date_fr
from .cache import ContentCache, code_digest
from .xml_text import csv_cell, xml_safe

QR_MASK = 4


def version_date(root: Path) -> str:
    """The version, as a citation says it after « version »: « du 22 novembre 2026 » (date of the commit being
    built: the same commit gives the same pages), or « non datée » outside git."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "non datée"
    return f"du {date_fr(out)}" if out else "non datée"


def qr_svg(target: str, title: str) -> bytes:
    import segno  # here: a warm build takes every code from the cache (segno and what it imports: 30 ms)

    out = io.BytesIO()
    # A fixed mask pattern: the best-mask search costs 20 ms a code (2 s a build) for no gain a reader sees;
    # any of the eight masks gives a valid code (ISO/IEC 18004 § 7.8).
    segno.make(target, error="m", micro=False, mask=QR_MASK).save(
        out, kind="svg", scale=4, border=2, xmldecl=False, title=xml_safe(title), nl=False, dark="#000", light="#fff"
    )
    return out.getvalue()


def qr_files(targets: dict[str, str], cache: ContentCache | None = None) -> dict[str, bytes]:
    """The QR code of every page ({page URL: address it leads to}) at its site path; kept in `cache` by address."""
    cache = cache or ContentCache(None)
    files = {}
    for url, target in sorted(targets.items()):
        title = _qr_title(target)
        files[qr_path(url)] = cache.get_or_make([target, title], ".svg", functools.partial(qr_svg, target, title))
    return files


def qr_missing(targets: dict[str, str], cache: ContentCache) -> bool:
    """Whether some code of `qr_files(targets, cache)` is not kept (segno will draw it)."""
    return any(not cache.has([target, _qr_title(target)], ".svg") for target in targets.values())


def _qr_title(target: str) -> str:
    return f"QR code : {target}"


def qr_cache(project: Path) -> ContentCache:
    """`.cache/qr/`, salted with segno's version and this module (the drawing settings live here)."""
    return ContentCache(
        project / ".cache" / "qr",
        salt=f"{importlib.metadata.version('segno')}:{code_digest(Path(__file__).parent, 'sharing.py')}",
    )


def _dump(items: dict[str, BaseModel]) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", exclude_defaults=False) for item in items.values()]


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _schema(coll: Collection) -> bytes:
    item_schema = coll.model.model_json_schema()
    defs = item_schema.pop("$defs", {})
    return _json(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": coll.name,
            "type": "array",
            "items": item_schema,
            "$defs": defs,
        }
    )


def _csv_row(cells: list[str]) -> list[str]:
    """A row of an open-data CSV: each cell XML-safe (spreadsheets store it as XML), its line breaks « \n » (the
    csv module leaves a lone CR unquoted: a spreadsheet starts a new row there) and never read as a formula."""
    return [csv_cell(xml_safe(cell).replace("\r\n", "\n").replace("\r", "\n")) for cell in cells]


def open_data_cache(project: Path) -> ContentCache:
    """`.cache/donnees-ouvertes/`: each collection's JSON and JSON Schema, salted with the models (macros/content),
    pydantic, and this module (how they are written)."""
    package = Path(__file__).resolve().parents[1]
    salt = f"{code_digest(package / 'content')}:{pydantic.VERSION}:{code_digest(Path(__file__).parent, 'sharing.py')}"
    return ContentCache(project / ".cache" / "donnees-ouvertes", salt=salt)


def _indented(value: Any, cache: ContentCache) -> str:
    """`value` as JSON, one space an indent (the text of _json, without its final line break), kept in `cache` by
    its compact JSON: a collection whose items did not change is not written out again."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return cache.get_or_make(
        ["json", compact], ".json", lambda: json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")
    ).decode("utf-8")


def _nested(entries: list[tuple[str, str]]) -> str:
    """An object of JSON texts (key, text written by `_indented`) as json.dumps(indent=1) writes it: each text one
    level deeper (a text holds no raw line break: every line break in it is structure)."""
    inner = ",\n".join(
        f" {json.dumps(key, ensure_ascii=False)}: {text.replace(chr(10), chr(10) + ' ')}" for key, text in entries
    )
    return "{\n" + inner + "\n}" if entries else "{}"


def open_data_files(site: SiteData, site_url: str, cache: ContentCache | None = None) -> dict[str, bytes]:
    """JSON per kind and for all, JSON Schema per kind, the lexicon as CSV. `cache`: open_data_cache."""
    cache = cache or ContentCache(None)
    files: dict[str, bytes] = {}
    header = {"site": site_url, "licence": "voir la page « Données ouvertes »"}
    everything = [(key, _indented(value, ContentCache(None))) for key, value in header.items()]
    for coll in COLLECTIONS:
        text = _indented(_dump(getattr(site, coll.name)), cache)
        files[f"{OPEN_DATA}/{coll.name}.json"] = (text + "\n").encode("utf-8")
        files[f"{OPEN_DATA}/{coll.name}.schema.json"] = cache.get_or_make(
            ["schema", coll.name], ".json", functools.partial(_schema, coll)
        )
        everything.append((coll.name, text))
    files[f"{OPEN_DATA}/tout.json"] = (_nested(everything) + "\n").encode("utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "terme", "definition", "source_citee", "notes", "adresse"])
    for term in sorted(site.lexique.values(), key=lambda t: t.id):
        writer.writerow(
            _csv_row(
                [
                    term.id,
                    term.terme,
                    term.definition,
                    term.source_citee or "",
                    " | ".join(term.notes),
                    f"{site_url}lexique/#{term.id}",
                ]
            )
        )
    files[f"{OPEN_DATA}/lexique.csv"] = out.getvalue().encode("utf-8")
    sigles = io.StringIO()
    writer = csv.writer(sigles, lineterminator="\n")
    writer.writerow(["sigle", "developpement", "terme"])
    for s in sorted(site.sigles.values(), key=lambda s: s.sigle):
        writer.writerow(_csv_row([s.sigle, s.developpement, s.terme or ""]))
    files[f"{OPEN_DATA}/sigles.csv"] = sigles.getvalue().encode("utf-8")
    return files


def redirect_files(site: SiteData, site_url: str, csp: str) -> dict[str, bytes]:
    """One small page per old address; `csp` is the site's Content-Security-Policy (macros/render/csp.py)."""
    files = {}
    for r in site.redirections.values():
        if not re.fullmatch(c.ANCIEN, r.ancien) or not re.fullmatch(c.NOUVEAU, r.nouveau):  # never outside site/
            raise ValueError(f"adresse de redirection hors du site refusée : {r.ancien} → {r.nouveau}")
        relative = "../" * r.ancien.count("/") + r.nouveau
        html = render("redirection.html", relatif=relative, absolu=site_url + r.nouveau, csp=csp)
        files[f"{r.ancien}index.html"] = str(html).encode("utf-8")
    return files


def shared_files(site: SiteData, site_url: str, policy: str, cache: ContentCache | None = None) -> dict[str, bytes]:
    """Open data and the redirect pages: made on a worker while the pages are made (generate.py); `cache`:
    open_data_cache."""
    return {**open_data_files(site, site_url, cache), **redirect_files(site, site_url, policy)}
