"""The course's lab set-up: settings installed into an environment, quiet TensorFlow, one kernel at a time."""

import asyncio
import json
import os
import subprocess
import sys

import pytest

import transferkit_lab
from transferkit_lab import note, quiet


def test_settings_keep_the_lab_offline_quiet_and_to_one_kernel(tmp_path):
    written = transferkit_lab.install(tmp_path)
    server = json.loads((tmp_path / "etc/jupyter/jupyter_server_config.json").read_text())
    assert server["ServerApp"]["kernel_manager_class"] == "transferkit_lab.kernels.OneChapterKernelManager"
    assert server["LabApp"]["news_url"] is None
    assert server["LabApp"]["check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"
    lab = json.loads((tmp_path / "share/jupyter/lab/settings/overrides.d/transferkit.json").read_text())
    assert lab["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    assert lab["@jupyterlab/notebook-extension:tracker"] == {"kernelShutdown": True, "autoStartDefaultKernel": True}
    kernel = json.loads((tmp_path / "etc/ipython/ipython_kernel_config.json").read_text())
    assert kernel["InteractiveShellApp"]["extensions"] == ["transferkit_lab"]
    assert len(written) == 3


def test_installing_keeps_what_other_tools_put_in_the_same_config_files(tmp_path):
    config = tmp_path / "etc/ipython/ipython_kernel_config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"InteractiveShellApp": {"extensions": ["autoreload"]}, "Other": {"x": 1}}))
    transferkit_lab.install(tmp_path)
    transferkit_lab.install(tmp_path)  # twice: nothing is added twice
    merged = json.loads(config.read_text())
    assert merged == {"InteractiveShellApp": {"extensions": ["autoreload", "transferkit_lab"]}, "Other": {"x": 1}}


def test_importing_tensorflow_prints_no_start_up_lines(tmp_path):
    """absl writes INFO lines before it is initialised whatever TF_CPP_MIN_LOG_LEVEL says; the finder drops them."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TF_")}
    code = "import transferkit_lab.quiet as q; q.install(); import keras; import sys; print('ok')"
    quiet_run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert quiet_run.stdout.strip() == "ok" and quiet_run.stderr == ""
    noisy_run = subprocess.run([sys.executable, "-c", "import tensorflow"], capture_output=True, text=True,
                               env=env, cwd=tmp_path)
    assert "absl::InitializeLog" in noisy_run.stderr or "oneDNN" in noisy_run.stderr, (
        "TensorFlow imports quietly on its own now: the finder may no longer be needed")


def test_warnings_and_errors_on_stderr_still_show(capfd):
    with quiet.filtered_stderr():
        os.write(2, b"I0000 00:00:1.2    42 port.cc:153] oneDNN custom operations are on.\n")
        os.write(2, b"W0000 00:00:1.2    42 allocator.cc:1] Allocation exceeds 10% of free memory.\n")
        os.write(2, b"E0000 00:00:1.2    42 x.cc:9] a real error\n")
    err = capfd.readouterr().err
    assert "oneDNN" not in err and "Allocation exceeds" in err and "a real error" in err


def test_the_note_names_the_notebook_that_was_opened_and_what_to_do():
    plain, rich = note.note_text("notebooks/03_<x>.ipynb")
    assert "notebooks/03_<x>.ipynb" in plain and "Run All Cells" in plain
    assert "notebooks/03_&lt;x&gt;.ipynb" in rich  # escaped in HTML
    namespace = {}
    exec(note.note_code("notebooks/03.ipynb").replace("from IPython.display import update_display as _tk_update",
                                                       "_tk_update = lambda data, **kw: namespace.update(kw)"),
         {"namespace": namespace})
    assert namespace == {"raw": True, "display_id": note.DISPLAY_ID}


def test_a_chinese_notebook_gets_its_note_in_chinese():
    plain, rich = note.note_text("notebooks/zh-CN/03_<x>.ipynb", chinese=True)
    assert "notebooks/zh-CN/03_<x>.ipynb" in plain and "运行所有单元格" in plain and "内核已被关闭" in rich
    assert "notebooks/zh-CN/03_&lt;x&gt;.ipynb" in rich
    assert "内核" in note.note_code("a.ipynb", chinese=True) and "内核" not in note.note_code("a.ipynb")


def test_the_kernel_manager_shuts_down_the_least_recently_used_kernel(tmp_path):
    from transferkit_lab.kernels import OneChapterKernelManager

    async def scenario():
        manager = OneChapterKernelManager(root_dir=str(tmp_path), max_kernels=1)
        env = dict(os.environ, JPY_SESSION_NAME=str(tmp_path / "a.ipynb"))
        first = await manager.start_kernel(path="", env=env)
        env["JPY_SESSION_NAME"] = str(tmp_path / "b.ipynb")
        second = await manager.start_kernel(path="", env=env)
        alive = manager.list_kernel_ids()
        await manager.shutdown_all()
        return first, second, alive

    first, second, alive = asyncio.run(scenario())
    assert alive == [second] and first != second


@pytest.mark.parametrize("value", [0, -1])
def test_max_kernels_below_one_is_refused(value):
    from traitlets import TraitError

    from transferkit_lab.kernels import OneChapterKernelManager

    with pytest.raises(TraitError, match="max_kernels"):
        OneChapterKernelManager(max_kernels=value)


def test_asking_the_kernel_for_its_banner_leaves_the_seeded_random_numbers_alone():
    import random

    from IPython.core.interactiveshell import InteractiveShell

    from transferkit_lab import seeds

    shell = InteractiveShell.instance()
    expected = random.Random(0).random()
    if getattr(shell, "enable_tip", False):  # the problem: a banner draws from the global generator
        random.seed(0)
        shell.banner  # what a kernel_info_request from JupyterLab builds
        drew = random.random() != expected
        from IPython.core import tips

        today = __import__("datetime").datetime.now()
        assert drew or (today.month, today.day) in tips._tips["every_year"]
    seeds.no_random_tip(shell)
    random.seed(0)
    shell.banner
    assert random.random() == expected
