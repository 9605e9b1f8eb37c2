"""Static analysis of a Ripple Python cell: which global names it defines and reads.

``analyze(code)`` parses the cell with :mod:`ast` and resolves every name with
CPython's own scoping rules (module, function, lambda, class, comprehension and
the 3.12+/3.14 annotation scopes used by type parameters, type aliases and lazy
annotations).  It never executes the cell.

Result::

    {"defines": [...], "references": [...], "syntax_error": None | {...}}

* ``defines``    -- names the cell binds in the notebook's global namespace:
  anything bound at cell top level (also inside ``if``/``for``/``while``/``try``/
  ``with``/``match`` blocks), walrus targets of top-level comprehensions, and
  names a function/class body declares ``global`` and then binds.
  ``del x`` is not a definition.  ``from m import *`` binds nothing we can know
  statically, so it contributes no definition.  ``from __future__ import ...`` is
  a compiler directive and is not reported as a definition.
* ``references`` -- names read anywhere in the cell that resolve to the global
  namespace, minus builtins, module dunders (``__name__`` ...) and the cell's own
  definitions.  ``del x`` of a global counts as a reference (it needs ``x`` to
  exist).  Annotations are references (3.14 evaluates them lazily, but
  ``dataclasses``/``typing`` do evaluate them), except annotations of function
  locals (never evaluated) and all annotations under
  ``from __future__ import annotations`` (they are strings).
* ``syntax_error`` -- set, with empty lists, when the cell does not compile
  (parser errors and compile-time errors such as ``return`` outside a function).
  ``line``/``column`` are 1-based and refer to the cell's own text.  Code nested
  more than ``MAX_NESTING`` levels deep is reported the same way (ripple_nesting.py).

Class bodies are flow-sensitive like CPython's ``LOAD_NAME``: a class-body read
of a name the body binds only later (``class C: x = x``) reads the global.

Both lists are sorted and free of duplicates.
"""

import ast
import traceback
import warnings

from ripple_nesting import MAX_NESTING, SAFE_DEALLOC_DEPTH, dismantle, nesting
from ripple_scopes import Analyzer, has_future_annotations

__all__ = ["analyze"]


def _syntax_error(message, line, column, ename="SyntaxError", formatted=None):
    error = {"message": str(message), "line": max(1, int(line or 1)), "column": max(1, int(column or 1)), "ename": ename}
    if formatted is not None:
        error["formatted"] = formatted
    return {"defines": [], "references": [], "syntax_error": error}


def analyze(code):
    """Return ``{"defines", "references", "syntax_error"}`` for one cell's source."""
    depth, too_deep = nesting(code)
    if too_deep is not None:
        line, column = too_deep
        return _syntax_error(
            f"code is nested too deeply to analyze (more than {MAX_NESTING} levels)", line, column + 1
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for invalid escapes
            # Compile first: the parser alone accepts code the compiler rejects
            # ('return' outside function, nonlocal at top level, misplaced walrus...).
            # Cells run with top-level await allowed, so compile the same way.
            compile(code, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
            tree = ast.parse(code, "<cell>", "exec")
    except SyntaxError as error:
        # Python's own layout (dedented line, caret range) and class (IndentationError,
        # TabError); the kernel swaps the "<cell>" file name for the cell's label.
        formatted = "".join(traceback.format_exception_only(error))
        return _syntax_error(error.msg or "invalid syntax", error.lineno, error.offset, type(error).__name__, formatted)
    except (ValueError, RecursionError, MemoryError) as error:
        return _syntax_error(str(error) or type(error).__name__, 1, 1)
    try:
        analyzer = Analyzer(has_future_annotations(tree))
        analyzer.run(tree)
        defines, references = analyzer.result()
    finally:
        if depth > SAFE_DEALLOC_DEPTH:
            dismantle(tree)
    return {"defines": defines, "references": references, "syntax_error": None}
