# make issue 47 · make check 47 · make settings 47 · make proof 47 · make preview 47 · make all · make site · make import FILE=post.txt N=48 · make test · make golden
# The issue number is the second word: `make issue 47`.
PY := .venv/bin/python
CMDS := issue check settings proof new watch preview
ifneq ($(filter $(firstword $(MAKECMDGOALS)),$(CMDS)),)
  N := $(word 2,$(MAKECMDGOALS))
  ifeq ($(N),)
    $(error usage: make $(firstword $(MAKECMDGOALS)) NUMBER, e.g. make $(firstword $(MAKECMDGOALS)) 47)
  endif
  $(eval $(N):;@:)
endif

.PHONY: setup test golden mutate issue check settings proof new watch preview all import site clean bench

.venv/.installed: pyproject.toml scripts/setup.sh
	./scripts/setup.sh

setup: .venv/.installed

issue: .venv/.installed
	$(PY) -m pamphleteer build $(N)

check: .venv/.installed
	$(PY) -m pamphleteer check $(N)

settings: .venv/.installed
	$(PY) -m pamphleteer settings $(N)

proof: .venv/.installed
	$(PY) -m pamphleteer proof $(N)

new: .venv/.installed
	$(PY) -m pamphleteer new $(N)

watch: .venv/.installed
	$(PY) -m pamphleteer watch $(N)

# make import FILE=path/to/post.txt N=48 (N: the issue; without it, the newest)
import: .venv/.installed
	@test -n "$(FILE)" || { echo "usage: make import FILE=path/to/the/file N=48" >&2; exit 2; }
	$(PY) -m pamphleteer import "$(FILE)" $(if $(N),--into $(N))

preview: .venv/.installed
	$(PY) -m pamphleteer preview $(N)

all: .venv/.installed   # every issue under issues/, in parallel (make all JOBS=1 for one at a time)
	$(PY) -m pamphleteer build --all $(if $(JOBS),-j $(JOBS))

site: .venv/.installed
	$(PY) -m pamphleteer site

test: .venv/.installed
	$(PY) -m pytest -q

golden: .venv/.installed
	nice $(PY) scripts/golden.py

mutate: .venv/.installed
	nice $(PY) scripts/mutate.py

bench: .venv/.installed
	$(PY) bench/impose_bench.py
	$(PY) bench/build_bench.py   # issue 10's table: builds, edit to PDF and to page, build --all

clean:
	rm -rf output/*/
