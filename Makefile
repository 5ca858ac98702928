# `make run` starts Themisia on its embedded SQLite base; `make test` runs the whole test suite.
# Both set up what is missing first (scripts/bootstrap.sh).
.PHONY: run test bootstrap forms bench

bootstrap:
	@scripts/bootstrap.sh

run: bootstrap
	.venv/bin/themisia $(ARGS)

test: bootstrap
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest $(ARGS)

forms: bootstrap
	.venv/bin/python -m themisia_desktop.gui.build_forms

bench: bootstrap
	.venv/bin/python benchmarks/bench_demo.py --contacts 100000
	.venv/bin/python benchmarks/bench_startup.py --contacts 100000
