"""Write the numbers and links of the deployment recipes (deploy/) from one place, and vendor their schemas.

A teacher runs a class on JupyterHub with one of two recipes: The Littlest JupyterHub (deploy/tljh/, one machine)
or Zero to JupyterHub (deploy/z2jh/, Kubernetes). Every number in them (memory and CPU per student, the idle
culler, the disk per student) lives in deploy/sizing.json, each with a `"measured"` string naming the
measurement it comes from. This script writes those numbers into:

- deploy/tljh/install-course.sh and deploy/tljh/README.md (the `tljh-config set ...` lines),
- deploy/z2jh/values.yaml (the chart's values), and its `singleuser.defaultUrl`, the nbgitpuller link,
- the sizing table of docs/deploy.md and the example links of both READMEs.

A line that carries a number ends with a tag comment, `# sizing:NAME: <measured>`: the script replaces the value
just before the tag and the measurement after it, so each number says where it comes from. The repository's
address comes from `transferkit/course.py` (`HOME`), as for the badges. `--check` changes nothing and exits 1 when
a recipe differs from what the script writes (tests/test_deploy.py checks the same).

The recipes are checked against the upstream schemas vendored beside them (TLJH's config schema, the z2jh chart's
values.schema.json). `vendor` writes those again from git copies of the two projects at the pinned releases:

Usage:
    python3 scripts/deploy_recipes.py            # rewrite the recipes from deploy/sizing.json
    python3 scripts/deploy_recipes.py --check    # only report what is out of date
    python3 scripts/deploy_recipes.py vendor --tljh-git DIR --z2jh-git DIR   # maintainers, on a version bump
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SIZING_FILE = DEPLOY / "sizing.json"

# The releases the recipes are checked against (deploy/*/SOURCE.md says the same; `vendor` refuses a moved tag).
TLJH_VERSION = "2.0.0"
TLJH_COMMIT = "a47a171850afc22d46f3b5b5bb0d09f2fae0937f"
Z2JH_CHART_VERSION = "4.4.0"
Z2JH_COMMIT = "5c5f5df751588a68a7781ead01d0f62e88e2e72f"
# The nbgitpuller whose link format (docs/_static/link_gen/link.js) and handlers the links follow.
NBGITPULLER_VERSION = "1.3.0"
NBGITPULLER_COMMIT = "d3bdba984a060e0a449fc29280a08512a2bc7b0f"

STUDENT_BRANCH = "student"  # `python3 course.py student-copy` makes it: the course without masters and solutions
FOLDER = "transferkit"  # nbgitpuller's targetPath: the folder in each student's home, whatever the fork is called
EXAMPLE_HUB = "https://hub.example.edu"

TLJH_SCRIPT = DEPLOY / "tljh" / "install-course.sh"
TLJH_README = DEPLOY / "tljh" / "README.md"
Z2JH_VALUES = DEPLOY / "z2jh" / "values.yaml"
Z2JH_README = DEPLOY / "z2jh" / "README.md"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"


@dataclass(frozen=True)
class Setting:
    """Where one value of deploy/sizing.json goes: its TLJH key (None if TLJH has none) and its z2jh values path."""

    tljh_key: str | None
    z2jh_path: tuple[str, ...]
    kind: str  # "memory", "cpu", "seconds" or "storage": what the value must look like


SETTINGS = {
    "memory_guarantee": Setting(None, ("singleuser", "memory", "guarantee"), "memory"),
    "memory_limit": Setting("limits.memory", ("singleuser", "memory", "limit"), "memory"),
    "cpu_guarantee": Setting(None, ("singleuser", "cpu", "guarantee"), "cpu"),
    "cpu_limit": Setting("limits.cpu", ("singleuser", "cpu", "limit"), "cpu"),
    "cull_timeout": Setting("services.cull.timeout", ("cull", "timeout"), "seconds"),
    "cull_every": Setting("services.cull.every", ("cull", "every"), "seconds"),
    "cull_max_age": Setting("services.cull.max_age", ("cull", "maxAge"), "seconds"),
    "storage_capacity": Setting(None, ("singleuser", "storage", "capacity"), "storage"),
}
TLJH_NAMES = [name for name, setting in SETTINGS.items() if setting.tljh_key]
# Which tags each recipe must carry.
TAGGED_FILES = {TLJH_SCRIPT: TLJH_NAMES, TLJH_README: TLJH_NAMES, Z2JH_VALUES: list(SETTINGS)}

MEMORY = re.compile(r"^(\d+(\.\d+)?)([KMGT])$")  # JupyterHub's ByteSpecification: 1G = 1024**3 bytes
MEMORY_UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
STORAGE = re.compile(r"^[1-9]\d*(Ki|Mi|Gi|Ti)$")  # a Kubernetes quantity in binary units
TAG = re.compile(r"^(?P<before>.*?)(?P<value>\S+)(?P<gap>[ \t]+)# sizing:(?P<name>[A-Za-z0-9_]+)(?::.*)?$")


def load_course_module():
    """Load `transferkit/course.py` alone (importing the package would start TensorFlow's dependencies).

    Example:
        >>> load_course_module().HOME
        'https://github.com/transferkit/transferkit'
    """
    name = "transferkit_course_facts"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "transferkit" / "course.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


def memory_bytes(text: str) -> int:
    """Return the bytes a memory size means to JupyterHub, TLJH and KubeSpawner: K, M, G, T are powers of 1024.

    Args:
        text: a size such as "2G" or "1.5G".

    Returns:
        The number of bytes.

    Raises:
        ValueError: if `text` is not a number followed by K, M, G or T.

    Example:
        >>> memory_bytes("1G") // 2**20
        1024
    """
    match = MEMORY.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"Memory size {text!r} is not one JupyterHub reads. Expected a number followed by K, M, G or T "
                         f"(powers of 1024), e.g. \"2G\"; fix the value in {SIZING_FILE.relative_to(ROOT)}.")
    return int(float(match.group(1)) * MEMORY_UNITS[match.group(3)])


def checked_sizing(data: dict, source: str = "deploy/sizing.json") -> dict[str, dict]:
    """Check the content of deploy/sizing.json and return its values by name.

    Args:
        data: the parsed JSON, `{"values": {name: {"value": ..., "measured": "..."}}}`.
        source: the file name used in error messages.

    Returns:
        `{name: {"value": ..., "measured": ...}}` for every name of `SETTINGS`, in that order.

    Raises:
        ValueError: if a name is missing or unknown, a value has the wrong form, a measurement is missing, or a
            guarantee exceeds its limit; the message says what was found, what is expected and how to fix it.

    Example:
        >>> good = json.loads(SIZING_FILE.read_text(encoding="utf-8"))
        >>> checked_sizing(good)["memory_limit"]["value"]
        '2G'
        >>> good["values"]["memory_limit"]["value"] = "512M"
        >>> checked_sizing(good)
        Traceback (most recent call last):
        ...
        ValueError: deploy/sizing.json: memory_limit is 512M, below memory_guarantee 1.1G. Expected a limit >= its guarantee; fix one of the two.
    """
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        raise ValueError(f"{source} has no \"values\" object. Expected {{\"values\": {{\"memory_limit\": "
                         f"{{\"value\": \"2G\", \"measured\": \"...\"}}, ...}}}}; fix the file's structure.")
    missing = [name for name in SETTINGS if name not in values]
    unknown = sorted(set(values) - set(SETTINGS))
    if missing or unknown:
        raise ValueError(f"{source} names {sorted(values)}. Expected exactly {list(SETTINGS)} (missing: {missing}, "
                         f"unknown: {unknown}); fix the names, or add a new one to SETTINGS in scripts/deploy_recipes.py.")
    result = {}
    for name, setting in SETTINGS.items():
        entry = values[name]
        if not isinstance(entry, dict) or set(entry) != {"value", "measured"}:
            raise ValueError(f"{source}: {name} is {entry!r}. Expected {{\"value\": ..., \"measured\": \"which "
                             f"measurement it comes from\"}}; fix that entry.")
        value, measured = entry["value"], entry["measured"]
        if not isinstance(measured, str) or not measured.strip() or any(c in measured for c in "\n|"):
            raise ValueError(f"{source}: {name}'s \"measured\" is {measured!r}. Expected one line naming the measurement "
                             f"the value comes from (no '|', it goes into a table); fix that string.")
        check_value(name, setting.kind, value, source)
        result[name] = {"value": value, "measured": measured.strip()}
    for kind in ("memory", "cpu"):
        guarantee, limit = result[f"{kind}_guarantee"]["value"], result[f"{kind}_limit"]["value"]
        size = memory_bytes if kind == "memory" else float
        if size(guarantee) > size(limit):
            raise ValueError(f"{source}: {kind}_limit is {limit}, below {kind}_guarantee {guarantee}. Expected a limit "
                             f">= its guarantee; fix one of the two.")
    return result


def check_value(name: str, kind: str, value, source: str) -> None:
    """Raise ValueError unless `value` has the form its `kind` needs in both recipes.

    Example:
        >>> check_value("storage_capacity", "storage", "2GB", "deploy/sizing.json")
        Traceback (most recent call last):
        ...
        ValueError: deploy/sizing.json: storage_capacity is '2GB'. Expected a Kubernetes quantity in binary units (Ki, Mi, Gi or Ti), e.g. "2Gi"; fix the value.
    """
    if kind == "memory":
        if not (isinstance(value, str) and MEMORY.match(value)):
            raise ValueError(f"{source}: {name} is {value!r}. Expected a number followed by K, M, G or T (powers of "
                             f"1024, as JupyterHub reads it), e.g. \"2G\"; fix the value.")
    elif kind == "storage":
        if not (isinstance(value, str) and STORAGE.match(value)):
            raise ValueError(f"{source}: {name} is {value!r}. Expected a Kubernetes quantity in binary units (Ki, Mi, "
                             f"Gi or Ti), e.g. \"2Gi\"; fix the value.")
    elif kind == "cpu":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"{source}: {name} is {value!r}. Expected a positive number of cores, e.g. 0.5 or 2 "
                             f"(a JSON number, not a string); fix the value.")
        if name == "cpu_limit" and not isinstance(value, int):
            raise ValueError(f"{source}: cpu_limit is {value!r}. TLJH {TLJH_VERSION}'s config schema (limits.cpu) "
                             f"takes a whole number of cores only. Expected e.g. 1 or 2; fix the value.")
    elif kind == "seconds":
        if isinstance(value, bool) or not isinstance(value, int) or value < (0 if name == "cull_max_age" else 1):
            raise ValueError(f"{source}: {name} is {value!r}. Expected a whole number of seconds "
                             f"({'0 or more' if name == 'cull_max_age' else 'at least 1'}); fix the value.")


def load_sizing(path: Path = SIZING_FILE) -> dict[str, dict]:
    """Read and check deploy/sizing.json (see `checked_sizing`).

    Example:
        >>> sorted(load_sizing())[:2]
        ['cpu_guarantee', 'cpu_limit']
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not valid JSON ({error}). Expected the structure scripts/deploy_recipes.py "
                         f"documents; fix the syntax.") from error
    return checked_sizing(data, str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))


def rendered(value) -> str:
    """Write a sizing value as it appears in YAML, bash and Markdown alike.

    Example:
        >>> [rendered(v) for v in ("2G", 0.5, 3600)]
        ['2G', '0.5', '3600']
    """
    return value if isinstance(value, str) else json.dumps(value)


def retagged(text: str, sizing: dict[str, dict], path: Path, expected: list[str]) -> str:
    """Return `text` with the value and measurement of every `# sizing:NAME` line taken from `sizing`.

    Args:
        text: the recipe's text.
        sizing: the checked values (`load_sizing()`).
        path: the recipe's path, for error messages.
        expected: the names that must each be tagged at least once in this recipe.

    Returns:
        The text with each tagged line as `<before><value>  # sizing:NAME: <measured>`.

    Raises:
        ValueError: on a tag with an unknown name, or a name in `expected` that no line carries.

    Example:
        >>> sizing = {"cpu_limit": {"value": 2, "measured": "the 2 cores of the benchmark"}}
        >>> retagged("tljh-config set limits.cpu 4  # sizing:cpu_limit: old", sizing, Path("x.sh"), ["cpu_limit"])
        'tljh-config set limits.cpu 2  # sizing:cpu_limit: the 2 cores of the benchmark'
    """
    found = set()
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = TAG.match(line)
        if match:
            name = match.group("name")
            if name not in sizing:
                raise ValueError(f"{path}:{number} has the tag '# sizing:{name}'. Expected one of {sorted(sizing)}; "
                                 f"fix the tag's name (or add the value to deploy/sizing.json).")
            found.add(name)
            entry = sizing[name]
            line = f"{match.group('before')}{rendered(entry['value'])}  # sizing:{name}: {entry['measured']}"
        elif "# sizing:" in line:
            raise ValueError(f"{path}:{number} mentions '# sizing:' but is not '<value>  # sizing:NAME: ...': {line!r}. "
                             f"Expected the value just before the tag; fix the line.")
        lines.append(line)
    missing = [name for name in expected if name not in found]
    if missing:
        raise ValueError(f"{path} has no line tagged {', '.join('# sizing:' + n for n in missing)}. Expected every "
                         f"number of this recipe to carry its tag; add the tag after the value, e.g. "
                         f"'limit: 2G  # sizing:memory_limit'.")
    return "\n".join(lines)


def nbgitpuller_query(repository: str) -> str:
    """The query string of the course's nbgitpuller link, in the order nbgitpuller's link generator writes it.

    The link clones the branch `student` of `repository` into the folder `transferkit` of the student's home
    (or pulls it again, merging, if it is there) and opens the welcome notebook in JupyterLab.

    Example:
        >>> nbgitpuller_query("https://github.com/me/tl")
        'repo=https%3A%2F%2Fgithub.com%2Fme%2Ftl&urlpath=lab%2Ftree%2Ftransferkit%2Fnotebooks%2F00_welcome.ipynb&branch=student&targetPath=transferkit'
    """
    welcome = load_course_module().CHAPTERS[0].notebook
    return urllib.parse.urlencode({"repo": repository, "urlpath": f"lab/tree/{FOLDER}/{welcome}",
                                   "branch": STUDENT_BRANCH, "targetPath": FOLDER})


def nbgitpuller_url(hub: str, repository: str) -> str:
    """The link a teacher sends: through the hub's login to the student's own server, then nbgitpuller.

    Args:
        hub: the hub's address, e.g. "https://hub.example.edu" (a trailing slash is fine).
        repository: the git URL of the teacher's copy of the course.

    Returns:
        `HUB/hub/user-redirect/git-pull?repo=...&urlpath=...&branch=student&targetPath=transferkit`.

    Raises:
        ValueError: if `hub` is not an http(s) address.

    Example:
        >>> nbgitpuller_url("https://hub.example.edu/", "https://github.com/me/tl").split("?")[0]
        'https://hub.example.edu/hub/user-redirect/git-pull'
    """
    if not re.match(r"^https?://[^\s?#]+$", hub):
        raise ValueError(f"Hub address {hub!r} is not an http(s) address. Expected e.g. {EXAMPLE_HUB}; fix the address.")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{nbgitpuller_query(repository)}"


def nbgitpuller_default_url(repository: str) -> str:
    """The same link relative to the student's server: z2jh's `singleuser.defaultUrl`.

    Example:
        >>> nbgitpuller_default_url("https://github.com/me/tl").startswith("/git-pull?repo=")
        True
    """
    return f"/git-pull?{nbgitpuller_query(repository)}"


def replace_block(text: str, name: str, content: str, path: Path) -> str:
    """Replace what stands between `<!-- begin:NAME -->` and `<!-- end:NAME -->`.

    Example:
        >>> replace_block("a <!-- begin:x -->old<!-- end:x --> b", "x", "new", Path("doc.md"))
        'a <!-- begin:x -->\\nnew\\n<!-- end:x --> b'
    """
    pattern = re.compile(rf"(<!-- begin:{name} -->).*?(<!-- end:{name} -->)", re.S)
    return replace_once(text, pattern, lambda match: f"{match.group(1)}\n{content}\n{match.group(2)}",
                        f"{path} needs exactly one <!-- begin:{name} --> ... <!-- end:{name} --> block; "
                        f"add it where the generated part goes.")


def replace_once(text: str, pattern: re.Pattern, replacement, problem: str) -> str:
    """`pattern.sub(replacement, text)` where `pattern` must match exactly once; else ValueError(`problem`).

    Example:
        >>> replace_once("a=1", re.compile("a=1"), lambda match: "a=2", "no a")
        'a=2'
    """
    if len(pattern.findall(text)) != 1:
        raise ValueError(problem)
    return pattern.sub(replacement, text)


def sizing_table(sizing: dict[str, dict]) -> str:
    """The Markdown table of every value, where each recipe puts it, and its measurement (for docs/deploy.md).

    Example:
        >>> sizing_table(load_sizing()).splitlines()[0]
        '| value | TLJH (`tljh-config set`) | z2jh (`values.yaml`) | measured |'
    """
    rows = ["| value | TLJH (`tljh-config set`) | z2jh (`values.yaml`) | measured |", "|---|---|---|---|"]
    for name, setting in SETTINGS.items():
        tljh = f"`{setting.tljh_key}`" if setting.tljh_key else "(none in TLJH)"
        rows.append(f"| **{rendered(sizing[name]['value'])}** ({name}) | {tljh} | `{'.'.join(setting.z2jh_path)}` | "
                    f"{sizing[name]['measured']} |")
    return "\n".join(rows)


def example_link_block(repository: str) -> str:
    """The example link the READMEs show (a Markdown code block).

    Example:
        >>> example_link_block("https://github.com/me/tl").startswith("```")
        True
    """
    return f"```\n{nbgitpuller_url(EXAMPLE_HUB, repository)}\n```"


def with_default_url(text: str, repository: str, path: Path) -> str:
    """Return values.yaml's text with `singleuser.defaultUrl` set to the nbgitpuller link.

    Example:
        >>> with_default_url('  defaultUrl: "/lab"', "https://github.com/me/tl", Path("v.yaml"))[:47]
        '  defaultUrl: "/git-pull?repo=https%3A%2F%2Fgit'
    """
    pattern = re.compile(r"^(  defaultUrl: ).*$", re.M)
    return replace_once(text, pattern, lambda match: f'{match.group(1)}"{nbgitpuller_default_url(repository)}"',
                        f"{path} needs exactly one line '  defaultUrl: ...' under singleuser. Expected the "
                        f"nbgitpuller link there; add the line.")


def generated(sizing: dict[str, dict] | None = None) -> dict[Path, str]:
    """Return the text every generated recipe should have, by path.

    Args:
        sizing: the values to write; by default deploy/sizing.json's.

    Returns:
        `{path: text}` for the TLJH script and README, the z2jh values and README, and docs/deploy.md.

    Example:
        >>> sorted(path.name for path in generated())
        ['README.md', 'README.md', 'deploy.md', 'install-course.sh', 'values.yaml']
    """
    sizing = load_sizing() if sizing is None else sizing
    repository = load_course_module().HOME
    result = {}
    for path, expected in TAGGED_FILES.items():
        result[path] = retagged(path.read_text(encoding="utf-8"), sizing, path.relative_to(ROOT), expected)
    result[Z2JH_VALUES] = with_default_url(result[Z2JH_VALUES], repository, Z2JH_VALUES.relative_to(ROOT))
    for path in (TLJH_README, Z2JH_README):
        text = result.get(path, path.read_text(encoding="utf-8"))
        result[path] = replace_block(text, "nbgitpuller-link", example_link_block(repository), path.relative_to(ROOT))
    result[DEPLOY_DOC] = replace_block(DEPLOY_DOC.read_text(encoding="utf-8"), "sizing", sizing_table(sizing),
                                       DEPLOY_DOC.relative_to(ROOT))
    return result


def out_of_date(write: bool) -> list[str]:
    """Return the recipes that differ from what `generated()` writes (and rewrite them if `write`).

    Example:
        >>> out_of_date(write=False)
        []
    """
    stale = []
    for path, text in generated().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(str(path.relative_to(ROOT)))
            if write:
                path.write_text(text, encoding="utf-8")
    return stale


def git_show(git_dir: Path, tag: str, path: str) -> bytes:
    """Return a file of `git_dir` (a bare mirror or a clone's .git) at `tag`."""
    return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{tag}:{path}"], check=True,
                          capture_output=True).stdout


def checked_tag(git_dir: Path, tag: str, commit: str) -> None:
    """Raise ValueError unless `tag` of `git_dir` is the pinned `commit` (a moved tag would vendor something else)."""
    found = subprocess.run(["git", "--git-dir", str(git_dir), "rev-parse", f"{tag}^{{commit}}"], capture_output=True,
                           text=True).stdout.strip()
    if found != commit:
        raise ValueError(f"{git_dir}: tag {tag} is {found or 'missing'}, the recipes pin {commit}. Expected a copy of "
                         f"the project with that release; fetch it, or update the version and commit in "
                         f"scripts/deploy_recipes.py on purpose.")


def sha256(path: Path) -> str:
    """The hex sha256 of a file (deploy/*/SOURCE.md lists those of the vendored files)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(tljh_git: Path, z2jh_git: Path) -> list[Path]:
    """Write the vendored schemas, licences and SOURCE.md notes again from git copies of TLJH and z2jh.

    TLJH's schema is the Python dict of tljh/config_schema.py, written as JSON. z2jh's is what the chart's own
    tools/generate-json-schema.py writes from jupyterhub/values.schema.yaml (the script runs here, unchanged,
    in a scratch copy of the two files); the chart's default values.yaml comes beside it, since Helm validates
    the defaults merged with the teacher's values.

    Args:
        tljh_git: the git directory of jupyterhub/the-littlest-jupyterhub.
        z2jh_git: the git directory of jupyterhub/zero-to-jupyterhub-k8s.

    Returns:
        The files written.

    Raises:
        ValueError: if a pinned tag is missing or points to another commit.
    """
    checked_tag(tljh_git, TLJH_VERSION, TLJH_COMMIT)
    checked_tag(z2jh_git, Z2JH_CHART_VERSION, Z2JH_COMMIT)
    tljh, z2jh = DEPLOY / "tljh", DEPLOY / "z2jh"
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "config_schema.py").write_bytes(git_show(tljh_git, TLJH_VERSION, "tljh/config_schema.py"))
        schema = runpy.run_path(str(scratch / "config_schema.py"))["config_schema"]
        (tljh / "config-schema.json").write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        for folder in ("tools", "jupyterhub"):
            (scratch / folder).mkdir()
        for name in ("tools/generate-json-schema.py", "jupyterhub/values.schema.yaml", "jupyterhub/values.yaml"):
            (scratch / name).write_bytes(git_show(z2jh_git, Z2JH_CHART_VERSION, name))
        subprocess.run([sys.executable, str(scratch / "tools" / "generate-json-schema.py")], check=True,
                       capture_output=True)
        shutil.copyfile(scratch / "jupyterhub" / "values.schema.json", z2jh / "values.schema.json")
        shutil.copyfile(scratch / "jupyterhub" / "values.yaml", z2jh / "chart-values.yaml")
    (tljh / "LICENSE-the-littlest-jupyterhub").write_bytes(git_show(tljh_git, TLJH_VERSION, "LICENSE"))
    (z2jh / "LICENSE-zero-to-jupyterhub-k8s").write_bytes(git_show(z2jh_git, Z2JH_CHART_VERSION, "LICENSE"))
    (tljh / "SOURCE.md").write_text(source_note(
        f"The Littlest JupyterHub {TLJH_VERSION}",
        f"https://github.com/jupyterhub/the-littlest-jupyterhub, tag `{TLJH_VERSION}`, commit `{TLJH_COMMIT}`",
        [("config-schema.json", "`tljh/config_schema.py` (the dict `config_schema`, which `tljh-config` validates "
                                "every change against), written as JSON with `json.dumps(schema, indent=2)`"),
         ("LICENSE-the-littlest-jupyterhub", "`LICENSE` (BSD 3-Clause)")], tljh,
        ["Two things of this release the recipes allow for: its top-level `\"additionalProperties\": false` sits inside "
         "`properties`, where it names a property instead of forbidding unknown keys (so tljh-config would accept "
         "a misspelled top-level key: tests/test_deploy.py walks every key through `properties` itself); and it "
         "types `limits.cpu` as an integer (TLJH's main branch, unreleased, takes any number), so the CPU limit "
         "is a whole number of cores."]), encoding="utf-8")
    (z2jh / "SOURCE.md").write_text(source_note(
        f"the Zero to JupyterHub Helm chart {Z2JH_CHART_VERSION}",
        f"https://github.com/jupyterhub/zero-to-jupyterhub-k8s, tag `{Z2JH_CHART_VERSION}`, commit `{Z2JH_COMMIT}`",
        [("values.schema.json", "`jupyterhub/values.schema.yaml` turned into JSON by the chart's own "
                                "`tools/generate-json-schema.py` (run unchanged: `description` keys dropped, "
                                "`json.dump` on one line), as the chart's release packages it"),
         ("chart-values.yaml", "`jupyterhub/values.yaml`, the chart's defaults, which Helm merges with "
                               "`values.yaml` before validating (image tags read `set-by-chartpress` in git)"),
         ("LICENSE-zero-to-jupyterhub-k8s", "`LICENSE` (BSD 3-Clause, followed in the same file by the Apache 2.0 "
                                            "licence of the project it grew from)")], z2jh,
        ["The published chart's tarball (https://hub.jupyter.org/helm-chart/) could not be downloaded where this was "
         "written, so `values.schema.json` was generated from the tag as its release workflow does, not copied from "
         "the tarball. `helm template` with the chart itself (deploy/z2jh/README.md) validates against the shipped "
         "file."]), encoding="utf-8")
    return [tljh / "config-schema.json", z2jh / "values.schema.json", z2jh / "chart-values.yaml",
            tljh / "LICENSE-the-littlest-jupyterhub", z2jh / "LICENSE-zero-to-jupyterhub-k8s",
            tljh / "SOURCE.md", z2jh / "SOURCE.md"]


def source_note(project: str, origin: str, files: list[tuple[str, str]], folder: Path, notes: list[str]) -> str:
    """The SOURCE.md of a folder of vendored files: where each came from, its sha256, and notes."""
    lines = [f"# Vendored from {project}", "",
             "Written by `python3 scripts/deploy_recipes.py vendor --tljh-git DIR --z2jh-git DIR`; do not edit by "
             "hand. The recipes beside these files are checked against them (tests/test_deploy.py).", "",
             f"Source: {origin}.", "", "| file | from | sha256 |", "|---|---|---|"]
    lines += [f"| `{name}` | {origin_text} | `{sha256(folder / name)}` |" for name, origin_text in files]
    for note in notes:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Rewrite the recipes, check them (`--check`), or vendor the schemas (`vendor --tljh-git DIR --z2jh-git DIR`)."""
    if argv[:1] == ["vendor"]:
        options = dict(zip(argv[1::2], argv[2::2]))
        if set(options) != {"--tljh-git", "--z2jh-git"} or len(argv) != 5:
            print("Usage: python3 scripts/deploy_recipes.py vendor --tljh-git DIR --z2jh-git DIR (git directories "
                  "of jupyterhub/the-littlest-jupyterhub and jupyterhub/zero-to-jupyterhub-k8s)", file=sys.stderr)
            return 2
        for path in vendor(Path(options["--tljh-git"]), Path(options["--z2jh-git"])):
            print(f"deploy_recipes: wrote {path.relative_to(ROOT)}")
        return 0
    unknown = [arg for arg in argv if arg != "--check"]
    if unknown:
        print(f"deploy_recipes: unknown argument(s) {unknown}. Expected nothing, --check, or vendor ...; see "
              f"the docstring of scripts/deploy_recipes.py.", file=sys.stderr)
        return 2
    check = "--check" in argv
    stale = out_of_date(write=not check)
    for name in stale:
        print(f"deploy_recipes: {name} {'differs from deploy/sizing.json' if check else 'rewritten'}")
    if check and stale:
        print("Run `python3 scripts/deploy_recipes.py` to write them.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
