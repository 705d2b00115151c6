"""Local preview: the `livereload` server, with our own change detection and reload trigger.

livereload's own watcher polls every 0.8 s, ignores reloads within 3 s of the last one and
stops watching when a callback raises. So its watcher is switched off: file-system events
(watchdog: inotify on Linux) are collected for a short moment, all changes found make one
build (rapid saves are batched), every error is caught, and the browsers reload at once.
"""

from __future__ import annotations

import html
import threading
import traceback
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import report
from .errors import SiteError
from .preview import WATCHED, Preview, is_watched

SETTLE_SECONDS = 0.02   # saves this close together make one build


class _NoWatcher(Watcher):
    """Tells livereload the watching is done elsewhere, so it starts no polling of its own."""

    def __init__(self, start_polling):
        super().__init__()
        self._start_polling = start_polling

    def start(self, callback) -> bool:
        self._start_polling()
        return True

    def examine(self):
        return None, None


class _Changes(FileSystemEventHandler):
    """Collects changed paths from the watchdog thread and wakes the server's loop."""

    IGNORED = {"opened", "closed_no_write"}

    def __init__(self, root: Path, wake):
        self.root = root
        self.wake = wake
        self.paths: set[Path] = set()
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in self.IGNORED or (event.is_directory and event.event_type
                                                in ("modified", "created", "closed")):
            return
        paths = {Path(str(event.src_path))}
        if getattr(event, "dest_path", ""):
            paths.add(Path(str(event.dest_path)))
        paths = {path for path in paths if is_watched(self.root, path)}
        if paths:
            with self.lock:
                self.paths |= paths
            self.wake()

    def take(self) -> set[Path]:
        with self.lock:
            taken, self.paths = self.paths, set()
        return taken


class _PreviewFiles(StaticFileHandler):
    """The preview folder, or while the last save is broken, the error on every page."""

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


class _PreviewServer(Server):
    def __init__(self, preview: Preview, start_polling):
        super().__init__(watcher=_NoWatcher(start_polling))
        self.preview = preview

    def get_web_handlers(self, script):
        return [(r"/(.*)", _PreviewFiles, {"path": str(self.preview.output),
                                            "default_filename": "index.html",
                                            "preview": self.preview})]


def error_page(error: SiteError) -> str:
    where = f"{error.path}:{error.line}" if error.path and error.line else error.path or ""
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>Build error</title>\n</head>\n<body style=\"font:16px/1.5 sans-serif;"
            "margin:2rem;max-width:60rem\">\n<h1>The preview could not be built</h1>\n"
            f"<p class=\"error-where\"><code>{html.escape(where)}</code></p>\n"
            f"<pre class=\"error-message\" style=\"white-space:pre-wrap\">{html.escape(str(error))}</pre>\n"
            "<p>Fix the file and save: this page reloads by itself.</p>\n</body>\n</html>\n")


def serve(root: Path, output: Path, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False, quiet: bool = False) -> None:
    preview = Preview(root, output, f"http://{host}:{port}/", quiet)

    def rebuild(changed: set[Path] | None = None) -> None:
        """Never raises: a broken save shows its error in the browser instead. After a save
        only the pages are written here; the feeds and sitemaps follow the reload."""
        try:
            report.info(f"preview: {preview.rebuild(changed, defer_outputs=bool(changed))}")
        except SiteError as error:
            report.info(f"error: {error} (shown in the browser until the next good save)")
        except Exception as error:      # a bug must never stop the preview server
            report.info(traceback.format_exc())
            preview.error = SiteError(f"internal error: {error!r}")

    loop: IOLoop | None = None
    scheduled = False

    def build_changes() -> None:
        nonlocal scheduled
        scheduled = False
        changed = changes.take()
        if changed:
            rebuild(changed)
            # Direct, without livereload's 3-second throttle; a broken build reloads too (the
            # browser shows the error). The loop sends it before writing the feeds.
            LiveReloadHandler.reload_waiters("*")
            if preview.error is None:
                loop.add_callback(write_outputs)

    def write_outputs() -> None:
        try:
            preview.write_outputs()
        except SiteError as error:
            report.info(f"error: {error} (shown in the browser until the next good save)")
            LiveReloadHandler.reload_waiters("*")
        except Exception as error:      # a bug must never stop the preview server
            report.info(traceback.format_exc())
            preview.error = SiteError(f"internal error: {error!r}")
            LiveReloadHandler.reload_waiters("*")

    def wake() -> None:     # from the watchdog thread
        loop.add_callback(schedule)

    def schedule() -> None:
        nonlocal scheduled
        if not scheduled:
            scheduled = True
            loop.call_later(SETTLE_SECONDS, build_changes)

    def start_watching() -> None:
        nonlocal loop
        loop = IOLoop.current()
        observer = Observer()
        observer.schedule(changes, str(root), recursive=False)     # site.yml
        for name in WATCHED:
            if (root / name).is_dir():
                observer.schedule(changes, str(root / name), recursive=True)
        observer.daemon = True
        observer.start()

    changes = _Changes(root, wake)
    rebuild()
    server = _PreviewServer(preview, start_watching)
    report.info(f"previewing on {preview.base_url} (Ctrl+C to stop)")
    server.serve(host=host, port=port, root=str(preview.output),
                 open_url_delay=0 if open_browser else None)
