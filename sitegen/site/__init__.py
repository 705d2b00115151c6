"""The site model: records, assembly, the page list, URLs, slugs, dates, images."""
