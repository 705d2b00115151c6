"""Whether a scheduled build deploys: only when the site it built differs from the last one
deployed. The digest of every published file's path and bytes is kept in `.cache/`, which
the Pages workflow restores for every run; a push or a run by hand always deploys."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sitegen.publish.output_folder import output_path

DEPLOYED = Path(".cache") / "deployed-site.digest"


def site_digest(output: Path) -> str:
    """One digest of the published site: each file's path and bytes, in path order."""
    digest = hashlib.blake2b(digest_size=20)
    folder = output_path(output)
    files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                   if path.is_file())
    for name in files:
        digest.update(name.encode() + b"\0")
        with open(folder / name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def should_deploy(event: str, digest: str, last_deployed: str | None) -> bool:
    """A scheduled run deploys a site that changed (a story's time came, the news sitemap's
    48 hours moved on); any other run deploys what it built."""
    return event != "schedule" or digest != last_deployed


def deploy_gate(root: Path, output: Path, event: str) -> tuple[bool, str]:
    """The decision and why; on yes, the digest is kept as the last deployed."""
    state = root / DEPLOYED
    digest = site_digest(output)
    try:
        last = state.read_text(encoding="utf-8").strip()
    except OSError:
        last = None
    if not should_deploy(event, digest, last):
        return False, f"the site is the one deployed last ({digest[:12]}): nothing to deploy"
    state.parent.mkdir(parents=True, exist_ok=True)
    temporary = state.with_suffix(".tmp")
    temporary.write_text(digest + "\n", encoding="utf-8")
    os.replace(temporary, state)
    reason = "a scheduled run found a changed site" if event == "schedule" else f"a {event} run"
    return True, f"{reason}: deploying {digest[:12]}"
