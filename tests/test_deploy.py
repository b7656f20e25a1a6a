"""The deployment recipes for a class on JupyterHub (deploy/, docs/deploy.md), checked statically, in seconds.

Neither recipe can be deployed here (TLJH needs systemd as PID 1, z2jh a Kubernetes cluster and an image build),
so what can be checked without them is checked:

- TLJH: every `tljh-config set` / `add-item` of the script and the README names a key of TLJH 2.0.0's config
  schema (deploy/tljh/config-schema.json), with a value of the right type once parsed as `tljh-config` parses it;
  the config they build passes the schema; wrong keys and values are caught;
- z2jh: values.yaml, merged with the chart's defaults as Helm merges them, passes the chart 4.4.0's
  values.schema.json, and values with a misspelled key or a wrong type fail it;
- the script is valid bash, rejects bad arguments with a sentence, and prints the generator's nbgitpuller link;
- every number equals deploy/sizing.json's and the committed recipes equal what scripts/deploy_recipes.py writes;
- the vendored files are those SOURCE.md describes, and the documents name the versions checked against.
"""

import copy
import doctest
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import deploy_recipes as recipes  # noqa: E402

DEPLOY = ROOT / "deploy"
SCRIPT = DEPLOY / "tljh" / "install-course.sh"
TLJH_README = DEPLOY / "tljh" / "README.md"
Z2JH_README = DEPLOY / "z2jh" / "README.md"
VALUES = DEPLOY / "z2jh" / "values.yaml"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
TLJH_SCHEMA = json.loads((DEPLOY / "tljh" / "config-schema.json").read_text(encoding="utf-8"))
Z2JH_SCHEMA = json.loads((DEPLOY / "z2jh" / "values.schema.json").read_text(encoding="utf-8"))
CHART_DEFAULTS = yaml.safe_load((DEPLOY / "z2jh" / "chart-values.yaml").read_text(encoding="utf-8"))
SIZING = recipes.load_sizing()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------------
# TLJH: the tljh-config commands against TLJH 2.0.0's schema


def tljh_parse_value(text: str):
    """What `tljh-config` makes of a value on its command line (tljh/config.py `parse_value`, TLJH 2.0.0)."""
    if re.match(r"^\d+$", text):
        return int(text)
    if re.match(r"^\d+\.\d*$", text):
        return float(text)
    if text.lower() == "true":
        return True
    if text.lower() == "false":
        return False
    return text


def code_lines(path: Path) -> list[str]:
    """The lines a teacher runs: all of a shell script, the fenced code blocks of a Markdown file."""
    lines = read(path).splitlines()
    if path.suffix != ".md":
        return lines
    inside, code = False, []
    for line in lines:
        if line.startswith("```"):
            inside = not inside
        elif inside:
            code.append(line)
    return code


def tljh_commands(path: Path) -> list[tuple[str, str, str]]:
    """Every `tljh-config set|add-item KEY VALUE` of `path`, as (action, key, value)."""
    commands = []
    for line in code_lines(path):
        if "tljh-config" not in line or line.lstrip().startswith("#"):
            continue
        words = shlex.split(line, comments=True)
        if "tljh-config" not in words:
            continue
        arguments = words[words.index("tljh-config") + 1:]
        if arguments and arguments[0] in ("set", "add-item"):
            assert len(arguments) == 3, f"{path.name}: {line!r} is not 'tljh-config {arguments[0]} KEY VALUE'"
            commands.append(tuple(arguments))
    return commands


def resolved(schema: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        node = schema["definitions"][node["$ref"].split("/")[-1]]
    return node


def tljh_problem(action: str, key: str, raw_value: str) -> str | None:
    """Why TLJH 2.0.0 would not take `tljh-config ACTION KEY VALUE`, or None if it would.

    Each part of the key must be a property the schema declares (TLJH 2.0.0's top level misplaces its
    `additionalProperties: false`, so its own validation would let an unknown top-level key through)."""
    if "$" in raw_value or "$" in key:
        return f"{key} {raw_value}: a shell variable cannot be checked statically; write the value"
    node = TLJH_SCHEMA
    for part in key.split("."):
        properties = resolved(TLJH_SCHEMA, node).get("properties", {})
        if not isinstance(properties.get(part), dict):
            known = sorted(name for name, value in properties.items() if isinstance(value, dict))
            return f"{key}: '{part}' is not a key TLJH {recipes.TLJH_VERSION} knows here (known: {known})"
        node = properties[part]
    node = resolved(TLJH_SCHEMA, node)
    if action == "add-item":
        if node.get("type") != "array":
            return f"{key} is not a list: add-item needs one"
        node = node.get("items", {})
    try:
        jsonschema.validate(tljh_parse_value(raw_value), node, cls=jsonschema.Draft7Validator)
    except jsonschema.ValidationError as error:
        return f"{key} {raw_value!r}: {error.message}"
    return None


def tljh_config_after(commands) -> dict:
    """The config.yaml the commands leave on a fresh TLJH (as tljh-config's set and add-item write it)."""
    config: dict = {}
    for action, key, raw_value in commands:
        *parents, last = key.split(".")
        node = config
        for part in parents:
            node = node.setdefault(part, {})
        if action == "set":
            node[last] = tljh_parse_value(raw_value)
        else:
            node.setdefault(last, []).append(tljh_parse_value(raw_value))
    return config


TLJH_FILES = [SCRIPT, TLJH_README, DEPLOY_DOC]
ALL_TLJH_COMMANDS = [(path.name, *command) for path in TLJH_FILES for command in tljh_commands(path)]


def test_the_script_and_readme_set_every_tljh_key_the_course_needs():
    wanted = {recipes.SETTINGS[name].tljh_key for name in recipes.TLJH_NAMES} | {
        "services.cull.enabled", "user_environment.default_app"}
    for path in (SCRIPT, TLJH_README):
        keys = {key for action, key, _ in tljh_commands(path) if action == "set"}
        assert wanted <= keys, f"{path.relative_to(ROOT)} does not set {sorted(wanted - keys)}"
    assert ("set", "user_environment.default_app", "jupyterlab") in tljh_commands(SCRIPT)
    assert ("set", "services.cull.enabled", "true") in tljh_commands(SCRIPT)


@pytest.mark.parametrize("where, action, key, value", ALL_TLJH_COMMANDS,
                         ids=[f"{w}:{k}" for w, _, k, _ in ALL_TLJH_COMMANDS])
def test_every_tljh_config_command_names_a_schema_key_with_a_value_of_its_type(where, action, key, value):
    assert tljh_problem(action, key, value) is None, f"{where}: {tljh_problem(action, key, value)}"


def test_the_config_the_commands_build_passes_tljhs_schema():
    for path in (SCRIPT, TLJH_README):
        jsonschema.validate(tljh_config_after(tljh_commands(path)), TLJH_SCHEMA, cls=jsonschema.Draft7Validator)


@pytest.mark.parametrize("action, key, value", [
    ("set", "limits.memroy", "2G"),                 # misspelled key
    ("set", "limit.memory", "2G"),                  # unknown top-level key (TLJH 2.0.0's own check misses it)
    ("set", "limits.cpu", "0.5"),                   # TLJH 2.0.0 types limits.cpu as an integer
    ("set", "services.cull.timeout", "1h"),         # not a number of seconds
    ("set", "services.cull.maxage", "0"),           # the key is max_age
    ("set", "user_environment.default_app", "notebook"),  # jupyterlab or classic
    ("set", "limits.memory", "$MEMORY"),            # cannot be checked statically
    ("add-item", "limits.memory", "2G"),            # not a list
])
def test_the_tljh_check_rejects_wrong_keys_and_values(action, key, value):
    assert tljh_problem(action, key, value) is not None


def test_tljh_numbers_equal_sizing_json():
    for path in (SCRIPT, TLJH_README):
        config = tljh_config_after(tljh_commands(path))
        for name in recipes.TLJH_NAMES:
            node = config
            for part in recipes.SETTINGS[name].tljh_key.split("."):
                node = node[part]
            assert node == SIZING[name]["value"], f"{path.relative_to(ROOT)}: {name} is {node!r}"


# ---------------------------------------------------------------------------------------------------------------
# The TLJH script


def test_the_script_is_valid_bash_with_strict_mode():
    result = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    code = [line for line in read(SCRIPT).splitlines() if line.strip() and not line.startswith("#")]
    assert code[0] == "set -euo pipefail", "the script's first command must be set -euo pipefail"
    assert read(SCRIPT).startswith("#!/usr/bin/env bash\n")
    commands = [line.split("#")[0].strip() for line in read(SCRIPT).splitlines()]
    last_set = max(i for i, line in enumerate(commands) if line.startswith("tljh-config set"))
    assert "tljh-config reload hub" in commands[last_set:], "tljh-config reload must follow the last set"
    for needed in ('"$USER_ENV/bin/pip" install', '"$USER_ENV/bin/python" -m transferkit_lab', "USER_ENV=/opt/tljh/user"):
        assert needed in read(SCRIPT), needed


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_the_script_passes_shellcheck():
    result = subprocess.run(["shellcheck", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def run_script(*arguments, **environment):
    """Run the script with `environment` in place of any TRANSFERKIT_* variables of this shell."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("TRANSFERKIT_")}
    return subprocess.run(["bash", str(SCRIPT), *arguments], capture_output=True, text=True,
                          env={**clean, **environment}, timeout=30)


# Each of these stops at the argument checks, before anything that needs root or TLJH.
@pytest.mark.parametrize("arguments, said", [
    ((), "no hub address"),
    (("hub.example.edu", "https://github.com/me/tl"), "does not start with http:// or https://"),
    (("https://hub.example.edu/hub/", "https://github.com/me/tl"), "e.g. https://hub.example.edu;"),
    (("https://hub.example.edu",), "no repository"),
    (("https://hub.example.edu", "github.com/me/tl"), "is not a git URL"),
    (("https://hub.example.edu", "https://github.com/me/tl", "main", "extra"), "Expected at most three"),
])
def test_the_script_rejects_bad_arguments_with_a_sentence(arguments, said):
    result = run_script("--print-link", *arguments)
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert "Expected" in result.stderr and result.stdout == ""


def test_the_script_prints_the_generators_link():
    for hub, repository in [("https://hub.example.edu/", recipes.load_course_module().HOME),
                            ("http://203.0.113.7", "git@example.org:me/my-course.git")]:
        result = run_script("--print-link", hub, repository)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == recipes.nbgitpuller_url(hub, repository)
    from_environment = run_script("--print-link", TRANSFERKIT_HUB_URL="https://hub.example.edu",
                                  TRANSFERKIT_REPOSITORY_URL="https://github.com/me/tl")
    assert from_environment.stdout.strip() == recipes.nbgitpuller_url("https://hub.example.edu", "https://github.com/me/tl")


def test_the_link_has_nbgitpullers_format():
    """nbgitpuller 1.3.0's link generator: HUB/hub/user-redirect/git-pull?repo=..&urlpath=..&branch=.. (+ targetPath)."""
    home = recipes.load_course_module().HOME
    url = urllib.parse.urlsplit(recipes.nbgitpuller_url("https://hub.example.edu", home))
    assert (url.scheme, url.netloc, url.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    query = urllib.parse.parse_qs(url.query)
    assert query == {"repo": [home], "urlpath": ["lab/tree/transferkit/notebooks/00_welcome.ipynb"],
                     "branch": ["student"], "targetPath": ["transferkit"]}
    assert (ROOT / query["urlpath"][0].removeprefix("lab/tree/transferkit/")).exists()
    default_url = recipes.nbgitpuller_default_url(home)
    assert default_url == f"/git-pull?{url.query}"
    assert "{" not in default_url and "}" not in default_url, "JupyterHub formats default_url with str.format"
    assert "%U" not in default_url, "JupyterHub 5 still rewrites %U in default_url to {username}"


# ---------------------------------------------------------------------------------------------------------------
# z2jh: values.yaml against the chart 4.4.0's schema


def helm_merged(defaults, overrides):
    """The values Helm validates: the chart's defaults with the user's merged in (maps merge, null removes a key)."""
    if not (isinstance(defaults, dict) and isinstance(overrides, dict)):
        return copy.deepcopy(overrides)
    merged = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = helm_merged(defaults.get(key), value)
    return merged


def schema_errors(values) -> list[str]:
    validator = jsonschema.Draft7Validator(Z2JH_SCHEMA)
    return [f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(helm_merged(CHART_DEFAULTS, values))]


def values() -> dict:
    return yaml.safe_load(read(VALUES))


def test_the_chart_defaults_alone_pass_the_schema():
    assert schema_errors({}) == []


def test_values_yaml_passes_the_charts_schema():
    assert schema_errors(values()) == []


@pytest.mark.parametrize("path, value, said", [
    (("singleuser", "memory", "limt"), "2G", "'limt' was unexpected"),       # misspelled key
    (("singelUser", "memory", "limit"), "2G", "'singelUser' was unexpected"),  # misspelled top-level key
    (("singleuser", "cpu", "limit"), "2", "is not of type 'number', 'null'"),  # a string where a number goes
    (("cull", "timeout"), "1h", "is not of type 'integer', 'null'"),
    (("singleuser", "storage", "type"), "persistent", "is not one of"),
    (("singleuser", "image", "tag"), 1, "is not of type 'string'"),              # an unquoted numeric tag
])
def test_a_wrong_values_file_fails_the_schema(path, value, said):
    wrong = values()
    node = wrong
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    errors = schema_errors(wrong)
    assert errors and any(said in error for error in errors), errors


def test_z2jh_numbers_equal_sizing_json():
    for name, setting in recipes.SETTINGS.items():
        node = values()
        for part in setting.z2jh_path:
            node = node[part]
        assert node == SIZING[name]["value"], f"values.yaml {'.'.join(setting.z2jh_path)} is {node!r}"


def test_values_yaml_starts_every_server_at_the_nbgitpuller_link_with_a_volume_per_student():
    singleuser = values()["singleuser"]
    assert singleuser["defaultUrl"] == recipes.nbgitpuller_default_url(recipes.load_course_module().HOME)
    assert "urlpath=lab%2Ftree%2F" in singleuser["defaultUrl"], "JupyterLab must be what opens"
    assert singleuser["storage"]["type"] == "dynamic" and singleuser["storage"]["homeMountPath"] == "/home/jovyan"
    assert values()["cull"]["enabled"] is True


def test_the_z2jh_readme_builds_the_image_values_yaml_names():
    text = read(Z2JH_README)
    build = re.search(r"jupyter-repo2docker .*?\n  \.\n", text, re.S)
    assert build, "deploy/z2jh/README.md needs the jupyter-repo2docker command"
    command = shlex.split(build.group(0).replace("\\\n", " "))
    for option in ("--no-run", "--user-id", "--user-name", "--image-name", "--appendix"):
        assert option in command, option
    assert command[command.index("--user-id") + 1] == str(CHART_DEFAULTS["singleuser"]["uid"])
    assert command[command.index("--user-name") + 1] == "jovyan"
    appendix = command[command.index("--appendix") + 1]
    assert appendix.startswith("RUN ") and "--force-reinstall ." in appendix and "nbgitpuller>=" in appendix
    image = values()["singleuser"]["image"]
    reference = f"{image['name']}:{image['tag']}"
    assert command[command.index("--image-name") + 1] == reference
    assert f"docker push {reference}" in text


# ---------------------------------------------------------------------------------------------------------------
# The generator and deploy/sizing.json


def test_the_committed_recipes_equal_what_the_generator_writes():
    assert recipes.out_of_date(write=False) == [], "run `python3 scripts/deploy_recipes.py`"


def test_changing_sizing_json_changes_every_recipe():
    changed = copy.deepcopy(SIZING)
    changed["memory_limit"] = {"value": "3G", "measured": "a new measurement"}
    written = recipes.generated(changed)
    line = "3G  # sizing:memory_limit: a new measurement"
    assert f"tljh-config set limits.memory {line}" in written[SCRIPT]
    assert f"tljh-config set limits.memory {line}" in written[TLJH_README]
    assert f"    limit: {line}" in written[VALUES]
    assert "| **3G** (memory_limit) |" in written[DEPLOY_DOC]
    assert "2G  # sizing:memory_limit" not in written[SCRIPT] + written[VALUES]


def test_every_number_of_the_recipes_carries_its_sizing_tag():
    for line in read(VALUES).splitlines():
        if re.match(r"^\s+(guarantee|limit|capacity|timeout|every|maxAge):", line):
            assert "# sizing:" in line, f"values.yaml: {line!r} has no sizing tag"
    for path in (SCRIPT, TLJH_README):
        for line in code_lines(path):
            if re.search(r"tljh-config set \S+ (\d|\S+[KMGT]\b)", line):
                assert "# sizing:" in line, f"{path.name}: {line!r} has no sizing tag"


def good_sizing() -> dict:
    return json.loads(read(recipes.SIZING_FILE))


@pytest.mark.parametrize("name, entry", [
    ("memory_limit", {"value": "2GB", "measured": "x"}),        # JupyterHub reads K, M, G, T
    ("memory_limit", {"value": "512M", "measured": "x"}),       # below the guarantee
    ("cpu_limit", {"value": 1.5, "measured": "x"}),             # TLJH 2.0.0 takes whole cores
    ("cpu_guarantee", {"value": "0.5", "measured": "x"}),       # a string
    ("cull_timeout", {"value": 0, "measured": "x"}),
    ("storage_capacity", {"value": "2G", "measured": "x"}),     # Kubernetes wants Gi
    ("memory_guarantee", {"value": "1G"}),                      # no measurement
    ("memory_guarantee", {"value": "1G", "measured": " "}),
    ("cpu_limit", {"value": 2, "measured": "a | b"}),           # breaks the table
    ("gpu_limit", {"value": 1, "measured": "x"}),               # unknown name
])
def test_the_generator_rejects_bad_sizing_with_what_expected_and_fix(name, entry):
    data = good_sizing()
    data["values"][name] = entry
    with pytest.raises(ValueError) as error:
        recipes.checked_sizing(data)
    message = str(error.value)
    assert "Expected" in message and "fix" in message.lower() and name in message, message


def test_the_generator_rejects_unknown_and_missing_tags():
    with pytest.raises(ValueError, match="Expected one of"):
        recipes.retagged("limit: 2G  # sizing:memory_limitt: x", SIZING, Path("v.yaml"), [])
    with pytest.raises(ValueError, match="has no line tagged # sizing:cpu_limit"):
        recipes.retagged("limit: 2G  # sizing:memory_limit: x", SIZING, Path("v.yaml"), ["cpu_limit"])
    with pytest.raises(ValueError, match="Expected the value just before the tag"):
        recipes.retagged("limit: 2G # sizing:", SIZING, Path("v.yaml"), [])


def test_the_generators_examples_hold():
    result = doctest.testmod(recipes, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 10


# ---------------------------------------------------------------------------------------------------------------
# Vendored files and documents


@pytest.mark.parametrize("folder, version, commit", [
    ("tljh", recipes.TLJH_VERSION, recipes.TLJH_COMMIT), ("z2jh", recipes.Z2JH_CHART_VERSION, recipes.Z2JH_COMMIT)])
def test_the_vendored_files_are_those_source_md_describes(folder, version, commit):
    note = read(DEPLOY / folder / "SOURCE.md")
    assert f"tag `{version}`, commit `{commit}`" in note
    listed = re.findall(r"^\| `([^`]+)` \| .* \| `([0-9a-f]{64})` \|$", note, re.M)
    assert len(listed) >= 2
    for name, digest in listed:
        assert hashlib.sha256((DEPLOY / folder / name).read_bytes()).hexdigest() == digest, name
    licence = next(name for name, _ in listed if name.startswith("LICENSE"))
    assert "BSD 3-Clause License" in read(DEPLOY / folder / licence)


def test_the_documents_name_the_versions_checked_against():
    tljh = (recipes.TLJH_VERSION, recipes.TLJH_COMMIT)
    z2jh = (recipes.Z2JH_CHART_VERSION, recipes.Z2JH_COMMIT)
    for path, pins in [(DEPLOY_DOC, tljh + z2jh), (TLJH_README, tljh), (Z2JH_README, z2jh)]:
        for pin in pins:
            assert pin in read(path), f"{path.relative_to(ROOT)} does not name {pin}"
    assert f"--version {recipes.TLJH_VERSION}" in read(TLJH_README)  # the bootstrap installs that release
    helm = [line for line in code_lines(Z2JH_README) if line.strip().startswith(("helm upgrade", "helm template"))]
    assert len(helm) == 2
    assert len(re.findall(rf"--version {re.escape(recipes.Z2JH_CHART_VERSION)}\b", read(Z2JH_README))) >= 2
    assert f"chart {recipes.Z2JH_CHART_VERSION} (commit {recipes.Z2JH_COMMIT[:7]})" in read(VALUES)
    assert f"nbgitpuller {recipes.NBGITPULLER_VERSION}" in read(TLJH_README) + read(SCRIPT)
    assert f"nbgitpuller {recipes.NBGITPULLER_VERSION}, commit `{recipes.NBGITPULLER_COMMIT}`" in " ".join(
        read(DEPLOY_DOC).split())


def test_docs_say_what_is_checked_and_what_is_deployed():
    text = " ".join(read(DEPLOY_DOC).split())
    assert ("these two recipes are checked statically (schema, commands, versions), not deployed here: TLJH needs "
            "systemd as PID 1 and z2jh needs Kubernetes and an image build; the local hub (`python3 course.py hub`) "
            "is what is deployed and tested") in text.replace("**", "").replace("These", "these")
    chinese = read(DEPLOY_DOC).split("## 简体中文", 1)
    assert len(chinese) == 2 and "第 0 章" in chinese[1] and "python3 course.py hub" in chinese[1]
    for path in [DEPLOY_DOC, TLJH_README, Z2JH_README, SCRIPT, VALUES]:
        assert "../shared" not in read(path)


def test_the_teachers_sizing_tables_are_the_class_benchmarks():
    """docs/instructors.md's sizing (English and Chinese) is what scripts/class_bench.py derives from the class table."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import class_bench

    english, chinese = class_bench.sizing_tables(class_bench.sizing(class_bench.read_class_table()))
    text = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    assert english in text and chinese in text, "run `python3 scripts/class_bench.py --write-sizing`"


def test_sizing_needs_a_class_that_passed():
    sys.path.insert(0, str(ROOT / "scripts"))
    import class_bench

    with pytest.raises(ValueError, match="no class of more than one student passed"):
        class_bench.sizing([{"size": 1, "window": 0.0, "peak_student_mb": 1000.0, "cpu": 90.0, "passed": True},
                            {"size": 8, "window": 300.0, "peak_student_mb": 1100.0, "cpu": 95.0, "passed": False}])
