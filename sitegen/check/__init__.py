"""`check`: the built site's links and the articles' text."""
