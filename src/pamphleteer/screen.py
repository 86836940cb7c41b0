"""What the screen editions (the EPUB and the website) share: templates, page names and the pictures they carry."""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import markupsafe

from pamphleteer import xhtml
from pamphleteer.errors import UserError
from pamphleteer.articlepdfs import short_name


def environment(issue) -> jinja2.Environment:
    """The journal's templates, with `xhtml` turning an HTML snippet (a title, a byline) into XHTML."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(issue.root / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["xhtml"] = lambda text: markupsafe.Markup(xhtml.fragment(str(text))) if text else ""
    return env


def page_name(article) -> str:
    """The article's page in the EPUB and on the website: zhanaozen.xhtml, zhanaozen.html."""
    return short_name(article)


def picture_files(issue, articles) -> list[tuple[str, Path]]:
    """Every picture the articles and the cover show: (its name relative to the issue folder, its file)."""
    folder = issue.folder.resolve()
    paths = [picture.path for article in articles for picture in article.pictures]
    paths += [(folder / name).resolve() for article in articles for name in _named(article.body)]
    if issue.cover.picture:
        paths.append((folder / issue.cover.picture).resolve())
    unique = dict.fromkeys(path.resolve() for path in paths if path.resolve().is_relative_to(folder))
    return sorted((path.relative_to(folder).as_posix(), path) for path in unique)


def _named(body: str) -> list[str]:
    """Pictures an article shows by `<img src>` (resolved against the issue folder by articles.py)."""
    return [html.unescape(name) for name in re.findall(r'<img src="([^"]+)"', body)]


def render(env: jinja2.Environment, template: str, **context) -> str:
    """A template of the journal's (a name ending .j2) or one given as text, with `file:line` on failure."""
    try:
        source = env.get_template(template) if template.endswith(".j2") else env.from_string(template)
        return source.render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise UserError(f"template: {error.message}", error.filename or template, error.lineno) from None
    except jinja2.TemplateError as error:
        raise UserError(f"template: {error}", Path("templates") / template if template.endswith(".j2")
                        else "built-in template") from None
