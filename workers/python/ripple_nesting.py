"""The nesting guard of analysis.py: estimates how deeply a cell's code nests from its
tokens, before the parser sees it, and frees deep trees without recursion.
"""

import ast
import io
import keyword
import tokenize

__all__ = ["MAX_NESTING", "SAFE_DEALLOC_DEPTH", "nesting", "dismantle"]

# -- nesting guard -----------------------------------------------------------
#
# CPython builds, converts and frees ASTs recursively.  Under Pyodide a few
# thousand levels (e.g. `x = a + a + ... + a` or a long `elif` chain) overflow the
# JavaScript stack, which is a fatal, unrecoverable Pyodide error rather than a
# Python exception.  Cells whose estimated nesting exceeds this limit are reported
# as a syntax error before the parser ever sees them.

MAX_NESTING = 1000
#: Trees estimated deeper than this are freed iteratively (see `dismantle`).
SAFE_DEALLOC_DEPTH = 200
_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")
_SEPARATORS = frozenset(",;")
_NESTING_KEYWORDS = frozenset({"not", "if", "lambda", "await", "and", "or"})
_OPERAND_TOKENS = frozenset(
    token_type
    for token_type in (
        tokenize.NAME,
        tokenize.NUMBER,
        tokenize.STRING,
        getattr(tokenize, "FSTRING_END", None),
        getattr(tokenize, "TSTRING_END", None),
    )
    if token_type is not None
)
_SKIPPED_TOKENS = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.ENCODING})


def nesting(code):
    """Estimate the cell's AST depth: ``(max_depth, excess)`` where ``excess`` is
    the ``(line, column 0-based)`` at which the estimate passes `MAX_NESTING`,
    or None.

    Over-estimates on purpose: every operator, attribute dot, call/subscript,
    `not`/`if`/`lambda`/`await`/`and`/`or` and bracket adds a level until the next
    `,`/`;` or the end of the logical line; consecutive `elif`s nest too.
    """
    if len(code) < SAFE_DEALLOC_DEPTH:
        return len(code), None  # every level costs at least one character
    levels = [0]
    depth = 1
    max_depth = 1
    indent = 0
    elif_runs = {}
    line_start = True
    after_operand = False
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            token_type = token.type
            if token_type in _SKIPPED_TOKENS:
                continue
            if token_type == tokenize.NEWLINE:
                levels = [0]
                depth = 1
                line_start = True
                after_operand = False
                continue
            if token_type == tokenize.INDENT:
                indent += 1
                continue
            if token_type == tokenize.DEDENT:
                elif_runs.pop(indent, None)
                indent -= 1
                continue
            if token_type == tokenize.ENDMARKER:
                break
            first, line_start = line_start, False
            text = token.string
            if token_type == tokenize.OP:
                if text in _OPENERS:
                    if after_operand:  # call or subscript
                        levels[-1] += 1
                        depth += 1
                    levels.append(0)
                    depth += 1
                    after_operand = False
                elif text in _CLOSERS:
                    if len(levels) > 1:
                        depth -= levels.pop() + 1
                    after_operand = True
                elif text in _SEPARATORS:
                    depth -= levels[-1]
                    levels[-1] = 0
                    after_operand = False
                else:
                    levels[-1] += 1
                    depth += 1
                    after_operand = False
            elif token_type == tokenize.NAME:
                if first and text == "if":
                    elif_runs[indent] = 0
                elif first and text == "elif":
                    run = elif_runs.get(indent, 0) + 1
                    elif_runs[indent] = run
                    if run > max_depth:
                        max_depth = run
                    if run > MAX_NESTING:
                        return max_depth, token.start
                if text in _NESTING_KEYWORDS:
                    levels[-1] += 1
                    depth += 1
                    after_operand = False
                else:
                    after_operand = not keyword.iskeyword(text) or text in ("None", "True", "False")
            else:
                after_operand = token_type in _OPERAND_TOKENS
            if depth > max_depth:
                max_depth = depth
                if depth > MAX_NESTING:
                    return max_depth, token.start
    except (tokenize.TokenError, SyntaxError, ValueError):
        # The parser will report the error; assume the worst for the tree's depth.
        return max(max_depth, len(code)), None
    return max_depth, None


def dismantle(tree):
    """Free a (possibly very deep) AST iteratively: recursive deallocation of a
    deep tree can overflow Pyodide's stack just like parsing it."""
    stack = [tree]
    while stack:
        node = stack.pop()
        fields = node.__dict__
        for value in fields.values():
            if isinstance(value, ast.AST):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, ast.AST))
        fields.clear()
