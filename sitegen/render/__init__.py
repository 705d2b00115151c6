"""Rendering: the Jinja environment, page contexts and views, digests, heads."""
