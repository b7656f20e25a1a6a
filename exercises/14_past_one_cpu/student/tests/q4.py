from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Keras has a callback made for this (chapter 14): it backs up at the end of every epoch and restores when fit starts again.")
def test_backup(backup, keras):
    is_backup_and_restore = isinstance(backup, keras.callbacks.BackupAndRestore)
    assert is_backup_and_restore

@test_case(points=None, hidden=False, 
    failure_message="Back up into the backup_dir given, at the end of every epoch: Keras 3 starts an interrupted epoch again from its first batch, so a backup within an epoch would have some batches trained twice.")
def test_where_and_when(backup, backup_dir):
    into_the_folder = backup.backup_dir == backup_dir
    every_epoch = backup.save_freq == 'epoch'
    assert into_the_folder
    assert every_epoch

