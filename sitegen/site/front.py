"""The front page's stories: a lead, secondary stories, and a block per section."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.site.model import Article, Section

SECONDARY_COUNT = 4
SECTION_BLOCK_COUNT = 4


@dataclass
class Front:
    lead: Article | None = None
    secondary: list[Article] = field(default_factory=list)
    blocks: list[tuple[Section, list[Article]]] = field(default_factory=list)

    def stories(self) -> list[Article]:
        """Every story it shows, once."""
        lead = [self.lead] if self.lead is not None else []
        return [*lead, *self.secondary, *(article for _, stories in self.blocks
                                          for article in stories)]


def front_page(articles: list[Article], sections: list[Section]) -> Front:
    """The newest featured story leads (else the newest); then the next newest; then each
    section's newest not shown above. `articles`: newest first."""
    if not articles:
        return Front()
    lead = next((article for article in articles if article.featured), articles[0])
    secondary = [article for article in articles[:SECONDARY_COUNT + 1]
                 if article is not lead][:SECONDARY_COUNT]
    shown = {id(lead), *map(id, secondary)}
    blocks = []
    for section in sections:
        stories = []
        for article in section.articles:
            if id(article) not in shown:
                stories.append(article)
                if len(stories) == SECTION_BLOCK_COUNT:
                    break
        if stories:
            blocks.append((section, stories))
    return Front(lead, secondary, blocks)
