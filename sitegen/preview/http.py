"""The preview's HTTP side: which requests it answers, and the files it serves.

A page on another site can reach a local server by DNS rebinding (its own name made to point
at 127.0.0.1), and would then read the preview, drafts included. So every request, the live
reload socket's too, is answered only when its Host (and Origin, when sent) names this
machine as the preview was started with; a path with NUL or control characters, or that is
not percent-encoded UTF-8, is a bad request rather than a server error.
"""

from __future__ import annotations

import html
import ipaddress
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from livereload import Server
from livereload.handlers import (ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler,
                                 StaticFileHandler)
from livereload.server import LiveScriptInjector
from tornado import web
from tornado.routing import AnyMatches, Matcher, Rule

from sitegen.errors import SiteError
from sitegen.preview.preview import Preview

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::")
# livereload's own snippet: it loads livereload.js from the host and port the page came from.
LIVE_SCRIPT = (b'<script type="text/javascript">(function(){'
               b'var s=document.createElement("script");'
               b"var port=(window.location.port || "
               b"(window.location.protocol == 'https:' ? 443: 80));"
               b's.src="//"+window.location.hostname+":"+port'
               b'+ "/livereload.js?port=" + port;'
               b'document.head.appendChild(s);'
               b'})();</script>')
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST_HEADER = re.compile(r"(?a)(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RequestPolicy:
    """Which host names the preview answers to: the loopback names and the address it was
    bound to (`--host`); bound to every address, any IP address too (an address, unlike a
    name, cannot be rebound to another site)."""

    def __init__(self, bound_host: str):
        bound = bound_host.strip("[]").lower()
        self.names = {*LOOPBACK_NAMES, bound} - {""}
        self.any_address = bound in WILDCARD_ADDRESSES

    def refusal(self, request) -> tuple[int, str] | None:
        """(status, text) for a request the preview will not answer, else None."""
        if not self._allowed(request.headers.get("Host", request.host)):
            names = ", ".join(f"[{name}]" if ":" in name else name for name in sorted(self.names))
            return 403, f"forbidden: this preview answers only requests for {names}\n"
        origin = request.headers.get("Origin")
        if origin is not None and not self._allowed(origin, url=True):
            return 403, "forbidden: requests from other sites are not answered\n"
        if _BAD_ESCAPE.search(request.path):
            return 400, "bad request: '%' in the path must start an escape such as %20\n"
        try:
            path = unquote_to_bytes(request.path).decode("utf-8")
        except UnicodeDecodeError:
            return 400, "bad request: the path is not UTF-8\n"
        if _CONTROL.search(path):
            return 400, "bad request: the path holds a NUL or control character\n"
        return None

    def _allowed(self, host: str, url: bool = False) -> bool:
        """Whether a Host header (or with `url`, an Origin) names this machine."""
        if url:
            host = host.partition("://")[2] if host.startswith(("http://", "https://")) else ""
        if not _HOST_HEADER.fullmatch(host):
            return False
        try:
            name = (urlsplit(f"//{host}").hostname or "").rstrip(".")
        except ValueError:      # brackets around what is no IPv6 address
            return False
        if name in self.names:
            return True
        if not self.any_address:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True


class _Answered(Matcher):
    """Matches the requests the preview answers; the others fall through to _Refused."""

    def __init__(self, policy: RequestPolicy):
        self.policy = policy

    def match(self, request):
        return {} if self.policy.refusal(request) is None else None


class _Refused(web.RequestHandler):
    def initialize(self, policy: RequestPolicy):
        self.policy = policy

    def prepare(self):
        status, text = self.policy.refusal(self.request) or (403, "forbidden\n")
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(text)


class PreviewFiles(StaticFileHandler):
    """The preview folder, or while the last save is broken, the error on every page. The
    pinned tornado resolves links and serves nothing from outside the folder."""

    def initialize(self, path: str, default_filename: str, preview: Preview):
        super().initialize(path=path, default_filename=default_filename)
        self.preview = preview

    async def get(self, path: str, include_body: bool = True):
        if self.preview.error is not None and (path == "" or path.endswith(("/", ".html"))):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(self.preview.error))
            return
        await super().get(path, include_body)

    def write_error(self, status_code: int, **kwargs):
        """A missing file gets the site's own 404 page, as on the published site. It is read
        from the folder's root whatever the URL, so no request path can pick another file."""
        page = not_found_page(self.preview.output) if status_code == 404 else None
        if page is None:
            super().write_error(status_code, **kwargs)
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")    # it may exist after the next save
        self.finish(page)


class PreviewServer(Server):
    def __init__(self, preview: Preview, watcher, bound_host: str):
        super().__init__(watcher=watcher)
        self.preview = preview
        self.policy = RequestPolicy(bound_host)

    def get_web_handlers(self, script):
        return [(r"/(.*)", PreviewFiles, {"path": str(self.preview.output),
                                           "default_filename": "index.html",
                                           "preview": self.preview})]

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        """livereload's application (one port, its handlers and script injection), with
        every request going through the policy first: the live reload socket's too."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css

        class InjectScript(LiveScriptInjector):
            script = LIVE_SCRIPT

        handlers = [(r"/livereload", LiveReloadHandler),
                    (r"/forcereload", ForceReloadHandler),
                    (r"/livereload.js", LiveReloadJSHandler),
                    *self.get_web_handlers(LIVE_SCRIPT)]
        rules = [Rule(_Answered(self.policy), handlers),
                 Rule(AnyMatches(), _Refused, {"policy": self.policy})]
        web.Application(rules, transforms=[InjectScript]).listen(port, address=host)


def not_found_page(output: Path) -> bytes | None:
    """The built 404.html at the root of the preview folder, if there is one inside it."""
    page = output / "404.html"
    try:
        if not page.resolve(strict=True).is_relative_to(output.resolve()):
            return None
        return page.read_bytes()
    except OSError:     # not built yet, or gone while a build replaces it
        return None


def error_page(error: SiteError) -> str:
    where = f"{error.path}:{error.line}" if error.path and error.line else error.path or ""
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>Build error</title>\n</head>\n<body style=\"font:16px/1.5 sans-serif;"
            "margin:2rem;max-width:60rem\">\n<h1>The preview could not be built</h1>\n"
            f"<p class=\"error-where\"><code>{html.escape(where)}</code></p>\n"
            f"<pre class=\"error-message\" style=\"white-space:pre-wrap\">{html.escape(str(error))}</pre>\n"
            "<p>Fix the file and save: this page reloads by itself.</p>\n</body>\n</html>\n")
