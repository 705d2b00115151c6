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
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                             FileMovedEvent, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer

from sitegen import report
from sitegen.errors import SiteError
from sitegen.preview.http import PreviewServer
from sitegen.preview.preview import WATCHED, Preview, is_watched
from sitegen.site.urlcheck import host_problem

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


# What a save, a new, deleted or renamed file makes: not the reads of every build, whose
# events would keep the watcher's thread (and the interpreter lock) busy while it builds.
EVENTS = [FileModifiedEvent, FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent,
          DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def _watch(root: Path, changes: _Changes) -> None:
    observer = Observer()
    observer.schedule(changes, str(root), recursive=False, event_filter=EVENTS)    # site.yml
    for name in WATCHED:
        if (root / name).is_dir():
            observer.schedule(changes, str(root / name), recursive=True, event_filter=EVENTS)
    observer.daemon = True
    observer.start()


class _BuildLoop:
    """Runs a build for each batch of saves, on the server's loop, and collects the garbage
    when the saves stop."""

    def __init__(self, preview: Preview, root: Path):
        self.preview = preview
        self.loop: IOLoop | None = None
        self.scheduled = False
        self.collections: list = []
        self.changes = _Changes(root, self.wake)
        _watch(root, self.changes)  # before the first build, so no save made meanwhile is lost

    def rebuild(self, changed: set[Path] | None = None) -> None:
        """Never raises: a broken save shows its error in the browser instead. The collector
        is paused meanwhile: a collection over the whole site in memory can take longer than
        the rebuild itself, so it runs while the server waits for the next save."""
        gc.disable()
        try:
            report.info(f"preview: {self.preview.rebuild(changed)}")
        except SiteError as error:
            report.info(f"error: {error} (shown in the browser until the next good save)")
        except Exception as error:      # a bug must never stop the preview server
            report.info(traceback.format_exc())
            self.preview.error = SiteError(f"internal error: {error!r}")
        finally:
            gc.enable()

    def start(self) -> None:
        """On the server's loop, once it runs: saves made during the first build are built."""
        self.loop = IOLoop.current()
        self.collect_when_idle()
        if self.changes.paths:
            self.schedule()

    def wake(self) -> None:     # from the watchdog thread; before the loop runs, saves wait
        if self.loop is not None:
            self.loop.add_callback(self.schedule)

    def schedule(self) -> None:
        if not self.scheduled:
            self.scheduled = True
            self.loop.call_later(SETTLE_SECONDS, self.build_changes)

    def build_changes(self) -> None:
        self.scheduled = False
        changed = self.changes.take()
        if changed:
            self.rebuild(changed)
            # Direct, without livereload's 3-second throttle; a broken build reloads too (the
            # browser shows the error).
            LiveReloadHandler.reload_waiters("*")
            self.collect_when_idle()

    def collect_when_idle(self) -> None:
        """Once the saves stop, what is new is collected and the rest frozen, so that later
        collections pass the site over; a collection through everything (a quarter of a
        second at 10,000 articles) waits for a longer pause, so that a save seldom waits
        for it."""
        for timeout in self.collections:
            self.loop.remove_timeout(timeout)
        self.collections = [self.loop.call_later(IDLE_SECONDS, self.collect_garbage, False),
                            self.loop.call_later(LONG_IDLE_SECONDS, self.collect_garbage, True)]

    def collect_garbage(self, everything: bool) -> None:
        if self.scheduled:
            return          # busy again: the next idle moment comes
        if everything:
            gc.unfreeze()   # the old site's records, frozen before it was replaced
        gc.collect()
        gc.freeze()


def serve(root: Path, output: Path, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False, quiet: bool = False) -> None:
    address = f"[{host}]" if ":" in host else host     # an IPv6 address, in a URL
    if host_problem(address):
        raise SiteError(host_problem(address), "--host")
    preview = Preview(root, output, f"http://{address}:{port}/", quiet)
    builds = _BuildLoop(preview, root)
    builds.rebuild()
    server = PreviewServer(preview, _NoWatcher(builds.start), host)
    report.info(f"previewing on {preview.base_url} (Ctrl+C to stop)")
    server.serve(host=host, port=port, root=str(preview.output),
                 open_url_delay=0 if open_browser else None)
