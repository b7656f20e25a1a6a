from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Keras 有一个专门做这件事的回调（第 14 章）：它在每个轮次结束时备份，并在 fit 再次启动时恢复。")
def test_backup(backup, backup_dir, keras):
    is_backup_and_restore = isinstance(backup, keras.callbacks.BackupAndRestore)
    assert is_backup_and_restore
    assert backup.backup_dir == backup_dir
    assert backup.save_freq == 'epoch'

