"""The lab's kernel policy: one notebook's kernel at a time, so a whole session fits Binder's 2 GB.

Each chapter's kernel holds 0.7-1.0 GB once TensorFlow has run in it, and JupyterLab keeps every
kernel alive until its notebook is shut down by hand. A learner who opens chapter after chapter on
Binder (2 GB for the whole session) would lose the session around chapter 02. So before the lab
starts a kernel for a notebook, it shuts down the least recently used kernels until fewer than
`max_kernels` are left, and leaves a note in each of those notebooks saying why and how to
continue (see `transferkit_lab.note`). Closing a notebook shuts its kernel down too (a JupyterLab
setting in `settings/lab_overrides.json`).

`python -m transferkit_lab` makes this class the server's kernel manager for the environment it runs
in (`course.py lab` does it for `.venv`, Binder's `postBuild` for the image).
"""

from __future__ import annotations

import asyncio
import os

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Integer, TraitError, validate

from transferkit_lab import note


class OneChapterKernelManager(AsyncMappingKernelManager):
    """A kernel manager that keeps at most `max_kernels` kernels, shutting down the least recently used."""

    max_kernels = Integer(1, config=True, help="How many kernels may run at once; the least recently used "
                                               "one is shut down (with a note in its notebook) to make room.")
    note_timeout = Float(3.0, config=True, help="Seconds to wait for a kernel to show the note before it is "
                                                "shut down anyway.")

    @validate("max_kernels")
    def _at_least_one(self, proposal):
        if proposal["value"] < 1:
            raise TraitError(f"`max_kernels` must be at least 1. Received: max_kernels={proposal['value']}. "
                             "Set it in jupyter_server_config.json under OneChapterKernelManager.")
        return proposal["value"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._notebook_of = {}

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        opening = env.get("JPY_SESSION_NAME") or path or "another notebook"
        opening = os.path.relpath(opening, self.root_dir) if os.path.isabs(opening) else opening
        await self.make_room(opening)
        kwargs["env"] = {**env, note.LAB_ENV: "1"}
        new_id = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        self._notebook_of[new_id] = opening
        return new_id

    async def make_room(self, opening: str) -> list[str]:
        """Shut down the least recently used kernels until a new one fits; return their ids."""
        kernel_ids = sorted(self.list_kernel_ids(), key=lambda kernel_id: self.get_kernel(kernel_id).last_activity)
        removed = []
        while kernel_ids and len(kernel_ids) >= self.max_kernels:
            kernel_id = kernel_ids.pop(0)
            await self.leave_note(kernel_id, opening)
            self.log.info("transferkit: shutting down the kernel of %s to make room for %s (max_kernels=%d)",
                          self._notebook_of.get(kernel_id, kernel_id), opening, self.max_kernels)
            await self.shutdown_kernel(kernel_id)
            self._notebook_of.pop(kernel_id, None)
            removed.append(kernel_id)
        return removed

    async def leave_note(self, kernel_id: str, opening: str) -> bool:
        """Show the note in the kernel's notebook (interrupting it first if busy); True if it ran."""
        kernel = self.get_kernel(kernel_id)
        if getattr(kernel, "execution_state", "idle") == "busy":
            await self.interrupt_kernel(kernel_id)
        client = kernel.client()
        client.start_channels()
        try:
            chinese = "zh-CN" in str(self._notebook_of.get(kernel_id, ""))  # the displaced notebook's language
            msg_id = client.execute(note.note_code(opening, chinese), store_history=False, allow_stdin=False)

            async def reply():
                while True:
                    message = await client.get_shell_msg()
                    if message["parent_header"].get("msg_id") == msg_id:
                        return message["content"]["status"] == "ok"

            return await asyncio.wait_for(reply(), self.note_timeout)
        except Exception as error:  # a note that cannot be shown must not keep a kernel alive
            self.log.warning("transferkit: could not leave a note in kernel %s: %s", kernel_id, error)
            return False
        finally:
            client.stop_channels()
