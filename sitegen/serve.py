"""Local preview: the `livereload` server, with our own change detection and reload trigger.

livereload's own watcher polls every 0.8 s, ignores reloads within 3 s of the last one and
stops watching when a callback raises. So its watcher is switched off: file-system events
(watchdog: inotify on Linux) are collected for a short moment, all changes found make one
build (rapid saves are batched), every error is caught, and the browsers reload at once.
"""

from __future__ import annotations

import gc
import threading
import traceback
from pathlib import Path

from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import report
from .errors import SiteError
from .preview import WATCHED, Preview, is_watched
from .preview_http import PreviewServer
from .urlcheck import host_problem

SETTLE_SECONDS = 0.02   # saves this close together make one build
IDLE_SECONDS = 1.0      # no save for this long: collect the garbage of the last build
LONG_IDLE_SECONDS = 10.0    # and for this long: collect through everything


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


def _watch(root: Path, changes: _Changes) -> None:
    observer = Observer()
    observer.schedule(changes, str(root), recursive=False)     # site.yml
    for name in WATCHED:
        if (root / name).is_dir():
            observer.schedule(changes, str(root / name), recursive=True)
    observer.daemon = True
    observer.start()


def serve(root: Path, output: Path, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False, quiet: bool = False) -> None:
    address = f"[{host}]" if ":" in host else host     # an IPv6 address, in a URL
    if host_problem(address):
        raise SiteError(host_problem(address), "--host")
    preview = Preview(root, output, f"http://{address}:{port}/", quiet)

    def rebuild(changed: set[Path] | None = None) -> None:
        """Never raises: a broken save shows its error in the browser instead. The collector
        is paused meanwhile: a collection over the whole site in memory can take longer than
        the rebuild itself, so it runs while the server waits for the next save."""
        gc.disable()
        try:
            report.info(f"preview: {preview.rebuild(changed)}")
        except SiteError as error:
            report.info(f"error: {error} (shown in the browser until the next good save)")
        except Exception as error:      # a bug must never stop the preview server
            report.info(traceback.format_exc())
            preview.error = SiteError(f"internal error: {error!r}")
        finally:
            gc.enable()

    loop: IOLoop | None = None
    scheduled = False
    collections = []

    def build_changes() -> None:
        nonlocal scheduled
        scheduled = False
        changed = changes.take()
        if changed:
            rebuild(changed)
            # Direct, without livereload's 3-second throttle; a broken build reloads too (the
            # browser shows the error).
            LiveReloadHandler.reload_waiters("*")
            collect_when_idle()

    def collect_when_idle() -> None:
        """Once the saves stop, what is new is collected and the rest frozen, so that later
        collections pass the site over; a collection through everything (a quarter of a
        second at 10,000 articles) waits for a longer pause, so that a save seldom waits
        for it."""
        nonlocal collections
        for timeout in collections:
            loop.remove_timeout(timeout)
        collections = [loop.call_later(IDLE_SECONDS, collect_garbage, False),
                       loop.call_later(LONG_IDLE_SECONDS, collect_garbage, True)]

    def collect_garbage(everything: bool) -> None:
        if scheduled:
            return          # busy again: the next idle moment comes
        if everything:
            gc.unfreeze()   # the old site's records, frozen before it was replaced
        gc.collect()
        gc.freeze()

    def wake() -> None:     # from the watchdog thread; before the loop runs, saves wait
        if loop is not None:
            loop.add_callback(schedule)

    def schedule() -> None:
        nonlocal scheduled
        if not scheduled:
            scheduled = True
            loop.call_later(SETTLE_SECONDS, build_changes)

    def start_watching() -> None:
        nonlocal loop
        loop = IOLoop.current()
        collect_when_idle()
        if changes.paths:       # saved during the first build
            schedule()

    changes = _Changes(root, wake)
    _watch(root, changes)       # before the first build, so that no save made meanwhile is lost
    rebuild()
    server = PreviewServer(preview, _NoWatcher(start_watching), host)
    report.info(f"previewing on {preview.base_url} (Ctrl+C to stop)")
    server.serve(host=host, port=port, root=str(preview.output),
                 open_url_delay=0 if open_browser else None)
