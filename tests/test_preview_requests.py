"""The preview answers only requests for this machine (against DNS rebinding, which would let
another site read the preview, drafts included), and a bad path is a 400, never a 500."""

from __future__ import annotations

import http.client
import subprocess
import sys

import pytest

from conftest import PROJECT, SiteFolder, run_cli
from test_serve import free_port, wait_for

DRAFT = "Secret Draft Title"
UPGRADE = {"Upgrade": "websocket", "Connection": "Upgrade",
           "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13"}


def start(site: SiteFolder, output, *args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(site.root), "serve",
         "--port", str(port), "--output", str(output), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return server, port


def stop(server: subprocess.Popen) -> str:
    server.terminate()
    return server.communicate(timeout=10)[0]


def request(port: int, path: str, host: str | None, headers: dict | None = None,
            method: str = "GET", address: str = "127.0.0.1") -> tuple[int, str, str]:
    """(status, Content-Type, body) of one raw request with exactly this Host header."""
    connection = http.client.HTTPConnection(address, port, timeout=5)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"{address}:{port}")
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, response.getheader("Content-Type", ""), body
    finally:
        connection.close()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A running preview of a site with a draft; at the end, its output had no traceback."""
    root = tmp_path_factory.mktemp("requests")
    site = SiteFolder(root / "site")
    site.article("story", title=DRAFT, draft=True)
    server, port = start(site, root / "preview")
    try:
        wait_for(f"http://127.0.0.1:{port}/articles/story/", DRAFT)
        yield port
    finally:
        output = stop(server)
    assert "Traceback" not in output


@pytest.mark.parametrize("host", ["{port}", "localhost:{port}", "LOCALHOST:{port}",
                                  "localhost", "[::1]:{port}", "127.0.0.1"])
def test_requests_for_this_machine_are_answered(preview: int, host: str):
    status, _, body = request(preview, "/articles/story/", host.format(port=preview)
                              if host != "{port}" else None)
    assert status == 200 and DRAFT in body


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example",
                                  "127.0.0.1.nip.io:{port}", "localhost.evil.example:{port}",
                                  "[::2]:{port}", "10.0.0.1",
                                  "0.0.0.0:{port}", ""])
@pytest.mark.parametrize("path, headers", [("/", {}), ("/articles/story/", {}),
                                           ("/feed.xml", {}), ("/livereload.js", {}),
                                           ("/forcereload", {}), ("/livereload", UPGRADE)])
def test_requests_for_another_host_get_403(preview: int, host: str, path: str, headers: dict):
    """A rebound name (evil.example pointing at 127.0.0.1) reaches no file and no socket."""
    status, kind, body = request(preview, path, host.format(port=preview), headers)
    assert status == 403
    assert kind.startswith("text/plain")
    assert body == "forbidden: this preview answers only requests for 127.0.0.1, [::1], " \
                   "localhost\n"


def test_head_requests_for_another_host_get_403(preview: int):
    assert request(preview, "/", "evil.example", method="HEAD")[0] == 403


@pytest.mark.parametrize("origin, expected", [
    ("http://evil.example", 403), ("http://evil.example:{port}", 403), ("null", 403),
    ("http://127.0.0.1:{port}", 101), ("http://localhost:{port}", 101),
])
def test_the_reload_socket_takes_only_this_machines_pages(preview: int, origin: str,
                                                           expected: int):
    """livereload accepts a socket from any origin; the preview does not."""
    headers = {**UPGRADE, "Origin": origin.format(port=preview)}
    assert request(preview, "/livereload", None, headers)[0] == expected


@pytest.mark.parametrize("path, message", [
    ("/%00", "the path holds a NUL or control character"),          # the cases
    ("/index.html%00.txt", "the path holds a NUL or control character"),
    ("/articles/%00/", "the path holds a NUL or control character"),
    ("/articles/story/%00", "the path holds a NUL or control character"),
    ("/%0a", "the path holds a NUL or control character"),
    ("/index%0d%0a.html", "the path holds a NUL or control character"),
    ("/%1f", "the path holds a NUL or control character"),
    ("/%7F", "the path holds a NUL or control character"),
    ("/%zz", "'%' in the path must start an escape such as %20"),
    ("/index.html%", "'%' in the path must start an escape such as %20"),
    ("/%e9.html", "the path is not UTF-8"),
    ("/%c3", "the path is not UTF-8"),
])
def test_a_bad_path_is_a_bad_request(preview: int, path: str, message: str):
    status, kind, body = request(preview, path, None)
    assert (status, body) == (400, f"bad request: {message}\n")
    assert kind.startswith("text/plain")


def test_a_percent_encoded_utf8_path_is_served(preview: int):
    assert request(preview, "/articles/story/%69ndex.html", None)[0] == 200
    assert request(preview, "/caf%C3%A9/", None)[0] == 404


def test_the_name_given_to_host_is_answered_too(site: SiteFolder, tmp_path):
    site.article("story", title=DRAFT, draft=True)
    server, port = start(site, tmp_path / "preview", "--host", "127.0.0.2")
    try:
        wait_for(f"http://127.0.0.2:{port}/articles/story/", DRAFT)
        assert request(port, "/", f"127.0.0.2:{port}", address="127.0.0.2")[0] == 200
        assert request(port, "/", f"localhost:{port}", address="127.0.0.2")[0] == 200
        status, _, body = request(port, "/", f"evil.example:{port}", address="127.0.0.2")
        assert status == 403 and body == ("forbidden: this preview answers only requests "
                                          "for 127.0.0.1, 127.0.0.2, [::1], localhost\n")
    finally:
        assert "Traceback" not in stop(server)


def test_a_host_that_is_no_address_is_refused(site: SiteFolder):
    result = run_cli("serve", "--host", "evil host", root=site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: --host: 'evil host' is not a host name")
