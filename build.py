#!/usr/bin/env python3
"""Command line for the news-site generator. The engine lives in the `sitegen` package."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from pathlib import Path

from sitegen.errors import SiteError

ROOT = Path(__file__).resolve().parent


def _shown(path: Path, root: Path) -> str:
    """A path as the user thinks of it: relative to the site folder when inside it (the
    output's own name is not resolved: it links to the current version)."""
    from sitegen.publish.output_folder import output_path
    path = output_path(path)
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _moment(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-05-14T12:00:00+00:00")
    return moment


def command_build(args: argparse.Namespace) -> None:
    from sitegen.content.loader import LoadOptions
    from sitegen.pipeline import build
    result = build(args.root, args.output, args.base_url,
                   LoadOptions(include_drafts=args.drafts, now=args.now, strict=args.strict),
                   search=not args.no_search, quiet=args.quiet)
    print(f"built {_shown(args.output, args.root)}: {result.summary()}")


def command_check(args: argparse.Namespace) -> int:
    from sitegen.check.check import check
    return check(args.root, args.base_url, strict=args.strict)


def command_serve(args: argparse.Namespace) -> None:
    from sitegen.preview.serve import serve
    serve(args.root, args.output, args.host, args.port, open_browser=args.open,
          quiet=args.quiet)


def command_new(args: argparse.Namespace) -> None:
    from sitegen.content.scaffold import new_article
    path = new_article(args.root, args.title, args.author)
    print(f"wrote {path.relative_to(args.root)} (a draft: set draft: false to publish)")


def command_import(args: argparse.Namespace) -> None:
    from sitegen.importer.importer import run_import
    run_import(args.root, args.seeds, force=args.force, dry_run=args.dry_run,
               skip_existing=args.skip_existing)


def command_schedule(args: argparse.Namespace) -> int:
    from sitegen.schedule import schedule_report, scheduled
    now = args.now or dt.datetime.now(dt.timezone.utc)
    stories, zone = scheduled(args.root, now)
    lines = schedule_report(stories, zone, now)
    print("\n".join(lines))
    return 1 if args.strict and any(line.startswith("warning:") for line in lines) else 0


def command_deploy_gate(args: argparse.Namespace) -> None:
    from sitegen.publish.deploy_gate import deploy_gate
    deploy, reason = deploy_gate(args.root, args.output, args.event)
    print(f"deploy={'true' if deploy else 'false'}")     # a GitHub Actions step output
    print(reason, file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static news microsite from Markdown articles with YAML front matter.")
    main.add_argument("--root", type=Path, default=ROOT,
                      help="site folder holding site.yml, content/, templates/ and static/ "
                           "(default: this folder)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", help="publish the site into _site/",
        description="Render every published article and page into the output folder. "
                    "The folder is replaced only when the whole build succeeds.")
    build.add_argument("--output", type=Path, help="output folder (default: _site)")
    build.add_argument("--base-url", help="override base_url from site.yml, "
                                          "e.g. https://USER.github.io/REPO/")
    build.add_argument("--drafts", action="store_true",
                       help="include drafts and articles dated in the future")
    build.add_argument("--now", type=_moment,
                       help="the build time as ISO 8601 with a zone (default: the clock)")
    build.add_argument("--no-search", action="store_true",
                       help="skip the search index (faster; the search page finds nothing)")
    build.add_argument("--strict", action="store_true",
                       help="treat warnings (such as unknown front-matter keys) as errors")
    build.add_argument("--quiet", action="store_true",
                       help="no progress line (it is shown only on a terminal anyway)")
    build.set_defaults(run=command_build)

    check = commands.add_parser(
        "check", help="build into a temporary folder and report problems before publishing",
        description="Report broken internal links and #anchors, images without alt text, "
                    "empty links, duplicate titles and editorial slips, each with its file "
                    "and line. Exit status 1 on errors (and on warnings with --strict).")
    check.add_argument("--base-url", help="override base_url from site.yml")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(run=command_check)

    serve = commands.add_parser(
        "serve", help="preview with live reload on 127.0.0.1",
        description="Build a preview (drafts and future articles included) into .preview/, "
                    "serve it and rebuild and reload the browser when a file changes.")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--output", type=Path, help="preview folder (default: .preview)")
    serve.add_argument("--open", action="store_true", help="open the preview in a browser")
    serve.add_argument("--quiet", action="store_true", help="no progress line")
    serve.set_defaults(run=command_serve)

    new = commands.add_parser(
        "new", help="write a draft article with complete front matter",
        description="Create content/articles/<slug>.md as a draft, ready to edit.")
    new.add_argument("title", help="the article's title")
    new.add_argument("--author", required=True, help="author id (a file in content/authors/)")
    new.set_defaults(run=command_new)

    schedule = commands.add_parser(
        "schedule", help="list the stories that will go live and when",
        description="Stories dated in the future that are not drafts, soonest first, in the "
                    "site's timezone and UTC, with warnings about ambiguous dates.")
    schedule.add_argument("--now", type=_moment, help="the time to list from (default: now)")
    schedule.add_argument("--strict", action="store_true", help="exit 1 on a warning")
    schedule.set_defaults(run=command_schedule)

    gate = commands.add_parser(
        "deploy-gate", help="for the Pages workflow: deploy=true or false",
        description="Prints deploy=false when a scheduled run built the site deployed last "
                    "(its digest is kept in .cache/deployed-site.digest), else deploy=true.")
    gate.add_argument("--output", type=Path, help="the built site (default: _site)")
    gate.add_argument("--event", required=True,
                      help="what started the run: push, schedule, workflow_dispatch")
    gate.set_defaults(run=command_deploy_gate)

    seed_import = commands.add_parser(
        "import", help="turn seeds (raw article text) into Markdown articles",
        description="Write content/articles/<slug>.md for each seed and, for a new author, "
                    "content/authors/<id>.yml, repairing mis-decoded text. Every seed is "
                    "checked before anything is written.")
    seed_import.add_argument("seeds", nargs="+", type=Path, metavar="SEED",
                             help="seed files, e.g. seeds/000_d481fbfead04f324.txt")
    seed_import.add_argument("--force", action="store_true",
                             help="replace an existing article, and an existing author "
                                  "when the seed has an author box")
    seed_import.add_argument("--dry-run", action="store_true",
                             help="print the files instead of writing them")
    seed_import.add_argument("--skip-existing", action="store_true",
                             help="skip seeds whose article exists (what `make import` does)")
    seed_import.set_defaults(run=command_import)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    if getattr(args, "output", "absent") is None:
        args.output = args.root / (".preview" if args.command == "serve" else "_site")
    try:
        return args.run(args) or 0
    except ModuleNotFoundError as error:    # PackageNotFoundError too: another Python's run
        if (error.name or "").partition(".")[0] in ("", "sitegen"):
            raise
        print(f"error: this Python ({sys.executable}) lacks the site's dependencies ({error}): "
              f"run `make build` (it creates .venv with them) or use .venv/bin/python",
              file=sys.stderr)
        return 1
    except SiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:    # a full disk, a read-only folder: nothing published is lost
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    code = main()
    # The process ends here: a last collection over a large site's objects only costs time
    # (0.3 s at 10,000 articles), so the collector is told to leave them alone.
    gc.freeze()
    sys.exit(code)
