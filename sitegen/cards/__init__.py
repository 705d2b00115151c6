"""Social cards: og:image pictures of a story's headline or photo."""
