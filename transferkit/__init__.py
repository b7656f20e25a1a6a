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

import logging as _logging

import threadpoolctl as _threadpoolctl

from transferkit_lab import quiet as _quiet
from transferkit_lab import seeds as _seeds

# TensorFlow prints C++ start-up lines (absl, oneDNN) to stderr when it is imported. They mean
# nothing to a learner: import it with them filtered out (warnings and errors still show).
_quiet.install()
# IPython's banner tip draws from Python's seeded `random` whenever a client asks for kernel info:
# switch it off so that "Restart Kernel and Run All" gives the same numbers in any Jupyter.
_seeds.no_random_tip()

from transferkit import (  # noqa: E402
    adapt, checks, claims, course, data, distribute, downloads, environment, experiments, glyphs, language, models, plots, pretrained,
    similarity, sources, speech, strategies, text,
)

# TensorFlow's thread pools, OpenBLAS's and OpenMP's threads fight over the same cores: once TensorFlow
# had run, scikit-learn's logistic regression on 1,600 features took 21.8 s with OpenBLAS on 2 threads
# and 0.5 s on one, and t-SNE of 500 points 36 s with OpenMP on 2 threads and 3.5 s on one (2 cores,
# busy). The course's matrices are small: BLAS and OpenMP run on one thread in its kernels, while
# TensorFlow keeps its own threads.
# (scikit-learn's OpenMP runtime is loaded first, so that the limit reaches it; an environment variable
# such as OMP_NUM_THREADS would also reach TensorFlow, which reads it to size its own thread pools.)
import sklearn.utils._openmp_helpers  # noqa: E402,F401

_threadpoolctl.threadpool_limits(limits=1)

# In an interactive kernel TensorFlow sets its Python logger to INFO, printed to stdout: tf.distribute would print
# a line for every strategy and all-reduce it sets up (chapter 14). Warnings and errors stay visible.
import tensorflow as _tensorflow  # noqa: E402 (already imported by Keras)

_tensorflow.get_logger().setLevel(_logging.WARNING)  # get_logger first: it is what sets INFO in a kernel

plots.match_font_to_language()  # a Chinese chapter's own titles and labels draw in Chinese too
translate = language.translate  # tk.translate(f"..."): a line the notebooks print or raise, in their language

__version__ = "0.1.0"

__all__ = ["adapt", "checks", "claims", "course", "data", "distribute", "downloads", "environment", "experiments", "glyphs", "language", "models",
           "plots", "pretrained", "similarity", "sources", "speech", "strategies", "text", "translate", "__version__"]
