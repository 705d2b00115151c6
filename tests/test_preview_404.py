"""An unknown URL in the preview gets the site's own 404 page with status 404, as on the
published site; and the built site has the /favicon.ico that browsers ask for."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT, SUBPATH_URL, SiteFolder
from sitegen.preview.http import LIVE_SCRIPT, not_found_page
from test_preview_requests import request, start, stop
from test_serve import wait_for

TITLE = "Known Story"
SECRET = "not-for-the-browser-7f3a"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """(port, preview folder) of a running preview of a site whose site.yml has a subpath
    base URL; the preview builds at its own address, the root of the port."""
    root = tmp_path_factory.mktemp("preview404")
    site = SiteFolder(root / "site")
    site.config(title="Fixture News", description="A site for tests.", base_url=SUBPATH_URL,
                timezone="UTC")
    site.article("story", title=TITLE)
    site.write("secret.txt", SECRET)        # beside the preview folder, never to be served
    server, port = start(site, root / "preview")
    try:
        wait_for(f"http://127.0.0.1:{port}/articles/story/", TITLE)
        yield port, root / "preview"
    finally:
        output = stop(server)
    assert "Traceback" not in output


@pytest.mark.parametrize("path", ["/nope", "/nope/", "/nope.html", "/articles/nope/",
                                  "/articles/story/nope.png", "/caf%C3%A9/",
                                  "/newsroom/", "/newsroom/articles/story/"])
def test_an_unknown_url_gets_the_sites_404_page(preview, path: str):
    """Under site.yml's subpath too: the preview serves at its own root, so /newsroom/ is
    unknown there, and the page's links go to the preview's root."""
    port, output = preview
    status, kind, body = request(port, path, None)
    assert status == 404
    assert kind == "text/html; charset=utf-8"
    page = BeautifulSoup(body, "html.parser")
    assert page.title.string.startswith("Page not found")
    assert page.h1.get_text(strip=True) == "Page not found"
    assert page.find("a", string="Go to the latest news")["href"] == "/"
    # The built page itself, with the live reload script, so it reloads after a save.
    assert LIVE_SCRIPT.decode() in body
    assert body.replace(LIVE_SCRIPT.decode(), "", 1) == \
        (output / "404.html").read_text(encoding="utf-8")


def test_a_head_request_for_an_unknown_url_is_a_404_without_body(preview):
    status, _, body = request(preview[0], "/nope/", None, method="HEAD")
    assert (status, body) == (404, "")


def test_known_pages_and_folders_are_served_as_before(preview):
    port = preview[0]
    status, _, body = request(port, "/articles/story/", None)
    assert status == 200 and TITLE in body
    assert request(port, "/articles/story", None)[0] == 301     # to the folder's slash
    assert request(port, "/404.html", None)[0] == 200


@pytest.mark.parametrize("path", ["/../site/secret.txt", "/%2e%2e/site/secret.txt",
                                  "/..%2fsite%2fsecret.txt", "/articles/../../site/secret.txt",
                                  "//etc/passwd", "/..%2f..%2f..%2fetc/passwd"])
def test_a_path_out_of_the_preview_folder_gets_nothing_from_outside(preview, path: str):
    status, _, body = request(preview[0], path, None)
    assert status == 403
    assert SECRET not in body and "root:" not in body and "Page not found" not in body


def test_the_404_page_is_only_read_from_inside_the_folder(tmp_path: Path):
    output = tmp_path / "preview"
    output.mkdir()
    assert not_found_page(output) is None                   # not built yet: tornado's page
    (tmp_path / "outside.html").write_text(SECRET, encoding="utf-8")
    (output / "404.html").symlink_to(tmp_path / "outside.html")
    assert not_found_page(output) is None
    (output / "404.html").unlink()
    (output / "404.html").write_text("<h1>Page not found</h1>", encoding="utf-8")
    assert not_found_page(output) == b"<h1>Page not found</h1>"


def ico_images(data: bytes) -> dict[int, bytes]:
    """{size: embedded PNG} of an ICO file, its header and directory checked."""
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1) and count >= 1
    images = {}
    for index in range(count):
        width, height, colours, zero, planes, bits, length, offset = \
            struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert width == height and (colours, zero, planes, bits) == (0, 0, 1, 32)
        assert offset >= 6 + 16 * count and offset + length <= len(data)
        images[width or 256] = data[offset:offset + length]
    return images


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, its chunks' CRCs and its pixel data's length checked."""
    assert png.startswith(PNG_SIGNATURE)
    at, pixels, header = len(PNG_SIGNATURE), b"", None
    while at < len(png):
        length, kind = struct.unpack_from(">I4s", png, at)
        data = png[at + 8:at + 8 + length]
        assert struct.unpack_from(">I", png, at + 8 + length)[0] == zlib.crc32(kind + data)
        header = header or struct.unpack(">IIBB", data[:10])
        pixels += data if kind == b"IDAT" else b""
        at += 12 + length
    width, height, depth, colour = header
    assert (depth, colour) == (8, 6)                         # 8-bit RGBA
    assert len(zlib.decompress(pixels)) == height * (1 + 4 * width)
    return width, height


def test_favicon_ico_is_published_at_the_sites_root(tmp_path: Path):
    output = SiteFolder(tmp_path / "site").build("--base-url", SUBPATH_URL)
    data = (output / "favicon.ico").read_bytes()
    assert data == (PROJECT / "static" / "favicon.ico").read_bytes()
    images = ico_images(data)
    assert sorted(images) == [16, 32]
    for size, png in images.items():
        assert png_size(png) == (size, size)


def test_the_preview_serves_favicon_ico(preview):
    port, output = preview
    status, kind, _ = request(port, "/favicon.ico", None)
    assert status == 200 and "icon" in kind
    assert (output / "favicon.ico").read_bytes().startswith(b"\0\0\1\0")
