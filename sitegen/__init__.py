"""sitegen: a static-site generator for news microsites."""
