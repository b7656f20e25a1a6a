"""A student (or the teacher) using the classroom hub as a browser does: HTTP, then the kernel's websocket.

Used by the hub's tests (tests/test_hub.py) and the class benchmark (`python3 course.py bench --class N`):
sign up, log in, start a server, pull the course with nbgitpuller, and run a notebook cell by cell over the
kernel's websocket (the way JupyterHub's load tester hubtraf does, with the chapter's real cells). Only
addresses on this machine are used.

Example:
    >>> HubUser("http://127.0.0.1:8000", "amy").server_url("api/status")
    'http://127.0.0.1:8000/user/amy/api/status'
"""

from __future__ import annotations

import json
import re
import time
import uuid
from urllib.parse import urlencode

import requests
import websocket


class HubError(RuntimeError):
    """The hub or a server answered something a student's browser would show as an error."""


class HubUser:
    """One person on the hub: `signup`, `login` (then `token` is set), `start`, `pull`, `run_notebook`."""

    def __init__(self, url: str, name: str, password: str | None = None, system_name: str | None = None):
        self.url, self.name = url.rstrip("/"), name
        self.system_name = system_name or name  # the Unix user the server runs as
        self.password = password or f"pw-{name}-{uuid.uuid4().hex[:8]}"
        self.session = requests.Session()
        self.token: str | None = None
        self.api_seconds: list[float] = []  # how long each hub API request took (for the 95th percentile)

    # -- the hub --------------------------------------------------------------------------------------------
    def _xsrf(self, page: str) -> str:
        self.session.get(f"{self.url}/hub/{page}", timeout=30)
        return self.session.cookies.get("_xsrf", path="/hub/") or self.session.cookies.get("_xsrf") or ""

    def signup(self) -> None:
        """Sign up on the hub's sign-up page (the teacher must then approve a student)."""
        xsrf = self._xsrf("signup")
        response = self.session.post(f"{self.url}/hub/signup", data={
            "username": self.name, "signup_password": self.password, "signup_password_confirmation": self.password,
            "_xsrf": xsrf}, timeout=30)
        kind = re.search(r'<div class="alert (alert-\w+)"', response.text)
        if response.status_code != 200 or not kind or kind.group(1) == "alert-danger":
            alert = re.search(r'role="alert">(.*?)</div>', response.text, re.S)
            raise HubError(f"signing up {self.name} failed: {response.status_code} "
                           f"{' '.join((alert.group(1) if alert else response.text[:300]).split())}")

    def login(self) -> bool:
        """Log in with the password; True if the hub let this user in (it refuses unapproved students)."""
        xsrf = self._xsrf("login")
        response = self.session.post(f"{self.url}/hub/login", data={
            "username": self.name, "password": self.password, "_xsrf": xsrf}, timeout=30, allow_redirects=False)
        if response.status_code not in (302, 303):
            return False
        xsrf = self.session.cookies.get("_xsrf") or xsrf
        response = self.session.post(f"{self.url}/hub/api/users/{self.name}/tokens", json={"note": "course client"},
                                     headers={"X-XSRFToken": xsrf, "Referer": f"{self.url}/hub/token"}, timeout=30)
        if response.status_code != 201:
            raise HubError(f"{self.name} logged in but could not make an API token: {response.status_code} {response.text[:300]}")
        self.token = response.json()["token"]
        return True

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"} if self.token else {}

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """A request to the hub's REST API with this user's token; its time is recorded, except a server's
        start (the hub answers it when the server is ready or after 10 s: that is the start's time, not the API's)."""
        started = time.perf_counter()
        response = requests.request(method, f"{self.url}/hub/api/{path}", headers=self.headers, timeout=60, **kwargs)
        if not (method == "POST" and path.endswith("/server")):
            self.api_seconds.append(time.perf_counter() - started)
        return response

    def start(self, timeout: float = 300) -> float:
        """Start this user's server and wait until it is ready; return the seconds it took."""
        started = time.perf_counter()
        response = self.api("POST", f"users/{self.name}/server")
        while response.status_code == 400 and "pending stop" in response.text:  # being culled: wait, ask again
            if time.perf_counter() - started > timeout:
                raise HubError(f"{self.name}'s server was still stopping after {timeout:.0f} s")
            time.sleep(1)
            response = self.api("POST", f"users/{self.name}/server")
        if response.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(f"starting {self.name}'s server failed: {response.status_code} {response.text[:300]}")
        while time.perf_counter() - started < timeout:
            model = self.api("GET", f"users/{self.name}").json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - started
            time.sleep(0.5)
        raise HubError(f"{self.name}'s server was not ready after {timeout:.0f} s")

    def running(self) -> bool:
        server = self.api("GET", f"users/{self.name}").json().get("servers", {}).get("")
        return bool(server and server.get("ready"))

    # -- the student's server -------------------------------------------------------------------------------
    def server_url(self, path: str = "") -> str:
        return f"{self.url}/user/{self.name}/{path}"

    def server(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, self.server_url(path), headers=self.headers, timeout=120, **kwargs)

    def pull(self, repository: str, branch: str = "student", target: str = "transferkit", timeout: float = 300) -> str:
        """Pull the course into the home as the nbgitpuller link does; return nbgitpuller's log."""
        query = urlencode({"repo": repository, "branch": branch, "targetpath": target})
        response = requests.get(self.server_url(f"git-pull/api?{query}"), headers=self.headers, stream=True,
                                timeout=timeout)
        log = []
        for line in response.iter_lines(decode_unicode=True):
            if not line or not line.startswith("data:"):
                continue
            event = json.loads(line[5:])
            log.append(event.get("output", ""))
            if event.get("phase") == "finished":
                return "".join(log)
            if event.get("phase") == "error":
                raise HubError(f"nbgitpuller failed for {self.name}: {event.get('message')} {''.join(log)[-500:]}")
        raise HubError(f"nbgitpuller's stream ended without finishing for {self.name}: {''.join(log)[-500:]}")

    def read(self, path: str) -> dict:
        response = self.server("GET", f"api/contents/{path}")
        if response.status_code != 200:
            raise HubError(f"reading {path} as {self.name}: {response.status_code} {response.text[:200]}")
        return response.json()

    def write(self, path: str, model: dict) -> None:
        response = self.server("PUT", f"api/contents/{path}", json=model)
        if response.status_code not in (200, 201):
            raise HubError(f"saving {path} as {self.name}: {response.status_code} {response.text[:200]}")

    def open_kernel(self, path: str) -> "Kernel":
        """Open a notebook's kernel as JupyterLab does (a session: the kernel runs in the notebook's folder)."""
        response = self.server("POST", "api/sessions", json={"path": path, "type": "notebook", "name": path,
                                                             "kernel": {"name": "python3"}})
        if response.status_code != 201:
            raise HubError(f"opening a kernel for {path} as {self.name}: {response.status_code} {response.text[:200]}")
        model = response.json()
        return Kernel(self, model["kernel"]["id"], model["id"])


class Kernel:
    """A kernel of a student's server, driven over its websocket with Jupyter's messages."""

    def __init__(self, user: HubUser, kernel_id: str, session_id: str | None = None):
        self.user, self.id, self.session_id = user, kernel_id, session_id
        url = user.server_url(f"api/kernels/{kernel_id}/channels").replace("http", "ws", 1)
        self.socket = websocket.create_connection(url, header=[f"Authorization: token {user.token}"], timeout=600)
        self.session = uuid.uuid4().hex

    def execute(self, code: str, timeout: float = 600) -> dict:
        """Run `code`; return {"status": "ok"|"error"|"dead", "text": what it printed, "error": ...}."""
        message_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": message_id, "username": self.user.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        texts, status, error, replied, idle = [], None, "", False, False
        deadline = time.time() + timeout
        while not (replied and idle):
            if time.time() > deadline:
                raise HubError(f"{self.user.name}'s kernel did not answer within {timeout:.0f} s")
            try:
                message = json.loads(self.socket.recv())
            except (websocket.WebSocketConnectionClosedException, ConnectionError):
                return {"status": "dead", "text": "".join(texts), "error": "the kernel's connection closed"}
            kind, content = message.get("msg_type"), message.get("content", {})
            if kind == "status" and content.get("execution_state") in ("dead", "restarting"):
                return {"status": "dead", "text": "".join(texts), "error": f"kernel {content['execution_state']}"}
            if message.get("parent_header", {}).get("msg_id") != message_id:
                continue
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "execute_reply":
                status, replied = content["status"], True
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        return {"status": status, "text": "".join(texts), "error": error}

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            if self.session_id:
                self.user.server("DELETE", f"api/sessions/{self.session_id}")


def run_notebook(user: HubUser, path: str, answers: dict[str, str] | None = None, timeout: float = 900) -> dict:
    """Open `path` in `user`'s server and run its code cells one by one over the kernel's websocket.

    Args:
        user: a logged-in student whose server is running.
        path: the notebook, relative to their home.
        answers: for an assignment, each question's answer ("q1": code): the cell before `grader.check("q1")`
            is replaced by it, as a student types their answer there.
        timeout: seconds one cell may take.

    Returns:
        {"seconds": wall time, "cells": cells run, "errors": [...], "passed": questions whose check passed,
        "failed": questions whose check did not pass}.

    Example:
        run_notebook(amy, "transferkit/notebooks/04_feature_extraction.ipynb")
    """
    notebook = user.read(path)["content"]
    sources = [cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
               for cell in notebook["cells"] if cell["cell_type"] == "code"]
    if answers:
        for index in range(len(sources) - 1):
            question = re.fullmatch(r'grader\.check\("(q\d+)"\)', sources[index + 1].strip())
            if question and question.group(1) in answers:
                sources[index] = answers[question.group(1)]
    started = time.perf_counter()
    kernel = user.open_kernel(path)
    result = {"cells": 0, "errors": [], "passed": [], "failed": []}
    try:
        for source in sources:
            reply = kernel.execute(source, timeout=timeout)
            result["cells"] += 1
            if reply["status"] != "ok":
                result["errors"].append(f"cell {result['cells']}: {reply['error'] or reply['status']}")
                if reply["status"] == "dead":
                    break
            question = re.fullmatch(r'grader\.check\("(q\d+)"\)', source.strip())
            if question:
                passed = "All test cases passed" in reply["text"] or "passed!" in reply["text"]
                result["passed" if passed else "failed"].append(question.group(1))
    finally:
        kernel.close()
    result["seconds"] = time.perf_counter() - started
    return result
