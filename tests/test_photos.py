"""Photos: published as resized, upright, metadata-free variants, listed in srcset, encoded
once; a photo that cannot be published stops the build with one line."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from conftest import SiteFolder, parse_html, run_cli
from photo_tools import has_gps, make_bomb_png, make_photo, metadata
from sitegen.pipeline import build

CAMERA = "images/camera.jpg"


@pytest.fixture
def photo_site(site: SiteFolder) -> SiteFolder:
    make_photo(site.root / "static" / CAMERA, gps=True, comment=b"taken at home, 12 Elm Road")
    site.author("ada", name="Ada Byline", role="Reporter", bio="Ada writes.",
                avatar={"src": "images/ada.png", "alt": "Ada Byline"})
    make_photo(site.root / "static/images/ada.png", size=(600, 600), seed=3)
    site.article("harbour", image={"src": CAMERA, "alt": "The harbour at dawn"},
                 body=f'Intro.\n\n![Boats](/{CAMERA} "Boats in the harbour")\n')
    return site


def _file(output: Path, url: str) -> Path:
    return output / urlsplit(url).path.lstrip("/")


def test_variants_have_their_widths_and_formats_and_are_smaller(photo_site):
    output = photo_site.build()
    source = photo_site.root / "static" / CAMERA
    expected = {f"images/camera.{width}w.{suffix}": width
                for width in (480, 800, 1200) for suffix in ("jpg", "webp")}
    expected |= {"images/camera.1600w.webp": 1600, CAMERA: 1600}
    for name, width in expected.items():
        with Image.open(output / name) as image:
            assert image.format == ("WEBP" if name.endswith(".webp") else "JPEG")
            assert image.size == (width, round(1067 * width / 1600))     # 3:2 kept
        assert (output / name).stat().st_size < source.stat().st_size
    assert not (output / "images/camera.2000w.jpg").exists()     # never upscaled


def test_srcset_lists_resolve_to_variants_of_the_width_they_claim(photo_site):
    output = photo_site.build()
    page = parse_html(output / "articles/harbour/index.html")
    pictures = page.select("picture")
    assert len(pictures) >= 3       # hero, body picture, byline avatar
    for picture in pictures:
        sources = picture.find_all("source")
        assert sources and all(source["sizes"] for source in sources)
        for source in sources:
            for entry in source["srcset"].split(", "):
                url, width = entry.split()
                with Image.open(_file(output, url)) as image:
                    assert image.width == int(width.rstrip("w"))
        image = picture.img
        assert _file(output, image["src"]).is_file()
        assert int(image["width"]) and int(image["height"])
    hero = page.select_one("figure.hero picture")
    assert hero.source["type"] == "image/webp"
    assert hero.img["fetchpriority"] == "high" and not hero.img.has_attr("loading")
    body = page.select_one(".article-body picture img")
    assert body["loading"] == "lazy"
    assert (body["width"], body["height"]) == ("1600", "1067")


def test_gps_and_other_metadata_are_never_published(photo_site):
    assert has_gps(photo_site.root / "static" / CAMERA)
    output = photo_site.build()
    published = [path for path in output.rglob("*")
                 if path.suffix in (".jpg", ".png", ".webp")]
    assert len(published) > 10
    for path in published:
        assert not has_gps(path), path
        assert b"Elm Road" not in path.read_bytes(), path       # the JPEG comment
        assert metadata(path) == {}, path
        with Image.open(path) as image:
            assert not image.getexif(), path


def test_exif_orientation_is_applied(site):
    # Stored 300 x 200 with orientation 6: the camera was turned, the picture is 200 x 300.
    stored = Image.new("RGB", (300, 200), "blue")
    stored.paste("red", (0, 0, 150, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(site.root / "static/images/turned.jpg", exif=exif, quality=95)
    site.article("turned", image={"src": "images/turned.jpg", "alt": "Upright"})
    output = site.build()
    with Image.open(output / "images/turned.jpg") as image:
        assert image.size == (200, 300)
        # The stored picture's left half is red; turned a quarter clockwise, it is the top
        red, green, _ = image.convert("RGB").getpixel((100, 40))
        assert red > 200 and green < 60, image.getpixel((100, 40))
    hero = parse_html(output / "articles/turned/index.html").select_one("figure.hero img")
    assert (hero["width"], hero["height"]) == ("200", "300")


def test_a_second_build_encodes_nothing_and_a_changed_photo_is_encoded_once(photo_site):
    output = photo_site.root / "_site"
    first = build(photo_site.root, output)
    assert first.encoded == 2                   # the camera photo and the avatar
    again = build(photo_site.root, output)
    assert again.encoded == 0 and again.written == 0
    make_photo(photo_site.root / "static" / CAMERA, seed=7)
    changed = build(photo_site.root, output)
    assert changed.encoded == 1
    clean = build(photo_site.root, photo_site.root / "_clean", use_cache=False)
    for path in (output / "images").iterdir():
        assert path.read_bytes() == (photo_site.root / "_clean/images" / path.name).read_bytes()
    assert clean.encoded == 2


def test_author_photo_on_the_author_page_author_box_and_byline(photo_site):
    output = photo_site.build()
    story = parse_html(output / "articles/harbour/index.html")
    author = parse_html(output / "authors/ada/index.html")
    for picture in (story.select_one(".author-box picture"), story.select_one(".byline picture"),
                    author.select_one(".profile picture")):
        assert "/images/ada.480w.webp 480w" in picture.source["srcset"]
        assert _file(output, picture.img["src"]).is_file()
    assert story.select_one(".byline picture img")["alt"] == ""     # the name is beside it


def test_photo_to_come_is_a_box_showing_the_alt_text(site):
    site.article("pending", image={"src": "photo-to-come", "alt": "Aerial view of a sea wall"},
                 body="Intro.\n\n![A crane on the quay](photo-to-come)\n")
    output = site.build()
    page = parse_html(output / "articles/pending/index.html")
    boxes = page.select('[role="img"].photo-to-come')
    assert [box["aria-label"] for box in boxes] == [
        "Photo to come: Aerial view of a sea wall", "Photo to come: A crane on the quay"]
    for box in boxes:
        assert "Photo to come" in box.get_text()
    assert not page.select('img[src*="photo-to-come"]')
    card = parse_html(output / "index.html").select_one(".card")
    assert not card.select(".photo-to-come, img")      # lists show no box for a missing photo


@pytest.mark.parametrize("name, make, field, message", [
    ("text.jpg", lambda path: path.write_text("not a picture"), "image.src",
     "is not a JPEG image"),
    ("cut.jpg", lambda path: path.write_bytes(
        make_photo(path, size=(1200, 800)).read_bytes()[:20_000]), "image.src",
     "cannot be decoded"),
    ("bomb.png", make_bomb_png, "image.src", "20000 x 20000 pixels (400 megapixels), over "
     "the limit of images.max_megapixels (50)"),
    ("huge.jpg", lambda path: Image.effect_noise((2000, 2000), 80).save(path, quality=100),
     "image.src",
     "over the limit of images.max_megabytes (1)"),
])
def test_a_photo_that_cannot_be_published_stops_the_build(site, name, make, field, message):
    site.article("fine")
    published = site.build()
    before = (published / "articles/fine/index.html").read_bytes()
    site.config(title="Fixture News", description="A site for tests.",
                base_url="https://news.example.org/", images={"max_megabytes": 1})
    make(site.root / "static/images" / name)
    article = site.article("broken", image={"src": f"images/{name}", "alt": "Broken"})
    error = site.build_fails()
    assert error.startswith(f"error: {article.relative_to(site.root)}:6: field '{field}': "
                            f"static/images/{name}: ")
    assert message in error
    assert (published / "articles/fine/index.html").read_bytes() == before


def test_a_broken_photo_in_a_body_names_the_line(site):
    (site.root / "static/images/text.jpg").write_text("not a picture")
    article = site.article("broken", body="One.\n\nTwo.\n\n![Broken](/images/text.jpg)\n")
    error = site.build_fails()
    assert error == (f"error: {article.relative_to(site.root)}:12: field 'body': "
                     "static/images/text.jpg: the file is not a JPEG image (its name says it is)")


def test_a_broken_photo_nobody_names_is_still_refused(site):
    (site.root / "static/images/stray.png").write_text("not a picture")
    error = site.build_fails()
    assert error.startswith("error: static/images/stray.png: cannot publish this photo: ")


@pytest.mark.parametrize("images, message", [
    ({"widths": []}, "field 'images.widths': must be a list of widths"),
    ({"widths": [800, "wide"]}, "field 'images.widths': must be a list of widths"),
    ({"max_megapixels": 0}, "field 'images.max_megapixels': must be a whole number"),
])
def test_image_settings_are_checked(site, images, message):
    site.config(title="Fixture News", description="A site for tests.",
                base_url="https://news.example.org/", images=images)
    assert message in site.build_fails()


def test_feeds_show_the_photo_at_its_widest_without_site_relative_srcsets(photo_site):
    output = photo_site.build()
    feed = (output / "feed.xml").read_text(encoding="utf-8")
    assert "srcset" not in feed
    assert "https://news.example.org/images/camera.jpg" in feed


def test_check_follows_every_srcset_entry(photo_site):
    result = run_cli("check", root=photo_site.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error:" not in result.stdout
    (photo_site.root / "templates/partials/picture.html").write_text(
        (photo_site.root / "templates/partials/picture.html").read_text(encoding="utf-8")
        .replace('srcset="{{ sources.own }}"', 'srcset="{{ sources.own }}, /images/gone.jpg 9w"'),
        encoding="utf-8")
    broken = run_cli("check", root=photo_site.root)
    assert broken.returncode == 1
    assert "/images/gone.jpg" in broken.stdout


def test_a_photo_whose_name_has_spaces_and_commas(site):
    make_photo(site.root / "static/images/harbour at dawn, 2026.jpg", size=(1000, 600))
    site.article("named", image={"src": "images/harbour at dawn, 2026.jpg", "alt": "Dawn"})
    output = site.build()
    picture = parse_html(output / "articles/named/index.html").select_one(".hero picture")
    entries = picture.source["srcset"].split(", ")
    assert entries[0] == "/images/harbour%20at%20dawn%2C%202026.480w.webp 480w"
    for entry in entries:
        url, _ = entry.split(" ")
        assert _file(output, unquote(url)).is_file()
    assert run_cli("check", root=site.root).returncode == 0


def test_body_photos_with_a_query_a_fragment_or_an_encoded_name(site):
    make_photo(site.root / "static/images/my photo.jpg", size=(1000, 600))
    site.article("odd", body="One.\n\n![a](/images/my%20photo.jpg?v=2)\n\n"
                             "![b](/images/my%20photo.jpg#top)\n")
    page = parse_html(site.build() / "articles/odd/index.html")
    pictures = page.select(".article-body picture")
    assert len(pictures) == 2
    for picture in pictures:
        assert picture.source["srcset"].startswith("/images/my%20photo.480w.webp 480w")


def test_colour_profiles_cmyk_and_sixteen_bit_grey_are_published_as_srgb(site):
    cmyk = Image.new("CMYK", (600, 400), (0, 255, 255, 0))          # pure red ink
    cmyk.save(site.root / "static/images/print.jpg", quality=95)
    grey = Image.new("I;16", (600, 400), 32768)                      # middle grey
    grey.save(site.root / "static/images/scan.png")
    output = site.build()
    with Image.open(output / "images/print.jpg") as image:
        assert image.mode == "RGB" and "icc_profile" not in image.info
        red, green, blue = image.getpixel((300, 200))
        assert red > 200 and green < 80 and blue < 80
    with Image.open(output / "images/scan.png") as image:
        assert image.mode == "L" and 120 <= image.getpixel((300, 200)) <= 135


def test_a_damaged_store_is_repaired_by_encoding_again(photo_site):
    output = photo_site.root / "_site"
    build(photo_site.root, output)
    stored = next((photo_site.root / ".cache/files").rglob("800.webp"))
    stored.unlink()
    again = build(photo_site.root, output)
    assert again.encoded == 1
    assert (output / "images/camera.800w.webp").is_file()


def test_two_photos_that_would_make_the_same_variant_are_named(site):
    make_photo(site.root / "static/images/x.jpg", size=(600, 400))
    make_photo(site.root / "static/images/x.png", size=(600, 400))
    error = site.build_fails()
    assert error == ("error: static/images/x.png: its variant 'images/x.480w.webp' is also "
                     "made from static/images/x.jpg: rename one of them")


def test_a_phone_photo_format_the_site_cannot_strip_is_refused(site):
    (site.root / "static/images/from-phone.heic").write_bytes(b"\0\0\0\x18ftypheic")
    assert site.build_fails() == (
        "error: static/images/from-phone.heic: a .heic photo cannot be published without "
        "its metadata (GPS included): convert it to JPEG, PNG or WebP")
