#!/usr/bin/env bash
# Install the transferkit course on a machine running The Littlest JupyterHub (TLJH 2.0.0), as root,
# after TLJH's bootstrap (deploy/tljh/README.md gives every command):
#
#   sudo bash deploy/tljh/install-course.sh HUB_URL REPOSITORY_URL [REF]
#
#   HUB_URL         the address students open, e.g. https://hub.example.edu (or http://203.0.113.7 without HTTPS)
#   REPOSITORY_URL  the git URL of your copy of the course, e.g. https://github.com/transferkit/transferkit
#                   (a placeholder: put your fork's address). Its branch `student`, which
#                   `python3 course.py student-copy` makes, is what students get.
#   REF             the tag or branch whose transferkit package is installed (default: main)
#
# The environment variables TRANSFERKIT_HUB_URL, TRANSFERKIT_REPOSITORY_URL and TRANSFERKIT_REF may stand
# in for the arguments. `bash install-course.sh --print-link HUB_URL REPOSITORY_URL` only prints the link
# (no root, nothing installed).
#
# What it does, in order:
#   1. clones REPOSITORY_URL at REF and installs the course (transferkit, TensorFlow, JupyterLab, ...) and
#      nbgitpuller into TLJH's user environment, /opt/tljh/user, with its pip;
#   2. installs the course's lab settings there (`python -m transferkit_lab`: one kernel at a time, quiet
#      TensorFlow, no calls home), as Binder's postBuild and `python3 course.py lab` do;
#   3. sets each student's memory and CPU limits, the idle culler and JupyterLab as the default app with
#      tljh-config (the numbers come from deploy/sizing.json: scripts/deploy_recipes.py writes them below),
#      then reloads the hub;
#   4. prints the nbgitpuller link that puts the course into each student's home and opens chapter 00.
# Running it again installs REF again and sets the same values: it is safe to repeat.
set -euo pipefail

USER_ENV=/opt/tljh/user          # TLJH's user environment: every student's server and kernel run its Python
STUDENT_BRANCH=student           # the student copy of the course (masters and solutions removed)
FOLDER=transferkit               # the folder nbgitpuller clones into, in each student's home
WELCOME=notebooks/00_welcome.ipynb
PLACEHOLDER_REPOSITORY=https://github.com/transferkit/transferkit
NBGITPULLER='nbgitpuller>=1.2.1,<2'  # TLJH's user environment has it already; named so that it is there

fail() {
  echo "install-course.sh: $*" >&2
  exit 2
}

usage_hint="Usage: sudo bash $0 HUB_URL REPOSITORY_URL [REF], e.g. sudo bash $0 https://hub.example.edu https://github.com/YOUR-ACCOUNT/transferkit main"

print_link_only=false
if [ "${1:-}" = "--print-link" ]; then
  print_link_only=true
  shift
fi
[ $# -le 3 ] || fail "got $# arguments ($*). Expected at most three: HUB_URL REPOSITORY_URL [REF]. $usage_hint"

hub_url=${1:-${TRANSFERKIT_HUB_URL:-}}
repository_url=${2:-${TRANSFERKIT_REPOSITORY_URL:-}}
ref=${3:-${TRANSFERKIT_REF:-main}}

[ -n "$hub_url" ] || fail "no hub address. Expected the address students open (e.g. https://hub.example.edu) as the first argument or in TRANSFERKIT_HUB_URL. $usage_hint"
case "$hub_url" in
  http://*|https://*) ;;
  *) fail "the hub address '$hub_url' does not start with http:// or https://. Expected e.g. https://hub.example.edu or http://203.0.113.7; give the full address." ;;
esac
case "$hub_url" in
  *[[:space:]?#]*) fail "the hub address '$hub_url' has a space, '?' or '#'. Expected only the address, e.g. https://hub.example.edu; remove the rest." ;;
esac
hub_url=${hub_url%/}
case "${hub_url#*://}" in
  */hub|*/hub/*) fail "the hub address '$hub_url' has a /hub path. Expected the address students open, without /hub (the link adds /hub/user-redirect/...), e.g. ${hub_url%%://*}://$(rest=${hub_url#*://}; echo "${rest%%/hub*}"); cut it before /hub." ;;
esac

[ -n "$repository_url" ] || fail "no repository. Expected the git URL of your copy of the course (its branch '$STUDENT_BRANCH' is what students get) as the second argument or in TRANSFERKIT_REPOSITORY_URL. $usage_hint"
case "$repository_url" in
  https://*|http://*|ssh://*|git@*:*|file://*|/*) ;;
  *) fail "the repository '$repository_url' is not a git URL. Expected e.g. https://github.com/YOUR-ACCOUNT/transferkit; give the address you would pass to git clone." ;;
esac
case "$repository_url" in
  *[[:space:]]*) fail "the repository '$repository_url' has a space. Expected one git URL; remove the space." ;;
esac
[ -n "$ref" ] || fail "REF is empty. Expected a tag or branch of $repository_url, e.g. main; give one or leave it out."

# The link nbgitpuller's link generator writes (nbgitpuller 1.3.0, docs/_static/link_gen/link.js): the hub's
# login, then the student's own server, which clones (or pulls and merges) the branch into ~/transferkit and
# opens the welcome notebook in JupyterLab. scripts/deploy_recipes.py builds the same (tests/test_deploy.py).
nbgitpuller_link() {
  python3 - "$1" "$2" "$STUDENT_BRANCH" "$FOLDER" "$WELCOME" <<'PYTHON'
import sys
import urllib.parse

hub, repository, branch, folder, welcome = sys.argv[1:]
query = urllib.parse.urlencode({"repo": repository, "urlpath": f"lab/tree/{folder}/{welcome}",
                                "branch": branch, "targetPath": folder})
print(f"{hub}/hub/user-redirect/git-pull?{query}")
PYTHON
}

command -v python3 >/dev/null || fail "python3 is missing. Expected the system Python TLJH's bootstrap runs with (it writes the link); install it and run this script again."
link=$(nbgitpuller_link "$hub_url" "$repository_url")
if [ "$print_link_only" = true ]; then
  echo "$link"
  exit 0
fi
if [ "$repository_url" = "$PLACEHOLDER_REPOSITORY" ]; then
  echo "install-course.sh: note: $PLACEHOLDER_REPOSITORY is the course's placeholder address; use your own copy, with its '$STUDENT_BRANCH' branch pushed, if that one is not yours." >&2
fi

[ "$(id -u)" -eq 0 ] || fail "must run as root: it installs into $USER_ENV and changes TLJH's configuration. Run it again with sudo: sudo bash $0 $*"
[ -x "$USER_ENV/bin/pip" ] || fail "$USER_ENV/bin/pip is missing: TLJH is not installed on this machine. Expected TLJH's bootstrap to have run first (deploy/tljh/README.md, step 1); run it, then this script again."
command -v tljh-config >/dev/null || fail "tljh-config is not on PATH. Expected /usr/bin/tljh-config, which TLJH's bootstrap makes; run the bootstrap (deploy/tljh/README.md, step 1) first."
command -v git >/dev/null || fail "git is missing. Expected it from TLJH's bootstrap; install it (apt-get install git) and run this script again."

# 1. The course into TLJH's user environment, from a clone at REF.
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
echo "== Cloning $repository_url at $ref"
git clone --quiet --depth 1 --branch "$ref" "$repository_url" "$workdir/transferkit" \
  || fail "could not clone $repository_url at '$ref'. Expected a reachable repository with that tag or branch; check both."
echo "== Installing the course and nbgitpuller into $USER_ENV (a few minutes: TensorFlow is large)"
"$USER_ENV/bin/pip" install --no-cache-dir "$workdir/transferkit" "$NBGITPULLER"

# 2. The course's lab settings, into the same environment.
echo "== Installing the course's lab settings"
"$USER_ENV/bin/python" -m transferkit_lab

# 3. Limits per student, the idle culler, JupyterLab (TLJH 2.0.0's keys; tljh-config checks each against its schema).
echo "== Configuring TLJH"
tljh-config set limits.memory 2G  # sizing:memory_limit: the course's promise, a JupyterLab session of every chapter within 2 GB (measured peak 1068 MB, docs/benchmarks.md); the class benchmark's per-student peak is 1076 MB, so 2G leaves room for a student's own experiment
tljh-config set limits.cpu 2  # sizing:cpu_limit: class benchmark: one student alone runs chapter 04 in 49 s on both cores of the benchmark machine; a class shares them
tljh-config set services.cull.enabled true
tljh-config set services.cull.timeout 3600  # sizing:cull_timeout: a culled server comes back in 8-12 s (class benchmark, 'ready' alone) with every notebook (tests/test_hub.py), so an idle hour costs a returning student seconds; the z2jh chart's default
tljh-config set services.cull.every 600  # sizing:cull_every: provisional: not measured, the culler looks every 10 minutes (the z2jh chart's default)
tljh-config set services.cull.max_age 0  # sizing:cull_max_age: a choice, not a measurement: 0 = no maximum age, an active student is never stopped (TLJH's and z2jh's default)
tljh-config set user_environment.default_app jupyterlab
tljh-config reload hub

# 4. The link for the students.
echo
echo "The course is installed. Send your students this link (it logs them in, puts the course into"
echo "the folder $FOLDER of their home from the '$STUDENT_BRANCH' branch, and opens chapter 00; clicking it again pulls your updates):"
echo
echo "  $link"
echo
echo "Servers that were running keep the old settings until they restart (Hub Control Panel > Stop My Server)."
