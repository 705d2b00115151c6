"""A newsroom with every piece of story furniture, for the browser, validator and structure
tests: a featured lead, secondary stories, two sections with descriptions, labels, a story
with every field (corrections, credits, dateline, captions and credits, related picks), a
breaking-news bar and the organization's pages."""

from __future__ import annotations

import datetime as dt

from conftest import SiteFolder
from photo_tools import make_scene

HERO = {"src": "images/route-north.jpg", "alt": "A road through the hills at dusk",
        "caption": "The test route north of the city.", "credit": "Ana Ortiz"}
BODY = ("The first paragraph sets out what happened and why it matters to readers.\n\n"
        "A second paragraph gives the figures, the people and the places.\n\n"
        '![A dashboard at night](/images/dashboard.jpg "The dashboard on the '
        'last leg."){: credit="Li Wei" }\n\n'
        "| Model | Range |\n|---|---|\n| Small | 320 km |\n| Large | 510 km |\n\n"
        "A third paragraph closes the story.[^1]\n\n[^1]: A footnote with its source.\n")
STORY = "grid-battery-opens-in-essex"


def front_page_site(site: SiteFolder, now: dt.datetime) -> SiteFolder:
    """Writes the newsroom into `site`; `now` keeps the breaking bar up for a day. Stories
    have photos of their own, one a picture still to come."""
    for seed, name in enumerate(("route-north", "dashboard", "ana-ortiz", "story-1", "story-2",
                                 "story-5", "story-7", "story-8")):
        make_scene(site.root / "static" / "images" / f"{name}.jpg", seed,
                   (600, 600) if name == "ana-ortiz" else (1600, 1067))
    site.config(title="The Desk", description="News on energy and motoring.",
                base_url="https://news.example.org/", timezone="Europe/London",
                articles_per_page=6,
                organization={"name": "The Desk Media", "founded": 2019,
                              "corrections_policy": "/corrections-policy/",
                              "ethics_policy": "/ethics-policy/", "masthead": "/masthead/",
                              "contact": "/contact/"},
                breaking={"text": "Storm closes the coast road", "url": f"/articles/{STORY}/",
                          "until": (now + dt.timedelta(days=1)).isoformat()},
                sections={"energy": "Power, grids and storage.",
                          "motoring": "Cars, roads and the move to electric."})
    site.author("ana-ortiz", name="Ana Ortiz", role="Energy Reporter",
                bio="Ana covers *grids* and storage.",
                avatar={"src": "images/ana-ortiz.jpg", "alt": "Ana Ortiz"},
                links=[{"title": "Mastodon", "url": "https://mastodon.example/@ana"}])
    site.author("li-wei", name="Li Wei", role="Photographer", bio="Li takes the pictures.")
    for slug, title in (("corrections-policy", "Corrections policy"),
                        ("ethics-policy", "Ethics policy"), ("masthead", "Masthead"),
                        ("contact", "Contact")):
        site.write(f"content/pages/{slug}.md", f"---\ntitle: {title}\n---\n\nOur {slug}.\n")
    stories = [
        ("Energy", "news", ["Batteries", "Grid"], "Essex battery plan wins approval"),
        ("Motoring", "review", ["Electric cars"], "A week with the small electric hatchback"),
        ("Energy", "opinion", ["Grid"], "The grid needs patience, not promises"),
        ("Motoring", "news", ["Electric cars", "Batteries"], "Charging points double in a year"),
        ("Energy", "explainer", ["Batteries"], "How a grid battery earns its keep"),
        ("Motoring", "sponsored", [], "Partner content: a road trip in numbers"),
        ("Energy", "news", ["Grid", "Wind"], "Offshore wind cable reaches the coast"),
        ("Motoring", "news", ["Electric cars"], "Used electric car prices settle"),
        ("Energy", "analysis", ["Batteries", "Grid"], "Why storage prices fell again"),
    ]
    for number, (section, label, tags, title) in enumerate(stories, start=1):
        site.article(f"story-{number}", BODY.split("\n\n")[0], title=title, section=section,
                     label=label, tags=tags, author="ada" if number % 2 else "ana-ortiz",
                     date=f"2026-05-{number:02d}T09:00:00",
                     **({"image": _picture(number)} if number % 3 else {}))
    site.article(STORY, BODY, title="Britain's biggest grid battery opens in Essex",
                 description="The 300 MW site can power a city for two hours.",
                 date="2026-05-12T08:00:00", updated="2026-05-12T15:30:00",
                 author=["ana-ortiz"], section="Energy", label="analysis",
                 tags=["Batteries", "Grid"], dateline="TILBURY", featured=True, image=HERO,
                 corrections=[{"date": "2026-05-13T10:00:00",
                               "text": "An earlier version gave the site's size as 30 MW."}],
                 credits=[{"author": "li-wei", "role": "Photographs"},
                          {"author": "ada", "role": "Additional reporting"}],
                 related=["story-9", "story-5"],
                 takeaways=["The site stores 600 MWh."],
                 faq=[{"question": "When does it open?", "answer": "It opened on Tuesday."}])
    return site


def _picture(number: int) -> dict:
    """Story `number`'s hero: its own photo; story 4's is still to come."""
    if number == 4:
        return {"src": "photo-to-come", "alt": "Charging bays at a motorway services"}
    return {**HERO, "src": f"images/story-{number}.jpg"}
