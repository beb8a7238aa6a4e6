"""`make serve`: the preview is as safe as the site, and notices a saved file within a tenth of a second.

Every HTML page the preview serves carries the site's Content-Security-Policy (render/csp.py), as a header
computed on the page as sent (`with_policy`, a WSGI layer around MkDocs' server): the hashes of its inline scripts,
MkDocs' live-reload script included (it changes with each page served: its hash is that page's), and nothing else;
an inline event handler or a `javascript:` link that reached a page does not run in the preview either.

MkDocs' preview server looks for changed files every half second (a polling watcher, which works on every
system and mounted folder): on average a quarter of a second of each edit's wait, before the rebuild even starts.
`faster_watch` gives the server the same kind of watcher, looking every POLL_SECONDS, and moves to it the folders
MkDocs watches already (docs/, mkdocs.yml, the theme's when asked); those of `watch:` in mkdocs.yml (data/,
macros/, overrides/) are added after our plugin's on_serve, so they go to it directly. Only the server's public
methods are used (watch, unwatch, and its `observer`, started when it serves). Looking at a few hundred files ten
times a second costs next to nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..render import csp

POLL_SECONDS = 0.1


def faster_watch(server: Any, candidates: Iterable[str]) -> Any:
    """The server, watching with a POLL_SECONDS watcher the `candidates` it watched (the others are left out)."""
    from watchdog.observers.polling import PollingObserver  # here: a build (no server) does not import watchdog

    moved = []
    for path in dict.fromkeys(candidates):
        try:
            server.unwatch(path)
        except KeyError:  # not watched (e.g. the theme's folders without --watch-theme)
            continue
        moved.append(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in moved:
        server.watch(path)
    return server


Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def with_policy(server: Any) -> Any:
    """The server, sending with each HTML page the policy of that page as served (the plugin leaves this out with
    `csp: false`, which also leaves it out of a build, for tools that inject styles). Only public methods: get_app,
    set_app (wsgiref)."""
    server.set_app(policed(server.get_app()))
    return server


def policed(app: Wsgi) -> Wsgi:
    """A WSGI layer: HTML responses are read whole (a page, a few hundred KB at most) and get their policy header;
    anything else (style sheets, images, the live-reload poll, which waits) passes as it comes."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        held: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], Any]:
            kind = next((v for k, v in headers if k.lower() == "content-type"), "")
            if not kind.lower().startswith("text/html"):
                return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
            held[:] = [status, headers, exc_info]
            return lambda data: held.append(data)  # the rare app that writes instead of returning

        body = app(environ, hold)
        if not held:
            return body
        try:
            content = b"".join([*held[3:], *body])
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        status, headers, exc_info = held[:3]
        headers = [(k, v) for k, v in headers if k.lower() != "content-security-policy"]
        headers.append(("Content-Security-Policy", csp.served_policy(content) if content.strip() else csp.policy()))
        start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
        return [content]

    return serve
