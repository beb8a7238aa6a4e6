"""The site map for search engines (sitemap.xml) dates each page by its own last change, from git, as the page's
« Dernière mise à jour » says it: the adapter hands MkDocs the page's facts before MkDocs writes the site map (the
old hook gave the date after it, so that every page had the build's commit date)."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from macros.site import build as build_module
from tests.conftest import ROOT

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_dates_each_page_by_its_last_change(site_dir: Path) -> None:
    if build_module.source_date_epoch(ROOT) is None:
        pytest.skip("pas un dépôt git (une archive) : chaque page a la date donnée à la construction")
    tree = lxml.etree.parse(str(site_dir / "sitemap.xml"))
    dates: dict[str, str] = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in tree.iter(f"{SITEMAP}url")
    }
    assert len(set(dates.values())) > 1, "every page has the same date: the build's, not its own"
    home = min(dates, key=len)  # the site's address
    compared = 0
    for loc, day in dates.items():
        page = site_dir / loc[len(home) :] / "index.html"
        shown = lxml.html.parse(str(page)).getroot().xpath("//*[contains(@class, 'up-modifier__date')]/time/@datetime")
        if shown:  # « Dernière mise à jour : … » on the page
            assert shown[0] == day, loc
            compared += 1
    assert compared > 50
