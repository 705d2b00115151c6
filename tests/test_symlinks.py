"""Nothing outside the project is published: a symbolic link under static/, content/ or
templates/ that leads outside it (or into its hidden folders) stops the build with one line
naming the link, and the published site stays as it was. Links inside the project work."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from conftest import PROJECT, SiteFolder
from test_serve import fetch, start_preview, wait_for

SECRET = "SECRET-TOKEN-4711"
OUTSIDE = "symbolic link to {target!r} leads outside the project"


def published(site_dir: Path) -> dict[str, bytes]:
    return {path.relative_to(site_dir).as_posix(): path.read_bytes()
            for path in sorted(site_dir.rglob("*")) if path.is_file()}


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header
            + struct.pack(">I", zlib.crc32(b"IHDR" + header)))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project, with files a careless link could publish."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "photo.png").write_bytes(png(640, 480))
    (folder / "leak.md").write_text("---\ntitle: Leak\ndate: 2026-01-01\nauthor: ada\n"
                                    f"description: From outside.\n---\n\n{SECRET}\n")
    (folder / "spy.yml").write_text(f"name: Spy\nbio: {SECRET}\n")
    seo = (PROJECT / "templates/partials/seo.html").read_text()
    (folder / "seo.html").write_text(seo + f"<!-- {SECRET} -->\n")
    return folder


def link(site: SiteFolder, relative: str, target: str | Path) -> None:
    path = site.root / relative
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def refused(site: SiteFolder, message: str) -> None:
    """The build fails with `message`; what was published is byte for byte the same."""
    site_dir = site.root / "_site"
    before = published(site_dir)
    assert site.build_fails() == f"error: {message}"
    assert published(site_dir) == before


@pytest.fixture
def built(site: SiteFolder) -> SiteFolder:
    site.article("story", body="![A figure](/images/placeholder-figure.svg)")
    site.build()
    return site


@pytest.mark.parametrize("relative, target", [
    ("static/images/logo.svg", "/etc/passwd"),              # the two cases
    ("static/env.txt", "/proc/self/environ"),
    ("static/system", "/etc"),                              # a folder
    ("static/css/print.css", "{outside}/secret.txt"),
    ("content/articles/leak.md", "{outside}/leak.md"),
    ("content/authors/spy.yml", "{outside}/spy.yml"),
    ("content/pages/leak.md", "{outside}/leak.md"),
    ("content/pages", "{outside}"),                         # a whole content folder
    ("templates/partials/seo.html", "{outside}/seo.html"),  # read into every page
    ("templates/partials/extra", "{outside}"),
])
def test_a_link_leading_outside_the_project_is_refused(built: SiteFolder, outside: Path,
                                                       relative: str, target: str):
    target = target.format(outside=outside)
    link(built, relative, target)
    refused(built, f"{relative}: " + OUTSIDE.format(target=target) +
            ": only the project's own files are published (copy the file in instead)")


def test_a_chain_of_links_is_followed_to_its_end(built: SiteFolder, outside: Path):
    link(built, "static/b.txt", outside / "secret.txt")
    link(built, "static/a.txt", "b.txt")
    refused(built, "static/a.txt: " + OUTSIDE.format(target="b.txt") +
            ": only the project's own files are published (copy the file in instead)")


@pytest.mark.parametrize("relative, target, message", [
    ("static/images/gone.svg", "missing.svg",
     "broken symbolic link: its target 'missing.svg' does not exist"),
    ("content/articles/gone.md", "nowhere.md",
     "broken symbolic link: its target 'nowhere.md' does not exist"),
    ("static/loop.txt", "loop.txt", "symbolic link that cannot be followed (a loop of links?)"),
    ("static/config.txt", "../.git/config",
     "symbolic link into the project's hidden '.git': its files are never published"),
    ("static/everything", "..", "symbolic link to the project folder itself"),
])
def test_broken_looping_and_hidden_links_are_refused(built: SiteFolder, relative: str,
                                                     target: str, message: str):
    (built.root / ".git").mkdir()
    (built.root / ".git/config").write_text(f"url = https://user:{SECRET}@example.org/\n")
    link(built, relative, target)
    refused(built, f"{relative}: {message}")


@pytest.mark.parametrize("where", ["image.src", "body", "avatar", "publisher_logo"])
def test_an_image_linked_outside_is_never_read(built: SiteFolder, outside: Path, where: str):
    """images.py reads image sizes: a linked image is refused before any of it is read."""
    link(built, "static/images/photo.png", outside / "photo.png")
    if where == "image.src":
        built.article("pictured", image={"src": "images/photo.png", "alt": "A photo"})
    elif where == "body":
        built.article("pictured", body="![A photo](/images/photo.png)")
    elif where == "avatar":
        built.author("ada", name="Ada", avatar={"src": "images/photo.png", "alt": "Ada"})
    else:
        built.config(title="T", description="D", base_url="https://news.example.org/",
                     publisher_logo="images/photo.png")
    refused(built, "static/images/photo.png: "
            + OUTSIDE.format(target=str(outside / "photo.png"))
            + ": only the project's own files are published (copy the file in instead)")


def test_links_inside_the_project_are_followed(built: SiteFolder):
    link(built, "static/images/alias.svg", "placeholder-figure.svg")
    built.write("shared/story.md", (built.root / "content/articles/story.md").read_text()
                .replace("title: Story", "title: Shared Story"))
    link(built, "content/articles/shared.md", "../../shared/story.md")
    built.article("aliased", body="![A figure](/images/alias.svg)")
    site_dir = built.build()
    assert (site_dir / "images/alias.svg").read_bytes() == \
        (built.root / "static/images/placeholder-figure.svg").read_bytes()
    assert "Shared Story" in (site_dir / "articles/shared/index.html").read_text()


def test_the_preview_publishes_nothing_from_outside(site: SiteFolder, outside: Path,
                                                    tmp_path: Path):
    site.article("story", title="Story Title")
    link(site, "static/env.txt", outside / "secret.txt")
    preview = tmp_path / "preview"
    server, port = start_preview(site, preview)
    base = f"http://127.0.0.1:{port}"
    try:
        page = wait_for(f"{base}/articles/story/", "could not be built")
        assert "static/env.txt: symbolic link to" in page
        assert SECRET not in fetch(f"{base}/env.txt")
        (site.root / "static/env.txt").unlink()
        wait_for(f"{base}/articles/story/", "Story Title")
        # A link saved while the preview runs: an article, then a template.
        link(site, "content/articles/late.md", outside / "leak.md")
        wait_for(f"{base}/articles/story/", "content/articles/late.md: symbolic link to")
        (site.root / "content/articles/late.md").unlink()
        wait_for(f"{base}/articles/story/", "Story Title")
        link(site, "templates/partials/seo.html", outside / "seo.html")
        wait_for(f"{base}/articles/story/", "templates/partials/seo.html: symbolic link to")
        # A link put into the preview folder itself is not served (tornado resolves links).
        os.symlink(outside / "secret.txt", preview / "leak.txt")
        assert SECRET not in fetch(f"{base}/leak.txt")
        assert server.poll() is None
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert SECRET not in output
    assert not any(SECRET.encode() in path.read_bytes()
                   for path in preview.rglob("*") if path.is_file() and not path.is_symlink())
