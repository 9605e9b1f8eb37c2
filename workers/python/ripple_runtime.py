"""Ripple's Python side of the kernel: runs cells in one shared namespace, formats
tracebacks with only the user's frames, converts Python values to SQL bind
parameters, and wraps SQL results for Python cells.

Loaded into Pyodide by workers/python/runtime.ts; nothing here does I/O.
"""

import ast
import builtins
import datetime as _dt
import decimal
import inspect
import json
import linecache
import sys
import traceback
import uuid
import warnings

from pyodide.code import CodeRunner

import ripple_display

NS = {"__name__": "__main__", "__builtins__": builtins}

# As in Jupyter, `display()` needs no import. A builtin, so the reactive graph does not
# take it for a variable some cell must define.
builtins.display = ripple_display.display

CELL_PREFIX = "<cell-"


def cell_filename(cell_id):
    return f"{CELL_PREFIX}{cell_id}>"


def _register_source(filename, code):
    # linecache lets tracebacks quote the user's line, as in a real Python file.
    lines = code.splitlines(True)
    linecache.cache[filename] = (len(code), None, lines, filename)


def _trim(te, label_of):
    """Drops kernel frames (Pyodide's eval machinery) before the first cell frame,
    and names cell files by their current position ("Cell 3"). `label_of(filename)`:
    that name, or None for a file that is not a cell."""
    frames = list(te.stack)
    first = next((i for i, f in enumerate(frames) if f.filename.startswith(CELL_PREFIX)), len(frames))
    kept = frames[first:]
    for frame in kept:
        frame.filename = label_of(frame.filename) or frame.filename
    te.stack = traceback.StackSummary.from_list(kept)
    filename = getattr(te, "filename", None)
    if isinstance(filename, str):  # SyntaxError raised while compiling a cell
        te.filename = label_of(filename) or filename
    for chained in (te.__cause__, te.__context__):
        if chained is not None:
            _trim(chained, label_of)


def _error(exc, filename, label_of):
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    line = None
    for frame in te.stack:
        if frame.filename == filename:
            line = frame.lineno
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        line = exc.lineno
    _trim(te, label_of)
    text = "".join(te.format())
    return {
        "ok": False,
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "traceback": text,
        "line": line,
        "interrupted": isinstance(exc, KeyboardInterrupt),
    }


def _finish(run, filename, label_of):
    try:
        value = run()
    except BaseException as exc:  # KeyboardInterrupt and SystemExit belong to the cell too
        return _error(exc, filename, label_of)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return _ran(value)


def _ran(value):
    """A cell's success: None when it shows nothing, as most cells (an assignment) do, so
    that TypeScript reads it without converting a dict, about half of such a cell's call
    into Python (workers/python/bridge.ts `readRunResult`)."""
    output = ripple_display.output_of(value)
    return None if output is None else {"ok": True, "output": output}


# Each cell's last compiled code, by cell id: a reactive re-run executes unchanged code,
# and compiling it again (CodeRunner's parse and AST passes) cost ~0.2 ms a cell, most of
# the run of a cell like `y = x + 1`. A code object is immutable and runs any number of times.
_compiled = {}


def _runner(code, cell_id, filename):
    cached = _compiled.get(cell_id)
    if cached is not None and cached[0] == code:
        return cached[1]
    runner = _compile(code, filename)
    _compiled[cell_id] = (code, runner)
    return runner


def _compile(code, filename):
    return CodeRunner(code, filename=filename, flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT).compile()


def precompile(code, cell_id):
    """Compiles a cell ahead of its run, into the cache run_cell reads, while the kernel
    has nothing else to do (a notebook opening while its database starts; see
    workers/idle-precompile.ts). Runs nothing. True when the code is in the cache; a cell
    that does not compile, or compiles with a warning (shown only when it is compiled),
    is left for its run to compile and report."""
    cached = _compiled.get(cell_id)
    if cached is not None and cached[0] == code:
        return True
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            runner = _compile(code, cell_filename(cell_id))
    except Exception:
        return False
    if caught:
        return False
    _compiled[cell_id] = (code, runner)
    return True


def run_cell(code, cell_id, label_of):
    """Runs a cell; the value of a trailing expression is its output. `label_of` (a
    TypeScript function, see _trim) is called only when the cell fails: converting the
    notebook's labels for every run cost about a third of a trivial cell's run.

    A cell without top-level await runs synchronously, inside this call: an interrupt
    can then only surface in the cell's frames (caught below) or, at worst, as an
    exception from this call. Run as a task on the event loop, a KeyboardInterrupt
    landing in the loop's own code would leave the task unfinished and the kernel
    waiting forever. Cells that use top-level await return a coroutine to await.
    """
    filename = cell_filename(cell_id)
    _register_source(filename, code)
    try:
        runner = _runner(code, cell_id, filename)
    except BaseException as exc:
        return _error(exc, filename, label_of)
    if runner.code is not None and runner.code.co_flags & inspect.CO_COROUTINE:

        async def run_async():
            try:
                value = await runner.run_async(NS)
            except BaseException as exc:
                return _error(exc, filename, label_of)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            return _ran(value)

        return run_async()
    return _finish(lambda: runner.run(NS), filename, label_of)


def install_sleep(wait_ms):
    """Replaces time.sleep with one that blocks the worker (see blocking-sleep.ts)."""
    import functools
    import math
    import time

    @functools.wraps(time.sleep)
    def sleep(seconds):
        seconds = float(seconds)  # a TypeError for non-numbers, as in CPython
        if math.isnan(seconds):
            raise ValueError("Invalid value NaN (not a number)")
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        if wait_ms(seconds * 1000):
            raise KeyboardInterrupt

    time.sleep = sleep


def forget(names, cell_ids=()):
    """Removes names no cell defines any more, so a deleted cell's values are gone, and
    the compiled code of deleted cells, which would otherwise stay for the session."""
    for name in names:
        NS.pop(name, None)
    for cell_id in cell_ids:
        _compiled.pop(cell_id, None)


def variables():
    """Public names of the namespace, for {name} completion in SQL cells."""
    return sorted(name for name in NS if not name.startswith("_"))


MARKDOWN_TEXT_LIMIT = 10_000


def markdown_values(names):
    """str() of each named value for a Markdown cell's {name}, keyed by name (read by
    workers/python/bridge.ts `readMarkdownValues`): {"text", "truncated"}, or
    {"missing": True} when the namespace has no such name. Runs no cell code."""
    out = {}
    for name in names:
        if name not in NS:
            out[name] = {"missing": True}
            continue
        value = NS[name]
        try:
            text = str(value)
        except Exception as exc:  # a broken __str__ (or an int past str()'s limit) shows as such
            text = f"<{type(value).__name__}: str() failed with {type(exc).__name__}>"
        out[name] = {"text": text[:MARKDOWN_TEXT_LIMIT], "truncated": len(text) > MARKDOWN_TEXT_LIMIT}
    return out


# --- Python values -> SQL bind parameters -------------------------------------
# Each parameter is a type oid and a payload (see bind_params): kind "text" carries the value's
# Postgres text form (or None for NULL), kind "array" a nested list of element
# texts that the TypeScript side encodes as an array literal. Oid 0 lets the
# server infer the type from context (used for str and NULL, which fit anywhere).

INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1

SCALAR_OIDS = {
    "bool": 16, "int8": 20, "numeric": 1700, "float8": 701, "unknown": 0,
    "date": 1082, "time": 1083, "timetz": 1266, "timestamp": 1114,
    "timestamptz": 1184, "interval": 1186, "bytea": 17, "jsonb": 3802, "uuid": 2950,
}
ARRAY_OIDS = {
    16: 1000, 20: 1016, 1700: 1231, 701: 1022, 0: 1009, 1082: 1182, 1083: 1183,
    1266: 1270, 1114: 1115, 1184: 1185, 1186: 1187, 17: 1001, 3802: 3807, 2950: 2951,
}

SUPPORTED = ("int, float, str, bool, None, datetime, date, time, timedelta, Decimal, "
             "UUID, bytes, list/tuple of those, dict (as JSON)")


class UnsupportedValue(Exception):
    pass


def _scalar(value):
    """(oid, text) for one non-container value."""
    if value is None:
        return 0, None
    if isinstance(value, bool):  # before int: bool is an int subclass
        return SCALAR_OIDS["bool"], "true" if value else "false"
    if isinstance(value, int):
        if INT8_MIN <= value <= INT8_MAX:
            return SCALAR_OIDS["int8"], str(value)
        # Via Decimal: str() of an int refuses more than 4300 digits; numeric takes 131072.
        return SCALAR_OIDS["numeric"], str(decimal.Decimal(value))
    if isinstance(value, float):
        if value != value:
            return SCALAR_OIDS["float8"], "NaN"
        if value in (float("inf"), float("-inf")):
            return SCALAR_OIDS["float8"], "Infinity" if value > 0 else "-Infinity"
        return SCALAR_OIDS["float8"], repr(value)
    if isinstance(value, str):
        if "\x00" in value:
            raise UnsupportedValue("contains a NUL character, which PostgreSQL text cannot hold")
        return SCALAR_OIDS["unknown"], value
    if isinstance(value, decimal.Decimal):
        return SCALAR_OIDS["numeric"], str(value)
    if isinstance(value, _dt.datetime):  # before date: datetime is a date subclass
        if value.tzinfo is not None and value.utcoffset() is not None:
            return SCALAR_OIDS["timestamptz"], value.isoformat(sep=" ")
        return SCALAR_OIDS["timestamp"], value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return SCALAR_OIDS["date"], value.isoformat()
    if isinstance(value, _dt.time):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return SCALAR_OIDS["timetz"], value.isoformat()
        return SCALAR_OIDS["time"], value.isoformat()
    if isinstance(value, _dt.timedelta):
        # Python normalises timedelta(seconds=-1) to days=-1, seconds=86399; sending that
        # as is would give '-1 days +23:59:59', which is not -1 s across a DST change.
        sign, size = ("-", -value) if value < _dt.timedelta(0) else ("", value)
        return SCALAR_OIDS["interval"], (
            f"{sign}{size.days} days {sign}{size.seconds} seconds {sign}{size.microseconds} microseconds"
        )
    if isinstance(value, (bytes, bytearray, memoryview)):
        return SCALAR_OIDS["bytea"], "\\x" + bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return SCALAR_OIDS["uuid"], str(value)
    if isinstance(value, dict):
        try:
            return SCALAR_OIDS["jsonb"], json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise UnsupportedValue(f"is a dict that is not valid JSON ({exc})") from None
    raise UnsupportedValue(f"has type {type(value).__name__}, which cannot be a SQL parameter")


def _array(items):
    """(element oid, nested texts). Elements must share one type (None fits any), and
    nested lists must be rectangular, as Postgres arrays are."""
    oids = set()

    def walk(seq):
        out = []
        shapes = set()
        for item in seq:
            if isinstance(item, (list, tuple)):
                texts, shape = walk(item)
                out.append(texts)
                shapes.add((len(item), *shape))
                continue
            if isinstance(item, dict):
                raise UnsupportedValue("is a list containing a dict; use a list of scalars, or a dict for JSON")
            oid, text = _scalar(item)
            if item is not None:
                oids.add(oid)
            out.append(text)
            shapes.add(None)
        if len(shapes) > 1:
            if None in shapes:
                raise UnsupportedValue("is a list mixing values and sub-lists at one level; a SQL array cannot")
            raise UnsupportedValue("is a nested list whose sub-lists differ in length; a SQL array must be rectangular")
        shape = shapes.pop() if shapes else None
        return out, (() if shape is None else shape)

    texts, _ = walk(items)
    if oids == {SCALAR_OIDS["int8"], SCALAR_OIDS["float8"]}:
        oids = {SCALAR_OIDS["float8"]}
    if oids == {SCALAR_OIDS["int8"], SCALAR_OIDS["numeric"]}:  # ints beyond int8 among small ones
        oids = {SCALAR_OIDS["numeric"]}
    if len(oids) > 1:
        raise UnsupportedValue("is a list mixing element types; all elements must have one type")
    return (oids.pop() if oids else None), texts


def _unsupported(name, value, problem):
    return f"`{name}` ({type(value).__name__}) {problem}. Supported: {SUPPORTED}."


def bind_params(names):
    """One keyed entry per name (read by workers/python/bridge.ts `readParams`):
    {"kind": "text", "typeOid", "text": str|None, "preview"}, {"kind": "array", "typeOid",
    "items": nested texts, "preview"}, {"kind": "missing"} or {"kind": "unsupported",
    "message"}. `preview` is the value's short repr, for the cell's log: one call into
    Python per statement, not two."""
    params = []
    for name in names:
        if name not in NS:
            params.append({"kind": "missing"})
            continue
        value = NS[name]
        try:
            if isinstance(value, (list, tuple)):
                elem, texts = _array(value)
                # An empty or all-NULL list has no element type: let the server infer it.
                params.append({"kind": "array", "typeOid": ARRAY_OIDS[elem] if elem is not None else 0, "items": texts, "preview": _preview(value)})
            else:
                oid, text = _scalar(value)
                params.append({"kind": "text", "typeOid": oid, "text": text, "preview": _preview(value)})
        except UnsupportedValue as exc:
            params.append({"kind": "unsupported", "message": _unsupported(name, value, str(exc))})
        except RecursionError:
            params.append({"kind": "unsupported", "message": _unsupported(name, value, "is nested too deeply (does it contain itself?)")})
        except Exception as exc:  # e.g. an int too long for str(): an error for this cell, not the kernel
            problem = f"could not be converted ({type(exc).__name__}: {exc})"
            params.append({"kind": "unsupported", "message": _unsupported(name, value, problem)})
    return params


def _preview(value):
    """A short repr of a parameter value for the cell log."""
    try:
        text = repr(value)
    except Exception:  # an int past str()'s digit limit, or a broken __repr__
        text = str(decimal.Decimal(value)) if isinstance(value, int) else f"<{type(value).__name__}>"
    return text if len(text) <= 200 else text[:197] + "..."
