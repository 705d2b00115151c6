"""The live preview: its builds, the server and its HTTP side."""
