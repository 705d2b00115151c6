"""Messages for the person running the build, on standard error."""

import sys


def warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def info(message: str) -> None:
    print(message, file=sys.stderr)
