"""transferkit: the helper package behind the transfer-learning course.

The notebooks keep the lesson visible (the layers, `trainable = False`, `compile`, `fit`); this
package holds the plumbing a second notebook would otherwise copy: data, model surgery, repeated
experiments over seeds, plots and the environment check.

Example:
    >>> import transferkit as tk
    >>> images, labels = tk.data.load_handwritten_digits()
    >>> images.shape
    (1797, 8, 8, 1)
"""

from transferkit_lab import quiet as _quiet
from transferkit_lab import seeds as _seeds

# TensorFlow prints C++ start-up lines (absl, oneDNN) to stderr when it is imported. They mean
# nothing to a learner: import it with them filtered out (warnings and errors still show).
_quiet.install()
# IPython's banner tip draws from Python's seeded `random` whenever a client asks for kernel info:
# switch it off so that "Restart Kernel and Run All" gives the same numbers in any Jupyter.
_seeds.no_random_tip()

from transferkit import (  # noqa: E402
    adapt, checks, course, data, downloads, environment, experiments, glyphs, models, plots, pretrained, similarity,
    sources, strategies,
)

__version__ = "0.1.0"

__all__ = ["adapt", "checks", "course", "data", "downloads", "environment", "experiments", "glyphs", "models", "plots",
           "pretrained", "similarity", "sources", "strategies", "__version__"]
