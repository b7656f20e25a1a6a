from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Keras has a callback made for this (chapter 14): it backs up at the end of every epoch and restores when fit starts again.")
def test_backup(backup, backup_dir, keras):
    is_backup_and_restore = isinstance(backup, keras.callbacks.BackupAndRestore)
    assert is_backup_and_restore
    assert backup.backup_dir == backup_dir
    assert backup.save_freq == 'epoch'

