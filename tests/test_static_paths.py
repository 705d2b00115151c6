"""One rule for the images pages and the configuration name: a file under static/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SiteFolder
from sitegen.site.images import static_file


@pytest.fixture
def static(tmp_path: Path) -> Path:
    (tmp_path / "static" / "images").mkdir(parents=True)
    (tmp_path / "static" / "images" / "a.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not published", encoding="utf-8")
    return tmp_path / "static"


@pytest.mark.parametrize("path", ["/images/a.svg", "images/a.svg", "//images/a.svg"])
def test_a_site_path_names_its_file(static: Path, path: str):
    assert static_file(static, path) == static / "images" / "a.svg"


@pytest.mark.parametrize("path", ["/../secret.txt", "images/../../secret.txt", "/images",
                                  "/", "", "/images/missing.svg", "/images/a.svg\x00.txt"])
def test_anything_else_names_nothing(static: Path, path: str):
    assert static_file(static, path) is None


@pytest.mark.parametrize("where", ["image", "body", "logo"])
def test_every_route_refuses_a_path_out_of_static(site: SiteFolder, where: str):
    (site.root / "secret.svg").write_text('<svg width="1" height="1"/>', encoding="utf-8")
    if where == "image":
        site.article("story", image={"src": "../secret.svg", "alt": "A secret"})
    elif where == "body":
        site.article("story", body="![A secret](/../secret.svg)")
    else:
        site.config(title="T", description="D", base_url="https://news.example.org/",
                    publisher_logo="../secret.svg")
        site.article("story")
    line = site.build_fails()
    assert "'../secret.svg' not found in static/" in line or \
        "'/../secret.svg' not found in static/" in line, line


def test_an_image_with_no_path_is_an_error_on_its_line(site: SiteFolder):
    site.article("story", body="First paragraph.\n\n![A picture]()\n")
    line = site.build_fails()
    assert line.endswith(":10: field 'body': an image with no path: give its file under "
                         "static/, such as '/images/photo.jpg'"), line
    assert "content/articles/story.md" in line


def test_an_image_name_too_long_for_the_file_system_is_not_found(site: SiteFolder):
    name = "x" * 300 + ".png"
    site.article("story", body=f"![A picture](/images/{name})")
    line = site.build_fails()
    assert line.endswith(f"field 'body': image '/images/{name}' not found in static/"), line
