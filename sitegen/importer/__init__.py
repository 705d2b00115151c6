"""Seeds to Markdown articles, with mojibake repair."""
