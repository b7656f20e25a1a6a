"""JupyterHub's configuration for a class on one machine: `python3 course.py hub` starts it (see docs/hub.md).

Each student signs up (the teacher approves them at /hub/authorize), runs as a Unix user of their own with a
private home (hub/classroom.py), and gets the course in that home by nbgitpuller from the student copy of
the repository (no masters, solutions or wrong-answer lists). The idle culler stops idle servers and the
memory watchdog (hub/memory_watchdog.py) ends a kernel whose student goes over the memory limit.
`course.py hub` sets the TRANSFERKIT_HUB_* variables below; every number's default comes from
deploy/sizing.json, where each says which measurement it comes from.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SIZING = {key: entry["value"] for key, entry in json.loads((HERE.parent / "deploy" / "sizing.json").read_text())["values"].items()} \
    if (HERE.parent / "deploy" / "sizing.json").exists() else {}


def setting(name, default):
    return os.environ.get(f"TRANSFERKIT_HUB_{name}", default)


c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)
state = Path(setting("STATE", HERE.parent / ".hub" / "state"))
student_env = Path(setting("ENV", HERE.parent / ".hub" / "env"))
python = str(student_env / "bin" / "python")

# Where it listens, and its own state (the database, the cookie secret): private to root, reused on restart.
c.JupyterHub.bind_url = f"http://{setting('IP', '127.0.0.1')}:{setting('PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(setting("HUB_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [setting("PROXY", str(HERE.parent / ".hub" / "node" / "node_modules" / ".bin"
                                                        / "configurable-http-proxy"))]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.auth_token = (state / "proxy_auth_token").read_text().strip()
# A hub restarted mid-class leaves the proxy and the students' servers running and finds them again.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
c.JupyterHub.last_activity_interval = int(setting("ACTIVITY_INTERVAL", "300"))

# Sign-up with the teacher's approval: the teacher signs up as the admin user, then approves at /hub/authorize.
c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 8
c.NativeAuthenticator.check_common_password = True
c.Authenticator.allow_all = True  # every user NativeAuthenticator lets log in: the approved ones
c.Authenticator.admin_users = {setting("ADMIN", "teacher")}
from classroom import USERNAME_PATTERN  # noqa: E402

c.Authenticator.username_pattern = USERNAME_PATTERN

# A Unix user per student (tk-<name>), private home, the course's environment, JupyterLab.
c.JupyterHub.spawner_class = "classroom.CourseSpawner"
c.Spawner.cmd = [python, "-m", "jupyterhub.singleuser"]
course = setting("COURSE", str(HERE.parent / ".hub" / "course.git"))  # the student copy nbgitpuller pulls
c.Spawner.default_url = "/git-pull?" + urlencode({
    "repo": course, "branch": "student",
    "targetpath": "transferkit", "urlpath": "lab/tree/transferkit/notebooks/00_welcome.ipynb"})
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# What the memory indicator shows; the watchdog below enforces it (LocalProcessSpawner does not).
c.Spawner.mem_limit = setting("MEMORY_LIMIT", SIZING.get("memory_limit", "2G"))
c.Spawner.environment = {
    "PATH": f"{student_env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "JUPYTERHUB_ACTIVITY_INTERVAL": setting("ACTIVITY_INTERVAL", "300"),
    "TF_CPP_MIN_LOG_LEVEL": "2",
}
# The student copy on this machine belongs to root, and git reads another user's repository only if its system
# or global configuration says so (git 2.39 ignores it elsewhere): a system file course.py writes beside it.
if os.path.isabs(course):
    c.Spawner.environment["GIT_CONFIG_SYSTEM"] = course + ".gitconfig"

# Services: the idle culler (stops servers idle for the timeout; their files stay) and the memory watchdog.
cull_timeout, cull_every = setting("CULL_TIMEOUT", str(SIZING.get("cull_timeout", 3600))), setting("CULL_EVERY", str(SIZING.get("cull_every", 600)))
c.JupyterHub.services = [
    {"name": "idle-culler",
     "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull_timeout}",
                 f"--cull-every={cull_every}"]},
    {"name": "memory-watchdog",
     "command": [sys.executable, str(HERE / "memory_watchdog.py"), f"--limit={c.Spawner.mem_limit}",
                 f"--prefix={setting('USER_PREFIX', 'tk-')}", f"--log={state / 'memory-watchdog.log'}"]},
]
c.JupyterHub.load_roles = [
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]
