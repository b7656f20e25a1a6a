from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Keras 有一个专门做这件事的回调（第 14 章）：它在每个轮次结束时备份，并在 fit 再次启动时恢复。")
def test_backup(backup, keras):
    is_backup_and_restore = isinstance(backup, keras.callbacks.BackupAndRestore)
    assert is_backup_and_restore

@test_case(points=None, hidden=False, 
    failure_message="备份到给定的 backup_dir 中，并在每个轮次结束时备份：Keras 3 会从第一个批次起重新开始被中断的轮次，所以在一个轮次中间做的备份会让一些批次被训练两次。")
def test_where_and_when(backup, backup_dir):
    into_the_folder = backup.backup_dir == backup_dir
    every_epoch = backup.save_freq == 'epoch'
    assert into_the_folder
    assert every_epoch

