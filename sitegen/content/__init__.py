"""Reading and checking the sources: documents, YAML, fields, Markdown."""
