"""The register of every URL and anchor ever published (tests/urls-publiees.txt).

`python -m tests.urls SITE_DIR` adds the URLs and anchors of a built site to the register; nothing is
ever removed. tests/test_partage.py fails if one of them stops resolving.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bs4 import BeautifulSoup

REGISTER = Path(__file__).resolve().parent / "urls-publiees.txt"
SKIP_PREFIXES = ("search/", "assets/", "qr/", "donnees/")


def published(site_dir: Path) -> set[str]:
    """Every page URL and every `URL#anchor` of a heading, for pages that are not redirects."""
    out: set[str] = set()
    for path in site_dir.rglob("index.html"):
        url = path.parent.relative_to(site_dir).as_posix()
        url = "" if url == "." else url + "/"
        if url.startswith(SKIP_PREFIXES):
            continue
        url = "/" + url
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        out.add(url)
        article = soup.find("article")
        for heading in article.find_all(["h1", "h2", "h3", "h4"], id=True) if article else []:
            out.add(f"{url}#{heading['id']}")
    return out


def read_register() -> list[str]:
    if not REGISTER.exists():
        return []
    return [
        line.strip()
        for line in REGISTER.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def main(site_dir: str) -> int:
    known = set(read_register())
    new = published(Path(site_dir)) - known
    lines = sorted(known | new)
    REGISTER.write_text(
        "# Adresses publiées : ne retirez jamais une ligne (voir tests/urls.py).\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print(f"{len(new)} adresse(s) ajoutée(s), {len(lines)} au total.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "site"))
