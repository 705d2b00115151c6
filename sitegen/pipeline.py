"""The build recipe: configuration, content, site model, pages, files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assemble import assemble
from .assets import Assets
from .config import load_config
from .errors import SiteError
from .loader import LoadOptions, load_content
from .model import Site
from .outputs import site_files
from .render import Renderer
from .search import index_site
from .writer import StagingWriter, publish


@dataclass
class BuildResult:
    site: Site
    pages: int


def load_site(root: Path, base_url: str | None = None,
              options: LoadOptions = LoadOptions()) -> Site:
    config = load_config(root / "site.yml", base_url=base_url, strict=options.strict)
    return assemble(load_content(root, config, options), config)


def build(root: Path, output: Path, base_url: str | None = None,
          options: LoadOptions = LoadOptions(), search: bool = True) -> BuildResult:
    """`search=False` skips the search index (the search page then finds nothing)."""
    _check_output_folder(root, output)
    site = load_site(root, base_url, options)
    static = root / "static"
    assets = Assets(static)
    renderer = Renderer(site, root / "templates", assets)
    count = 0

    def write_all(writer: StagingWriter) -> None:
        nonlocal count
        for file, html in renderer.pages():
            writer.write(file, html)
            count += 1
        for file, content in site_files(site):
            writer.write(file, content)
        if static.is_dir():
            writer.copy_tree(static, assets.names)
        if search and site.articles:
            index_site(writer.directory)

    publish(output, write_all)
    return BuildResult(site, count)


def _check_output_folder(root: Path, output: Path) -> None:
    """Publishing replaces the output folder: never the site's own folder or its sources."""
    root, output = root.resolve(), output.resolve()
    sources = [root / name for name in ("content", "templates", "static", "seeds")]
    if root.is_relative_to(output) or any(output.is_relative_to(folder) for folder in sources):
        raise SiteError("the output folder would replace the site's own files; "
                        "choose a folder such as _site", output)
