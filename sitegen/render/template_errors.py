"""Template problems as SiteErrors naming the template file and line."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import jinja2

from sitegen.errors import SiteError


@contextmanager
def template_errors(template_name: str):
    """Raise what the block raises as a SiteError naming the template file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        raise SiteError(f"template syntax error: {error.message}",
                        f"templates/{error.name or template_name}", error.lineno) from None
    except jinja2.TemplateNotFound as error:
        raise SiteError(f"template not found: {error.name}", f"templates/{template_name}") from None
    except jinja2.UndefinedError as error:
        name, line = _template_position(error, template_name)
        raise SiteError(f"template error: {error.message}", f"templates/{name}", line) from None
    except SiteError as error:     # raised by a template global such as asset_url()
        name, line = _template_position(error, template_name)
        raise SiteError(error.message, f"templates/{name}", line) from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
        # An expression in an edited template that fails, e.g. {{ article.title + 1 }}.
        name, line = _template_position(error, template_name)
        raise SiteError(f"template error: {type(error).__name__}: {error}",
                        f"templates/{name}", line) from None


def _template_position(error: Exception, fallback: str) -> tuple[str, int | None]:
    """The template file and line that raised, from the traceback Jinja rewrites."""
    traceback = error.__traceback__
    name, line = fallback, None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            name, line = Path(filename).name, traceback.tb_lineno
            parts = Path(filename).parts
            if "templates" in parts:
                name = "/".join(parts[len(parts) - parts[::-1].index("templates"):])
        traceback = traceback.tb_next
    return name, line
