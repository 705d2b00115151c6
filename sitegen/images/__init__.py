"""Photos: checked when content names them, published as resized, metadata-free variants."""
