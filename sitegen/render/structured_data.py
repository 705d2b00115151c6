"""Schema.org JSON-LD as Python data; the page head serialises it once with |tojson."""

from __future__ import annotations

from sitegen.cards.paths import card_path
from sitegen.config import Config
from sitegen.newsroom_config import POLICY_PAGES
from sitegen.outputs.search_text import html_text
from sitegen.render.views import Label, Person, Story
from sitegen.site.dates import iso
from sitegen.site.urls import Urls

CONTEXT = "https://schema.org"
# Each label's schema.org type (see content/records.py's LABELS)
ARTICLE_TYPES = {"news": "NewsArticle", "analysis": "AnalysisNewsArticle",
                 "opinion": "OpinionNewsArticle", "review": "ReviewNewsArticle",
                 "explainer": "BackgroundNewsArticle", "sponsored": "AdvertiserContentArticle"}


class StructuredData:
    def __init__(self, config: Config, urls: Urls):
        self.config = config
        self.urls = urls

    def _breadcrumbs(self, trail: list[tuple[str, str]]) -> dict:
        """A BreadcrumbList from (name, site path) pairs, the home page first."""
        return {
            "@context": CONTEXT,
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name,
                 "item": self.urls.absolute_url(path)}
                for position, (name, path) in enumerate(trail, start=1)
            ],
        }

    def _home_crumb(self) -> tuple[str, str]:
        return (self.config.title, "")

    def publisher(self) -> dict:
        config = self.config
        organization = config.organization
        publisher = {"@type": "NewsMediaOrganization", "name": config.publisher_name,
                     "url": self.urls.absolute_url(""),
                     "logo": {"@type": "ImageObject",
                              "url": self.urls.absolute_url(config.publisher_logo)}}
        if organization.founded:
            publisher["foundingDate"] = organization.founded
        for key, schema_name, _ in POLICY_PAGES:
            link = organization.link(key)
            if link and key == "contact":
                publisher[schema_name] = {"@type": "ContactPoint", "contactType": "newsroom",
                                          "url": self.urls.absolute_url(link)}
            elif link:
                publisher[schema_name] = self.urls.absolute_url(link)
        publisher["correctionsPolicy"] = publisher.get(
            "correctionsPolicy", self.urls.absolute_url("corrections/"))
        return publisher

    def person(self, author: Person) -> dict:
        person = {"@type": "Person", "name": author.name, "url": self.urls.absolute_url(author.path)}
        if author.role:
            person["jobTitle"] = author.role
        if author.avatar and not author.avatar.placeholder:
            person["image"] = self.urls.absolute_url(author.avatar.src)
        if author.links:
            person["sameAs"] = [link.url for link in author.links]
        return person

    def article(self, article: Story) -> list[dict]:
        url = self.urls.absolute_url(article.path)
        news = {
            "@context": CONTEXT,
            "@type": ARTICLE_TYPES[article.label],
            "headline": article.title,
            "description": article.description,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "datePublished": iso(article.date),
            "dateModified": iso(article.modified),
            "author": [self.person(author) for author in article.authors],
            "publisher": self.publisher(),
            "inLanguage": self.config.language,
        }
        # The photo at its widest and cropped to the social card (a picture not yet taken
        # and an SVG are none that search engines show): the drawn card otherwise.
        photo = article.image and article.image.photo
        news["image"] = [self.urls.absolute_url(path) for path in (
            (article.image.src, card_path(article.path, photo=True)) if photo
            else (card_path(article.path),))]
        if article.section:
            news["articleSection"] = article.section.name
        if article.dateline:
            news["dateline"] = article.dateline
        if article.tags:
            news["keywords"] = [tag.name for tag in article.tags]
        if article.credits:
            news["contributor"] = [self.person(person) for person, _ in article.credits]
        if article.corrections:
            news["correction"] = [
                {"@type": "CorrectionComment", "text": html_text(correction.text_html),
                 "datePublished": iso(correction.date)}
                for correction in reversed(article.corrections)]
        trail = [self._home_crumb()]
        if article.section:
            trail.append((article.section.name, article.section.path))
        trail.append((article.title, article.path))
        items = [news, self._breadcrumbs(trail)]
        if article.faq and self.config.faq_structured_data:
            items.append({
                "@context": CONTEXT,
                "@type": "FAQPage",
                "mainEntity": [
                    {"@type": "Question", "name": entry.question,
                     "acceptedAnswer": {"@type": "Answer", "text": entry.answer_html.strip()}}
                    for entry in article.faq
                ],
            })
        return items

    def author(self, author: Person) -> list[dict]:
        profile = {
            "@context": CONTEXT,
            "@type": "ProfilePage",
            "url": self.urls.absolute_url(author.path),
            "mainEntity": self.person(author),
        }
        trail = [self._home_crumb(), ("Authors", "authors/"), (author.name, author.path)]
        return [profile, self._breadcrumbs(trail)]

    def tag(self, tag: Label) -> list[dict]:
        return [self._breadcrumbs([self._home_crumb(), ("Tags", "tags/"), (tag.name, tag.path)])]

    def home(self) -> list[dict]:
        config = self.config
        return [{
            "@context": CONTEXT,
            "@type": "WebSite",
            "name": config.title,
            "description": config.description,
            "url": self.urls.absolute_url(""),
            "inLanguage": config.language,
            "publisher": self.publisher(),
        }]
