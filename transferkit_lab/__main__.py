"""`python -m transferkit_lab`: install the course's lab settings into this Python environment."""

import sys

from transferkit_lab import install

if __name__ == "__main__":
    for path in install(sys.prefix):
        print(f"transferkit_lab: {path}")
