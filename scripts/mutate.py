"""Mutation testing of the pure core: change one operator or constant at a time and see whether a test fails.

    .venv/bin/python scripts/mutate.py                      # every module in TARGETS (make mutate)
    .venv/bin/python scripts/mutate.py readers/mailtext.py  # one module
    .venv/bin/python scripts/mutate.py --list impose/plan.py  # the mutants, without running them

Each mutant is one small change of the module's syntax tree (MUTATIONS below
says which). The module's own tests (TARGETS) then run with pytest, in a
forked child that imports the mutated module instead of the file: a failing
test kills the mutant, a passing run lets it survive. The score of a module
is killed / all. Survivors are printed with their line, so a test can be
written that kills them, or the mutant can be judged equivalent (the change
does not change behaviour).

A mutant runs only the tests that run its statement: one traced run of the
module's tests first records which test runs which line (lines run on import,
or by a fixture other tests share, count for all of those tests). A test that
never reaches the statement runs exactly as without the mutant, so leaving it
out changes no result; a mutant no test reaches survives unrun ("not run").
`--every-test` runs all of the module's tests for each mutant instead.

Runs on demand, not in `make test`: a module takes minutes (one pytest run
per mutant, stopped at the first failure). Nothing is written to src/.
"""

from __future__ import annotations

import argparse
import ast
import importlib.abc
import importlib.util
import json
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "pamphleteer"
IMPOSE_TESTS = ("tests/test_impose_layouts.py", "tests/test_impose.py", "tests/test_impose_files.py")
# module (under src/pamphleteer/) -> the tests that are meant to pin it, fastest first
TARGETS = {
    "impose/plan.py": IMPOSE_TESTS,
    "impose/layouts/__init__.py": IMPOSE_TESTS,
    "impose/layouts/saddle.py": IMPOSE_TESTS,
    "impose/layouts/signatures.py": IMPOSE_TESTS,
    "impose/layouts/nup.py": IMPOSE_TESTS,
    "readers/mailtext.py": ("tests/test_readers_mailtext.py", "tests/test_readers.py", "tests/test_errors.py"),
    "yamlfile.py": ("tests/test_yamlfile.py", "tests/test_manifest.py", "tests/test_errors.py"),
    "schema.py": ("tests/test_manifest.py", "tests/test_errors.py", "tests/test_settings.py"),
}
TIMEOUT = 120  # seconds for one mutant's tests; a mutant that loops forever counts as killed

SWAP_BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
              ast.Mod: ast.Div, ast.Pow: ast.Mult}
SWAP_CMP = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE,
            ast.GtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
SWAP_BOOL = {ast.And: ast.Or, ast.Or: ast.And}


@dataclass(frozen=True)
class Mutant:
    module: str      # path under src/pamphleteer/
    index: int       # the index-th mutation site in tree-walk order
    line: int
    what: str
    lines: tuple[int, int] = (0, 0)  # first and last line of the statement (or compound header) it is in


class Mutator(ast.NodeTransformer):
    """Walks a tree counting mutation sites; changes the site numbered `target` (None: change nothing)."""

    def __init__(self, target: int | None = None):
        self.target, self.count, self.sites = target, 0, []
        self.skip: set[int] = set()
        self.statements: list[ast.stmt] = []

    def visit(self, node):
        if not isinstance(node, ast.stmt):
            return super().visit(node)
        self.statements.append(node)
        try:
            return super().visit(node)
        finally:
            self.statements.pop()

    def _site(self, node, what: str, mutated):
        index = self.count
        self.count += 1
        self.sites.append((index, node.lineno, what, _statement_lines(self.statements[-1], node)))
        return mutated() if index == self.target else node

    def visit_Module(self, node):
        self._skip_docstrings(node)
        return self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self._skip_docstrings(node)
        for annotation in [node.returns, *(a.annotation for a in ast.walk(node.args) if isinstance(a, ast.arg))]:
            self._skip_all(annotation)
        return self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._skip_docstrings(node)
        return self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._skip_all(node.annotation)
        return self.generic_visit(node)

    def visit_ImportFrom(self, node):
        return node

    def visit_FormattedValue(self, node):
        self._skip_all(node.format_spec)
        return self.generic_visit(node)

    def visit_BinOp(self, node):
        node = self.generic_visit(node)
        swap = SWAP_BINOP.get(type(node.op))
        if swap is None:
            return node
        return self._site(node, f"{type(node.op).__name__} -> {swap.__name__}",
                          lambda: ast.copy_location(ast.BinOp(node.left, swap(), node.right), node))

    def visit_AugAssign(self, node):
        node = self.generic_visit(node)
        swap = SWAP_BINOP.get(type(node.op))
        if swap is None:
            return node
        return self._site(node, f"{type(node.op).__name__}= -> {swap.__name__}=",
                          lambda: ast.copy_location(ast.AugAssign(node.target, swap(), node.value), node))

    def visit_Compare(self, node):
        node = self.generic_visit(node)
        for position, op in enumerate(node.ops):
            swap = SWAP_CMP.get(type(op))
            if swap is not None:
                node = self._site(node, f"{type(op).__name__} -> {swap.__name__}",
                                  lambda p=position, s=swap: _compare_with(node, p, s()))
        return node

    def visit_BoolOp(self, node):
        node = self.generic_visit(node)
        swap = SWAP_BOOL[type(node.op)]
        return self._site(node, f"{type(node.op).__name__} -> {swap.__name__}",
                          lambda: ast.copy_location(ast.BoolOp(swap(), node.values), node))

    def visit_UnaryOp(self, node):
        node = self.generic_visit(node)
        if isinstance(node.op, (ast.Not, ast.USub)):
            return self._site(node, f"{type(node.op).__name__} removed", lambda: node.operand)
        return node

    def visit_Constant(self, node):
        if id(node) in self.skip:
            return node
        value = node.value
        if isinstance(value, bool):
            return self._site(node, f"{value} -> {not value}", lambda: _constant(node, not value))
        if isinstance(value, int):
            return self._site(node, f"{value} -> {value + 1}", lambda: _constant(node, value + 1))
        if isinstance(value, float):
            return self._site(node, f"{value} -> {value + 1}", lambda: _constant(node, value + 1))
        if isinstance(value, str):
            return self._site(node, f"{_short(value)} -> 'XX'+…+'XX'", lambda: _constant(node, f"XX{value}XX"))
        return node

    def _skip_docstrings(self, node):
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.skip.add(id(body[0].value))

    def _skip_all(self, node):
        if node is not None:
            self.skip.update(id(n) for n in ast.walk(node))


def _statement_lines(statement: ast.stmt, node) -> tuple[int, int]:
    """The lines a test must run for `node` to be evaluated: its simple statement, or the compound one's header."""
    compound = any(isinstance(getattr(statement, name, None), list) and getattr(statement, name)
                   and isinstance(getattr(statement, name)[0], (ast.stmt, ast.excepthandler))
                   for name in ("body", "orelse", "handlers", "finalbody"))
    last = node.end_lineno if compound else statement.end_lineno
    return min(statement.lineno, node.lineno), max(last, node.lineno)


def _compare_with(node: ast.Compare, position: int, op) -> ast.Compare:
    ops = list(node.ops)
    ops[position] = op
    return ast.copy_location(ast.Compare(node.left, ops, node.comparators), node)


def _constant(node, value):
    return ast.copy_location(ast.Constant(value), node)


def _short(text: str) -> str:
    return repr(text if len(text) < 24 else text[:20] + "…")


def mutants(module: str) -> list[Mutant]:
    mutator = Mutator()
    mutator.visit(ast.parse((SRC / module).read_text(encoding="utf-8")))
    return [Mutant(module, index, line, what, lines) for index, line, what, lines in mutator.sites]


def mutated_code(mutant: Mutant):
    path = SRC / mutant.module
    tree = Mutator(mutant.index).visit(ast.parse(path.read_text(encoding="utf-8")))
    return compile(ast.fix_missing_locations(tree), str(path), "exec")


def module_name(module: str) -> str:
    parts = ["pamphleteer", *Path(module).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


class MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves one module from a code object instead of its file."""

    def __init__(self, name: str, path: Path, code):
        self.name, self.path, self.code = name, path, code

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        package = [str(self.path.parent)] if self.path.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self,
                                                      submodule_search_locations=package)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(self.code, module.__dict__)


def run_tests(tests: tuple[str, ...], mutant: Mutant | None, only: set[str] | None = None) -> str:
    """'killed', 'survived' or 'timeout': the tests run in a forked child, quietly, stopped at the first failure.

    `only`: the node ids of the tests to run (None: all of `tests`).
    """
    if only is not None:
        tests = tuple(t for t in tests if any(n.split("::")[0] == t for n in only))
    pid = os.fork()
    if pid == 0:
        _child(tests, mutant, [] if only is None else [_Only(only)])
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        return "timeout"
    return "survived" if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 else "killed"


def _child(tests, mutant, plugins, timeout: int = TIMEOUT) -> None:
    try:
        signal.alarm(timeout)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        if mutant is not None:
            sys.meta_path.insert(0, MutantFinder(module_name(mutant.module), SRC / mutant.module,
                                                 mutated_code(mutant)))
        code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", *tests], plugins=plugins)
        for plugin in plugins:
            plugin.finish()
    except BaseException:
        code = 3
    os._exit(int(code))


class _Only:
    """A pytest plugin that keeps only the tests named, in their usual order."""

    def __init__(self, nodeids: set[str]):
        self.nodeids = nodeids

    def pytest_collection_modifyitems(self, config, items):
        kept = [item for item in items if item.nodeid in self.nodeids]
        config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in self.nodeids])
        items[:] = kept

    def finish(self):
        pass


class _Lines:
    """A pytest plugin that records which tests run each line of one file (the coverage run, without mutants).

    A line run in a test's call is that test's. A line run while a fixture is set up or torn down is that
    test's and every test's that shares one of its module- or session-wide fixtures (they use its result).
    A line run outside any test (imports, collection) is everyone's: `ALL`. Cached functions are cleared
    before each test, so that a test that would use a result cached by another test runs the lines itself.
    """

    def __init__(self, filename: str, out: Path):
        self.filename, self.out = filename, out
        self.current: object = ALL
        self.hits: dict[int, set] = {}
        self.shared: dict[str, set[str]] = {}  # test -> the tests sharing a wider fixture with it

    def trace(self, frame, event, arg):
        if frame.f_code.co_filename == self.filename:
            return self._line
        return None

    def _line(self, frame, event, arg):
        if event == "line":
            self.hits.setdefault(frame.f_lineno, set()).add(self.current)
        return self._line

    def pytest_collection_modifyitems(self, items):
        keys = {}
        for item in items:
            info = getattr(item, "_fixtureinfo", None)
            for name, definitions in (info.name2fixturedefs.items() if info else ()):
                scope = definitions[-1].scope
                if scope != "function":
                    keys.setdefault((name, "" if scope == "session" else str(item.path)), set()).add(item.nodeid)
        for item in items:
            self.shared[item.nodeid] = set().union({item.nodeid}, *(ids for ids in keys.values()
                                                                     if item.nodeid in ids))

    def _phase(self, item, name):
        self.current = ("fixture", item.nodeid) if name != "call" else item.nodeid

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item):
        _clear_caches()
        self._phase(item, "setup")
        yield
        self.current = ALL

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        self._phase(item, "call")
        yield
        self.current = ALL

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item):
        self._phase(item, "teardown")
        yield
        self.current = ALL

    def finish(self):
        sys.settrace(None)
        threading.settrace(None)
        lines = {}
        for line, who in self.hits.items():
            ids: set[str] = set()
            for one in who:
                if one is ALL:
                    ids = None
                    break
                ids |= self.shared.get(one[1], {one[1]}) if isinstance(one, tuple) else {one}
            lines[line] = None if ids is None else sorted(ids)
        self.out.write_text(json.dumps(lines), encoding="utf-8")


ALL = "*"


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("pamphleteer"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def coverage(module: str, tests: tuple[str, ...]) -> dict[int, list[str] | None] | None:
    """line -> the node ids of the tests that run it (None: all of them); None if the tests fail unmutated."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "lines.json"
        recorder = _Lines(str(SRC / module), out)
        pid = os.fork()
        if pid == 0:
            import pkgutil
            import pamphleteer
            threading.settrace(recorder.trace)
            sys.settrace(recorder.trace)
            for info in pkgutil.walk_packages(pamphleteer.__path__, "pamphleteer."):  # module-level work: ALL
                if not info.name.endswith("__main__"):
                    try:
                        importlib.import_module(info.name)
                    except Exception:
                        pass
            _child(tests, None, [recorder], timeout=10 * TIMEOUT)
        _, status = os.waitpid(pid, 0)
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            return None
        return {int(line): ids for line, ids in json.loads(out.read_text(encoding="utf-8")).items()}


def selected(mutant: Mutant, lines: dict[int, list[str] | None]) -> set[str] | None:
    """The tests that run the mutant's statement (None: all)."""
    chosen: set[str] = set()
    for line in range(mutant.lines[0], mutant.lines[1] + 1):
        ids = lines.get(line, [])
        if ids is None:
            return None
        chosen.update(ids)
    return chosen


def score(module: str, tests: tuple[str, ...], verbose: bool = False, every: bool = False) -> tuple[int, int, list]:
    """(killed, all, survivors with their fate) for one module.

    Unless `every`, a mutant runs only the tests that run its line (a coverage run finds them first);
    a mutant no test reaches survives without running anything ('not run').
    """
    if every:
        lines = None
        if run_tests(tests, None) != "survived":
            sys.exit(f"mutate: the tests of {module} fail without any mutant: {' '.join(tests)}")
    else:
        lines = coverage(module, tests)
        if lines is None:
            sys.exit(f"mutate: the tests of {module} fail without any mutant: {' '.join(tests)}")
    found = mutants(module)
    results = []
    for number, mutant in enumerate(found, 1):
        only = None if lines is None else selected(mutant, lines)
        fate = "not run" if only is not None and not only else run_tests(tests, mutant, only)
        results.append((mutant, fate))
        if verbose:
            ran = "all" if only is None else len(only)
            print(f"  {number}/{len(found)} {fate} ({ran} tests) {module}:{mutant.line}: {mutant.what}", flush=True)
    killed = sum(1 for _, result in results if result in ("killed", "timeout"))
    return killed, len(found), [(m, r) for m, r in results if r not in ("killed", "timeout")]


def report(module: str, killed: int, total: int, survivors, seconds: float) -> None:
    lines = (SRC / module).read_text(encoding="utf-8").splitlines()
    percent = 100 * killed / total if total else 100.0
    print(f"{module}: {killed}/{total} killed, score {percent:.1f} % ({seconds:.0f} s)", flush=True)
    for mutant, fate in survivors:
        print(f"  {fate:<8} {module}:{mutant.line}: {mutant.what}    | {lines[mutant.line - 1].strip()[:80]}",
              flush=True)


def _preimport() -> None:
    """Third-party libraries imported once in the parent, so that each forked child starts fast."""
    for name in ("pytest", "yaml", "pypdf", "PIL.Image", "jinja2", "markdown_it", "weasyprint", "fontTools.ttLib"):
        try:
            __import__(name)
        except ImportError:
            pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="modules under src/pamphleteer/ (default: all of TARGETS)")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--verbose", "-v", action="store_true", help="print each mutant's fate as it is known")
    parser.add_argument("--every-test", action="store_true",
                        help="run all of a module's tests for each mutant, not only those that run its line")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "tests"))
    modules = args.modules or list(TARGETS)
    unknown = [m for m in modules if m not in TARGETS]
    if unknown:
        parser.error(f"no tests are named for {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    if args.list:
        for module in modules:
            for mutant in mutants(module):
                print(f"{module}:{mutant.line}: #{mutant.index} {mutant.what}")
        return 0
    _preimport()
    all_killed = all_total = 0
    for module in modules:
        start = time.monotonic()
        killed, total, survivors = score(module, TARGETS[module], args.verbose, args.every_test)
        report(module, killed, total, survivors, time.monotonic() - start)
        all_killed, all_total = all_killed + killed, all_total + total
    print(f"all: {all_killed}/{all_total} killed, score {100 * all_killed / max(all_total, 1):.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
