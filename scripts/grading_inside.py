"""What runs inside the grading sandbox (`course.py grade`; scripts/grade.py runs it, docs/instructors.md).

This file is copied into each sandbox's scratch folder and run there by the students' Python, never by the
grading command itself. It has two parts, run by two different Unix users:

- `run` (as the submission's user, without network): execute the submission notebook top to bottom with
  nbclient (errors do not stop it, as in Otter), then, in the same kernel, write the answers the checks read
  into `answers/`, as plain data: JSON for numbers, strings and containers, `.npy` for arrays, `.keras` for
  Keras models, a layer's config and weights for a layer, a reference for one object under two names or a
  model's own layer. Nothing else of the kernel leaves it.
- `check` (as another user, in a fresh process that never ran student code): load those answers (JSON, arrays
  without pickle, Keras models in safe mode), bind the course's own `transferkit`, NumPy and Keras, and run each
  question's tests, hidden ones included, with Otter's own test-file class; write `result.json`.

A student's code can change what its own kernel exports (it could as well have typed those values), but it cannot
reach the checks: they run later, elsewhere, on data.

Example (what scripts/grade.py runs, as two users):
    python grading_inside.py run submission.ipynb names.json answers/ report.json
    python grading_inside.py check answers/ tests/ questions.json result.json
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# The modules the checks take as arguments: bound in the checker to the course's own, whatever the student did.
LIBRARIES = {"tk": "transferkit", "np": "numpy", "keras": "keras", "layers": "keras.layers", "tf": "tensorflow"}
MAX_JSON_BYTES = 5_000_000


# -- Plain data, with its types ------------------------------------------------------------------------------

def encode(value, depth: int = 0):
    """`value` as tagged JSON data that `decode` turns back into the same types; ValueError if it is not plain."""
    import numpy as np

    if depth > 20:
        raise ValueError("nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2 ** 53 else {"t": "bigint", "v": str(value)}
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else {"t": "float", "v": repr(value)}
    if isinstance(value, np.generic) and value.dtype.kind in "biufc":
        return {"t": "np", "dtype": value.dtype.str, "v": encode(value.item(), depth + 1)}
    if isinstance(value, complex):
        return {"t": "complex", "v": [value.real, value.imag]}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [encode(item, depth + 1) for item in value]
        if isinstance(value, (set, frozenset)):
            items.sort(key=lambda item: json.dumps(item, sort_keys=True))
        return {"t": type(value).__name__ if type(value) in (list, tuple, set, frozenset) else "list", "v": items}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[encode(key, depth + 1), encode(item, depth + 1)] for key, item in value.items()]}
    if hasattr(value, "as_list") and type(value).__name__ == "TensorShape":
        return {"t": "list", "v": [encode(item, depth + 1) for item in value.as_list()]}
    raise ValueError(f"a {type(value).__module__}.{type(value).__qualname__}")


def decode(data):
    """The value `encode` was given (containers rebuilt with their types)."""
    import numpy as np

    if not isinstance(data, dict):
        return data
    kind, value = data.get("t"), data.get("v")
    if kind in ("list", "tuple", "set", "frozenset"):
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[kind](decode(item) for item in value)
    if kind == "dict":
        return {decode(key): decode(item) for key, item in value}
    if kind == "np":
        return np.dtype(data["dtype"]).type(decode(value))
    if kind == "bigint":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "complex":
        return complex(*value)
    raise ValueError(f"unknown tag {kind!r}")


# -- In the student's kernel: export the answers --------------------------------------------------------------

def export(namespace: dict, names: list[str], folder: str) -> dict:
    """Write `names` from `namespace` into `folder` (see the module's docstring); return the manifest."""
    import numpy as np

    try:
        import keras
    except ImportError:  # a course without Keras never exports a model
        keras = None
    folder = Path(folder)
    folder.mkdir(exist_ok=True)
    manifest, seen = {}, {}
    # Models first, so that a layer of one can be exported as a reference to it.
    is_model = lambda value: keras is not None and isinstance(value, keras.Model)  # noqa: E731
    ordered = sorted(names, key=lambda name: (not is_model(namespace.get(name)), names.index(name)))
    for name in ordered:
        if name in LIBRARIES:
            continue  # the checker binds the course's own modules
        if name not in namespace:
            manifest[name] = {"kind": "missing"}
            continue
        value = namespace[name]
        if id(value) in seen:
            manifest[name] = {"kind": "alias", "of": seen[id(value)]}
            continue
        seen[id(value)] = name
        try:
            manifest[name] = export_one(value, name, folder, manifest, namespace, keras, np)
        except Exception as error:  # noqa: BLE001 - whatever the value is, the manifest says why it could not go
            manifest[name] = {"kind": "unsupported", "type": type(value).__name__, "why": str(error)[:300]}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def export_one(value, name, folder, manifest, namespace, keras, np) -> dict:
    if keras is not None and isinstance(value, keras.layers.Layer):
        for other, entry in manifest.items():  # one of an exported model's own layers
            model = namespace.get(other)
            if entry.get("kind") == "keras" and isinstance(model, keras.Model):
                for index, layer in enumerate(model.layers):
                    if layer is value:
                        return {"kind": "layer_of", "model": other, "index": index}
        if isinstance(value, keras.Model):
            value.save(folder / f"{name}.keras")
            return {"kind": "keras"}
        weights = value.get_weights()
        np.savez(folder / f"{name}.weights.npz", *weights)
        return {"kind": "layer", "config": keras.saving.serialize_keras_object(value),
                "build": value.get_build_config() if value.built else None, "weights": len(weights)}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufcU":
            raise ValueError(f"an array of {value.dtype}")
        np.save(folder / f"{name}.npy", value, allow_pickle=False)
        return {"kind": "array"}
    if type(value).__module__.startswith("pandas"):
        import pandas as pd

        if isinstance(value, pd.DataFrame):
            return {"kind": "dataframe", "data": encode(value.to_dict("split")),
                    "dtypes": {str(column): str(dtype) for column, dtype in value.dtypes.items()}}
        if isinstance(value, pd.Series):
            return {"kind": "series", "data": encode(value.to_dict()), "name": encode(value.name)}
    return {"kind": "json", "value": encode(value)}


# -- In a fresh process: load the answers and run the checks -------------------------------------------------

class NotExported:
    """What the checks receive for an answer that could not leave the student's kernel: every check on it fails."""

    def __init__(self, name: str, why: str):
        self.name, self.why = name, why

    def __repr__(self) -> str:
        return f"<{self.name}: {self.why}>"


def load(folder: Path) -> dict:
    """The answers `export` wrote into `folder`, loaded without running any code of theirs."""
    import numpy as np

    manifest_path = folder / "manifest.json"
    if not manifest_path.exists() or manifest_path.stat().st_size > MAX_JSON_BYTES:
        return {}
    manifest = json.loads(manifest_path.read_text())
    values, later = {}, []
    for name, entry in manifest.items():
        if not (isinstance(name, str) and name.isidentifier() and isinstance(entry, dict)):
            continue  # a file name from the sandbox is a Python name, never a path
        kind = entry.get("kind")
        try:
            if kind == "json":
                values[name] = decode(entry["value"])
            elif kind == "array":
                values[name] = np.load(folder / f"{name}.npy", allow_pickle=False)
            elif kind == "keras":
                import keras

                values[name] = keras.models.load_model(folder / f"{name}.keras", safe_mode=True, compile=True)
            elif kind == "layer":
                import keras

                layer = keras.saving.deserialize_keras_object(entry["config"], safe_mode=True)
                if entry.get("build"):
                    layer.build_from_config(entry["build"])
                with np.load(folder / f"{name}.weights.npz", allow_pickle=False) as weights:
                    layer.set_weights([weights[f"arr_{index}"] for index in range(entry["weights"])])
                values[name] = layer
            elif kind == "dataframe":
                import pandas as pd

                split = decode(entry["data"])
                frame = pd.DataFrame(split["data"], index=split["index"], columns=split["columns"])
                values[name] = frame.astype({column: entry["dtypes"][str(column)] for column in frame.columns})
            elif kind == "series":
                import pandas as pd

                values[name] = pd.Series(decode(entry["data"]), name=decode(entry["name"]))
            elif kind in ("alias", "layer_of"):
                later.append((name, entry))
            elif kind == "missing":
                values[name] = NotExported(name, "not defined when the notebook finished")
            else:
                values[name] = NotExported(name, f"a {entry.get('type')}, which cannot leave the notebook as data")
        except Exception as error:  # noqa: BLE001 - a damaged or hostile file fails its own checks only
            values[name] = NotExported(name, f"could not be loaded: {type(error).__name__}: {str(error)[:200]}")
    for name, entry in later:
        if entry["kind"] == "alias":
            values[name] = values.get(entry["of"], NotExported(name, "an alias of nothing"))
        else:
            model = values.get(entry["model"])
            try:
                values[name] = model.layers[int(entry["index"])]
            except Exception:  # noqa: BLE001
                values[name] = NotExported(name, "a layer of a model that did not load")
    return values


def otter_test_file_class():
    """Otter's `ExceptionTestFile` (and `test_case`, which the test files import), without importing the whole
    of Otter: `import otter` loads its exporters and nbformat, 6 of the checker's seconds for nothing it uses."""
    import importlib
    import importlib.util
    import types

    if "otter" not in sys.modules:
        spec = importlib.util.find_spec("otter")
        for name, path in (("otter", spec.submodule_search_locations[0]),
                           ("otter.test_files", os.path.join(spec.submodule_search_locations[0], "test_files"))):
            package = types.ModuleType(name)
            package.__path__ = [path]
            sys.modules[name] = package
        exception_test = importlib.import_module("otter.test_files.exception_test")
        sys.modules["otter.test_files"].test_case = exception_test.test_case
    return importlib.import_module("otter.test_files.exception_test").ExceptionTestFile


def check(answers: Path, tests: Path, questions: list[str]) -> dict:
    """Run each question's test file on the loaded answers; return {question: {score, possible, failed}}."""
    import importlib

    ExceptionTestFile = otter_test_file_class()

    environment = {name: importlib.import_module(module) for name, module in LIBRARIES.items()}
    environment.update(load(answers))
    for name, module in LIBRARIES.items():  # an answer named like a library never replaces the library
        environment[name] = importlib.import_module(module)
    results = {}
    for question in questions:
        test_file = ExceptionTestFile.from_file(str(tests / f"{question}.py"))
        test_file.run(environment)
        failed = [{"test": result.test_case.name, "hidden": bool(result.test_case.hidden),
                   "hint": result.test_case.failure_message or ""}
                  for result in test_file.test_case_results if not result.passed]
        results[question] = {"score": float(test_file.score), "possible": float(test_file.possible), "failed": failed}
    return results


# -- The student's notebook, run in its sandbox ---------------------------------------------------------------

def run(notebook_path: Path, names: list[str], answers: Path, kernel_tests: dict[str, str]) -> dict:
    """Execute the notebook, then export `names`; run `kernel_tests` (questions that need the kernel) there."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(notebook, timeout=None, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(notebook_path.parent)}})
    errors = []
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and len(errors) < 5:
                    errors.append({"cell": index, "error": f"{output.get('ename')}: {str(output.get('evalue'))[:300]}"})
            cell.outputs = []  # a cell that prints megabytes is not kept
        code = ("import sys as _sys\n"
                f"_sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
                "import grading_inside as _grading_inside\n"
                f"_grading_inside.export(globals(), {names!r}, {str(answers)!r})\n")
        if kernel_tests:
            code += f"_grading_inside.check_in_kernel(globals(), {kernel_tests!r}, {str(answers)!r})\n"
        cell = nbformat.v4.new_code_cell(code)
        notebook.cells.append(cell)
        client.execute_cell(cell, len(notebook.cells) - 1)
        failures = [f"{output.get('ename')}: {str(output.get('evalue'))[:300]}" for output in cell.outputs
                    if output.get("output_type") == "error"]
    return {"errors": errors, "exported": not failures, "export_error": failures[0] if failures else ""}


def check_in_kernel(namespace: dict, tests: dict[str, str], answers: str) -> None:
    """For the questions that need the kernel's own objects (docs/instructors.md): their tests, run here."""
    ExceptionTestFile = otter_test_file_class()

    results = {}
    for question, source in tests.items():
        test_file = ExceptionTestFile.from_string(source, path=f"{question}.py")
        test_file.run(namespace)
        results[question] = {"score": float(test_file.score), "possible": float(test_file.possible),
                             "failed": [{"test": result.test_case.name, "hidden": bool(result.test_case.hidden),
                                         "hint": result.test_case.failure_message or ""}
                                        for result in test_file.test_case_results if not result.passed]}
    (Path(answers) / "kernel_results.json").write_text(json.dumps(results))


def main(argv: list[str]) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if argv[:1] == ["run"]:
        notebook, names, answers, report = (Path(part) for part in argv[1:5])
        plan = json.loads(names.read_text())
        outcome = run(notebook, plan["names"], answers, plan.get("kernel_tests", {}))
        report.write_text(json.dumps(outcome))
        return 0
    if argv[:1] == ["check"]:
        answers, tests, questions, result = (Path(part) for part in argv[1:5])
        result.write_text(json.dumps(check(answers, tests, json.loads(questions.read_text()))))
        return 0
    print("usage: grading_inside.py run NOTEBOOK NAMES ANSWERS REPORT | check ANSWERS TESTS QUESTIONS RESULT",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
