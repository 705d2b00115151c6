"""Writing: the output folder, the atomic switch, the build cache."""
