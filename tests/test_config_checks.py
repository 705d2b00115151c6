"""URLs in site.yml, --base-url and author links, and the site's language, are checked before
anything is built: a bad one is one line naming the file, line and field (or the option)."""

from __future__ import annotations

import pytest

from conftest import SiteFolder, parse_html, run_cli

NOT_ALLOWED = "is not allowed in a URL"
HOST = "is not a host name (letters, digits and hyphens between dots; xn-- for other scripts)"

BAD_BASE_URLS = [
    ('https://x"onmouseover="alert(1)"/', f"'\"' {NOT_ALLOWED}"),        # the case
    ("https://news.example.org/it's/", f"\"'\" {NOT_ALLOWED}"),
    ("https://news example.org/", f"' ' {NOT_ALLOWED}"),
    ("https://news.example.org/a b/", f"' ' {NOT_ALLOWED}"),
    ("https://news.example.org/<b>/", f"'<' {NOT_ALLOWED}"),
    ("https://news.example.org\\@evil.example/", f"'\\\\' {NOT_ALLOWED}"),
    ("https://bücher.example/", f"'ü' {NOT_ALLOWED}"),
    ("https://news.example.org:80a/", "port '80a' must be a number from 1 to 65535"),
    ("https://news.example.org:0/", "port '0' must be a number from 1 to 65535"),
    ("https://news.example.org:65536/", "port '65536' must be a number from 1 to 65535"),
    ("https://news.example.org:/", "port '' must be a number from 1 to 65535"),
    ("https://user:pw@news.example.org/", "must not contain a user name or password"),
    ("https://news.example.org/?", "must not contain a query or fragment"),
    ("https://news.example.org/#", "must not contain a query or fragment"),
    ("https://news_example.org/", f"'news_example.org' {HOST}"),
    ("https://-news.example.org/", f"'-news.example.org' {HOST}"),
    ("https://1.2.3.999/", f"'1.2.3.999' {HOST}"),
    ("https://[::1/", f"'[::1' {HOST}"),
    ("https:///newsroom/", f"'' {HOST}"),
    ("https://news.example.org/a%zz/", "the path '/a%zz/' is not a URL path"),
    ("https://news.example.org/a[1]/", "the path '/a[1]/' is not a URL path"),
]


@pytest.mark.parametrize("value, expected", BAD_BASE_URLS)
def test_a_bad_base_url_in_site_yml_is_refused(site: SiteFolder, value: str, expected: str):
    site.config(title="T", description="D", base_url=value)
    site.article("one")
    assert site.build_fails().startswith(f"error: site.yml:3: field 'base_url': {expected}")
    assert not (site.root / "_site").exists()


@pytest.mark.parametrize("value, expected", BAD_BASE_URLS + [
    # site.yml drops control characters as it reads text; the option has them as typed
    ("https://news.example.org/\x01/", f"'\\x01' {NOT_ALLOWED}"),
    ("https://news.example.org/\t/", f"'\\t' {NOT_ALLOWED}"),
])
def test_a_bad_base_url_option_is_refused(site: SiteFolder, value: str, expected: str):
    site.article("one")
    assert site.build_fails("--base-url", value).startswith(f"error: --base-url: {expected}")


def test_check_refuses_a_bad_base_url_option_too(site: SiteFolder):
    result = run_cli("check", "--base-url", "https://user:pw@news.example.org/", root=site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: --base-url: must not contain a user name or password")


@pytest.mark.parametrize("value, canonical", [
    ("https://xn--bcher-kva.example/newsroom", "https://xn--bcher-kva.example/newsroom/"),
    ("http://127.0.0.1:8080/a%20b/", "http://127.0.0.1:8080/a%20b/"),
    ("http://[::1]:8000/", "http://[::1]:8000/"),
    ("HTTPS://News.Example.org/~desk/", "https://News.Example.org/~desk/"),
])
def test_good_base_urls_are_accepted(site: SiteFolder, value: str, canonical: str):
    site.article("one")
    site_dir = site.build("--base-url", value, "--no-search")
    page = parse_html(site_dir / "articles/one/index.html")
    assert page.select_one('link[rel="canonical"]')["href"] == f"{canonical}articles/one/"


@pytest.mark.parametrize("url, expected", [
    ('https://bo.example.org/"onmouseover="alert(1)', f"'\"' {NOT_ALLOWED}"),
    ("https://bo.example.org/<script>", f"'<' {NOT_ALLOWED}"),
    ("mailto:bo@example.org\"onclick=\"alert(1)", f"'\"' {NOT_ALLOWED}"),
    ("https://user:pw@evil.example/", "must not contain a user name or password"),
    ("https:evil.example", "'https:evil.example' must be an http(s):// or mailto: address"),
    ("https://bo.example.org:99999/", "port '99999' must be a number from 1 to 65535"),
    ("https://bo_example.org/", f"'bo_example.org' {HOST}"),
    ("mailto:", "'mailto:' is not a valid mailto: address"),
])
def test_an_author_link_must_be_a_clean_web_or_mail_address(site: SiteFolder, url: str,
                                                            expected: str):
    site.author("ada", name="Ada", links=[{"title": "Site", "url": url}])
    site.article("one")
    assert site.build_fails().startswith(
        f"error: content/authors/ada.yml:2: field 'links.url': {expected}")


def test_good_author_links_are_kept(site: SiteFolder):
    links = ["https://bo.example.org/profile?tab=posts#latest", "mailto:ada@example.org"]
    site.author("ada", name="Ada", links=[{"title": f"Link {n}", "url": url}
                                          for n, url in enumerate(links)])
    site.article("one")
    page = parse_html(site.build("--no-search") / "authors/ada/index.html")
    hrefs = {anchor["href"] for anchor in page.find_all("a")}
    assert set(links) <= hrefs


@pytest.mark.parametrize("language", [
    'en"><script>alert(1)</script>',
    "en_GB", "en GB", "english language", "en-", "-en", "e", "en--GB", "en-GB-", "1en",
    "toolonglanguage", "en-x", "en-\u017fr",
])
def test_a_language_that_is_not_a_bcp47_tag_is_refused(site: SiteFolder, language: str):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                language=language)
    site.article("one")
    assert site.build_fails() == (
        f"error: site.yml:4: field 'language': {language!r} is not a language tag such as "
        "en, en-GB, pt-BR or zh-Hant-TW (BCP 47)")


@pytest.mark.parametrize("language", ["en", "en-GB", "pt-BR", "zh-Hant-TW", "sr-Latn",
                                      "es-419", "de-CH-1901", "de-CH-1901-x-abcdefg"])
def test_bcp47_language_tags_are_accepted_and_indexed(site: SiteFolder, language: str):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                language=language)
    site.article("one")
    site_dir = site.build()             # with the search index
    assert parse_html(site_dir / "articles/one/index.html").html["lang"] == language
    assert (site_dir / "search-index/shard-0/meta.json").is_file()
