# Shortcuts for the same commands README.md gives; course.py does the work.
PYTHON ?= python3

.PHONY: lab test bench sync exercises wheels
lab:
	$(PYTHON) course.py lab
test:
	$(PYTHON) course.py test
bench:
	$(PYTHON) course.py bench
sync:
	$(PYTHON) course.py sync
exercises:
	$(PYTHON) course.py exercises
wheels:
	$(PYTHON) course.py wheels
