"""One walk through every built page in Chromium for each way of looking at it (a « pass »), shared by the tests
that read all the pages: axe-core (tests/test_accessibility.py), the Content-Security-Policy (tests/test_csp.py)
and requests to another host (tests/test_browser.py). They used to walk the site five times between them, then
three; now twice: on a computer with the system in light mode, on a phone with the system in dark mode.

Each page is visited once per pass; during the visit the pass collects everything those tests look at: axe-core's
violations (both colour schemes), the `securitypolicyviolation` events, every request that leaves 127.0.0.1 and
every console error about the policy. Each test then asserts on its own part of the record, so each still fails on
its own problem (tests/test_browser.py::test_the_shared_walk_sees_each_problem proves it on a spoilt page).

A pass is made once per test process, when a test first asks for it (the `crawl` fixture of tests/conftest.py);
conftest's scheduler keeps the tests that read one pass on one worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.is_file() else ""
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
SCHEMES = ["default", "slate"]  # the theme's colour schemes, as axe sees them (data-md-color-scheme)
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # the axe rules whose result depends on the colour scheme
WIDTHS = {"ordinateur": {"width": 1280, "height": 800}, "telephone": {"width": 360, "height": 740}}

# Every `securitypolicyviolation` of the page, from before its first script runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@dataclass(frozen=True)
class Way:
    """How a pass looks at the pages."""

    viewport: dict[str, int] | None  # None: Playwright's default window (1280 × 720)
    color_scheme: str  # the system's colour preference (prefers-color-scheme)
    reduced_motion: bool  # no colour transitions while axe measures contrast
    axe: bool  # run axe-core on each page (not on redirects nor on 404.html)
    settle: bool  # wait as tests/test_browser.py did: 100 ms after load, network idle on QUIET


WAYS = {
    # axe at both widths (as tests/test_accessibility.py did), each in both of the theme's colour schemes (the
    # walk switches them itself), with the policy and the other hosts watched; the phone with the system in dark
    # mode, so that the policy is also watched as a reader whose system is dark sees the pages (tests/test_csp.py
    # and tests/test_browser.py read it; they once had a third walk of their own for it, without axe)
    "ordinateur": Way(WIDTHS["ordinateur"], "light", reduced_motion=True, axe=True, settle=True),
    "telephone": Way(WIDTHS["telephone"], "dark", reduced_motion=True, axe=True, settle=False),
}


@dataclass
class Pass:
    name: str
    visited: list[str] = field(default_factory=list)
    axe_pages: int = 0
    axe_runs: int = 0
    axe: dict[str, list[str]] = field(default_factory=dict)  # "rule (impact): help" → ["url [scheme] [targets]"]
    csp: list[str] = field(default_factory=list)  # "url: directive blocked source"
    foreign: list[str] = field(default_factory=list)  # "page: address on another host"
    blocked: list[str] = field(default_factory=list)  # "page: console error naming the policy"


def is_redirect_file(path: Path) -> bool:
    return 'http-equiv="refresh"' in path.read_text(encoding="utf-8")


def site_pages(site_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """(pages axe reads, other pages: 404.html…, redirects of old addresses), as URLs starting with « / »."""
    pages, others, redirects = [], [], []
    for path in sorted(site_dir.rglob("*.html")):
        url = "/" + path.relative_to(site_dir).as_posix().removesuffix("index.html")
        if path.name != "index.html":
            others.append(url)
        elif is_redirect_file(path):
            redirects.append(url)
        else:
            pages.append(url)
    return pages, others, redirects


# axe in each of the theme's schemes in turn, in one call: the scheme switched (when it is not the page's already),
# then axe once the fonts are in and, after a switch, two frames drawn with the new colours (there are no colour
# transitions to wait for: reduced motion; the theme and site.css turn them off). Every rule in the first scheme;
# in the others, only the rules that read colours (the scheme changes nothing else: same DOM, same names, order).
# axe runs without making a CSS selector for each node it reads (a fifth of its time); where it finds violations,
# their rules run again with selectors, so that the report names the elements.
SCHEMES_THEN_AXE = """async ([schemes, all, colours]) => {
  const found = [];
  const fast = {resultTypes: ['violations'], selectors: false, ancestry: false, xpath: false};
  for (const scheme of schemes) {
    if (document.body.getAttribute('data-md-color-scheme') !== scheme) {
      document.body.setAttribute('data-md-color-scheme', scheme);
      await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    }
    await document.fonts.ready;
    const only = found.length ? colours : all;
    let violations = (await axe.run(document, {...fast, runOnly: only})).violations;
    if (violations.length) {
      const rules = {type: 'rule', values: violations.map(v => v.id)};
      violations = (await axe.run(document, {resultTypes: ['violations'], runOnly: rules})).violations;
    }
    found.push(violations);
  }
  return found;
}"""


def _axe(tab, url: str, record: Pass) -> None:
    # axe-core is in the page from its start (Playwright's init script, added by walk: not a <script> of the page,
    # which the strict CSP would rightly block, and not sent again over the pipe for each page).
    record.axe_pages += 1
    every = {"type": "tag", "values": TAGS}
    colours = {"type": "rule", "values": COLOUR_RULES}
    for scheme, violations in zip(SCHEMES, tab.evaluate(SCHEMES_THEN_AXE, [SCHEMES, every, colours]), strict=True):
        record.axe_runs += 1
        for v in violations:
            targets = [", ".join(n["target"]) for n in v["nodes"]][:3]
            record.axe.setdefault(f"{v['id']} ({v['impact']}): {v['help']}", []).append(f"{url} [{scheme}] {targets}")


def walk(
    browser,
    server: str,
    site_dir: Path,
    name: str,
    quiet: frozenset[str] | set[str] = frozenset(),
    axe: bool | None = None,
    only: list[str] | None = None,
) -> Pass:
    """Visit every page of `site_dir` (served at `server`) the way `name` says; `axe=False` leaves axe out
    (no test of this run reads it); `only` limits the walk to these URLs (tests of this module)."""
    way = WAYS[name]
    run_axe = way.axe if axe is None else axe and way.axe
    record = Pass(name)
    tab = browser.new_page()
    if way.viewport:
        tab.set_viewport_size(way.viewport)
    tab.emulate_media(color_scheme=way.color_scheme, reduced_motion="reduce" if way.reduced_motion else "no-preference")
    tab.add_init_script(LISTEN)
    if run_axe:
        tab.add_init_script(AXE_SOURCE)  # axe-core defined in every page before its own scripts run (see _axe)
    tab.on(
        "request",
        lambda r: (
            record.foreign.append(f"{tab.url}: {r.url}")
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:")
            else None
        ),
    )
    tab.on(
        "console",
        lambda m: (
            record.blocked.append(f"{tab.url}: {m.text}")
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    pages, others, redirects = site_pages(site_dir)
    # Redirects last: their refresh must not interrupt the loading of a page that axe reads.
    for url in [*sorted(pages + others), *redirects]:
        if only is not None and url not in only:
            continue
        tab.goto(server + url, wait_until="load")  # its load event: the document is complete
        if url in redirects:  # its refresh may have begun to load the new address: until that one is loaded
            tab.wait_for_function("() => document.readyState === 'complete'")
        if run_axe and url in pages:
            _axe(tab, url, record)  # half a second or more on the page: longer than the pause below
        elif way.settle and url not in redirects:
            tab.wait_for_timeout(100)
        if way.settle and url in quiet:
            tab.wait_for_load_state("networkidle")  # also what loads late (search, workers)
        record.csp += [f"{url}: {v}" for v in tab.evaluate("() => window.__violations")]
        record.visited.append(url)
    tab.close()
    return record
