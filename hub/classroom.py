"""The classroom hub's pieces that JupyterHub does not have: a Unix user per student, made on first start.

JupyterHub's `LocalProcessSpawner` runs each student's server as the Unix user named like the student, and
expects that user to exist; The Littlest JupyterHub makes it on first start, with a prefix so that a student
called `root` is never the system's root. This module does the same for the course's local hub: a student
`amy` runs as the Unix user `tk-amy`, whose home (`/home/tk-amy`) only that user can open (Debian's `useradd -m`
makes homes every user can read, which would isolate nothing).

Example:
    >>> system_username("amy")
    'tk-amy'
"""

from __future__ import annotations

import os
import pwd
import re
import subprocess

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

PREFIX = os.environ.get("TRANSFERKIT_HUB_USER_PREFIX", "tk-")
# What a student may be called: lower-case letters, digits, - and _ (a Unix user name with the prefix).
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{0,28}$"


def system_username(username: str, prefix: str = PREFIX) -> str:
    """The Unix user a hub user's server runs as.

    Args:
        username: the name the student signed up with (already lower-case, as the hub normalises it).
        prefix: put before it, so that no student can be a system account.

    Returns:
        `prefix + username`.

    Raises:
        ValueError: if `username` is not a name the hub accepts (USERNAME_PATTERN).

    Example:
        >>> system_username("bo_2", prefix="tk-")
        'tk-bo_2'
    """
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise ValueError(f"expected a student name of lower-case letters, digits, - and _ starting with a letter "
                         f"(at most 29 characters). Received: {username!r}. Sign up with a name like 'amy' or 'bo_2'.")
    return prefix + username


def ensure_system_user(name: str) -> pwd.struct_passwd:
    """Make the Unix user `name` with a private home (mode 700) if it does not exist; return it.

    Args:
        name: the Unix user name, e.g. `system_username("amy")`.

    Returns:
        The user's password-database entry.

    Example:
        >>> ensure_system_user("root").pw_uid
        0
    """
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", name], check=True,
                       capture_output=True)
        user = pwd.getpwnam(name)
    # Private, whatever useradd's HOME_MODE and umask made of it; so is the student's temporary folder.
    os.chmod(user.pw_dir, 0o700)
    temporary = os.path.join(user.pw_dir, ".tmp")
    os.makedirs(temporary, mode=0o700, exist_ok=True)
    os.chown(temporary, user.pw_uid, user.pw_gid)
    return user


class CourseSpawner(LocalProcessSpawner):
    """`LocalProcessSpawner` that runs a student as the Unix user `tk-<name>`, made on first start.

    Example:
        In jupyterhub_config.py: `c.JupyterHub.spawner_class = "classroom.CourseSpawner"`.
    """

    user_prefix = Unicode(PREFIX, config=True, help="Put before a student's name to make their Unix user name.")

    @property
    def system_name(self) -> str:
        return system_username(self.user.name, self.user_prefix)

    async def start(self):
        ensure_system_user(self.system_name)
        return await super().start()

    def make_preexec_fn(self, name):
        return set_user_setuid(self.system_name)

    def user_env(self, env):
        user = pwd.getpwnam(self.system_name)
        # TMPDIR: a private temporary folder. In the shared /tmp, the first student whose TensorFlow writes there
        # (autograph's generated code) would own /tmp/__pycache__, which every other student could list.
        env.update(USER=user.pw_name, HOME=user.pw_dir, SHELL=user.pw_shell or "/bin/bash",
                   TMPDIR=os.path.join(user.pw_dir, ".tmp"))
        return env
