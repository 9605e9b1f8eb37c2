"""Rich output by the IPython display protocol, without IPython.

An object shows as the richest of its representations that Ripple can draw:
`_repr_mimebundle_` first, then `_repr_html_`, `_repr_markdown_`, `_repr_svg_`,
`_repr_png_`, `_repr_jpeg_`, `_repr_latex_`, `_repr_json_`, and `repr()` last. A
SqlResult or a list of dicts is a table (which the UI can also chart), and a dict that
is a Vega-Lite spec (what Altair builds) is a chart.

Each output is a keyed dict that workers/python/outputs.ts validates: the boundary to
TypeScript is never a positional list. `display()` sends outputs while the cell runs,
through the sink runtime.ts installs; it is also importable from `IPython.display`, so
notebooks imported from Jupyter that use it run unchanged.
"""

import base64
import datetime as _dt
import decimal
import json
import sys
import types

VEGALITE_MIMES = ("application/vnd.vegalite.v6+json", "application/vnd.vegalite.v5+json", "application/vnd.vegalite.v4+json")
REPR_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("text/latex", "_repr_latex_"),
    ("application/json", "_repr_json_"),
)
# Richest first, as JupyterLab ranks them.
MIME_ORDER = (*VEGALITE_MIMES, "text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/latex", "application/json", "text/plain")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif")

# A table from Python is for reading and charting, not for moving a whole dataset
# into the page: beyond this many rows it is cut, and says how many there were.
MAX_TABLE_ROWS = 100_000

_sink = None


def set_sink(sink):
    """runtime.ts: `sink(output)` sends one display output of the running cell."""
    global _sink
    _sink = sink


def _data_only(result):
    # `_repr_*_` may return (data, metadata).
    if isinstance(result, tuple) and len(result) == 2:
        return result[0]
    return result


def mimebundle(value):
    """{mime: data} for every representation `value` offers; a broken method offers none."""
    bundle = {}
    method = getattr(type(value), "_repr_mimebundle_", None)
    if method is not None:
        try:
            result = _data_only(value._repr_mimebundle_(include=None, exclude=None))
            if isinstance(result, dict):
                bundle.update(result)
        except Exception:
            pass
    for mime, name in REPR_METHODS:
        if mime in bundle or getattr(type(value), name, None) is None:
            continue
        try:
            data = _data_only(getattr(value, name)())
        except Exception:
            continue
        if data is not None:
            bundle[mime] = data
    if "text/plain" not in bundle:
        bundle["text/plain"] = _safe_repr(value)
    return bundle


def _safe_repr(value):
    try:
        return repr(value)
    except Exception as exc:  # a broken __repr__ must not lose the cell's run
        return f"<{type(value).__name__} object: repr() raised {type(exc).__name__}: {exc}>"


def _text(data):
    return data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else str(data)


def _from_mime(mime, data):
    """The output for one representation, or None when its data is unusable."""
    if mime in VEGALITE_MIMES:
        return _vegalite(data)
    if mime == "text/html":
        return {"type": "html", "html": _text(data)}
    if mime == "text/markdown":
        return {"type": "markdown", "markdown": _text(data)}
    if mime == "image/svg+xml":
        return {"type": "svg", "svg": _text(data)}
    if mime in IMAGE_MIMES:
        if isinstance(data, (bytes, bytearray)):
            encoded = base64.b64encode(data).decode("ascii")
        else:
            encoded = "".join(str(data).split())  # base64 text, as Jupyter stores it
        return {"type": "image", "mime": mime, "base64": encoded}
    if mime == "text/latex":
        return {"type": "latex", "latex": _text(data)}
    if mime == "application/json":
        if isinstance(data, (str, bytes)):
            data = json.loads(data)
        return {"type": "json", "json": json.dumps(data, default=repr)}
    if mime == "text/plain":
        return {"type": "text", "text": _text(data)}
    return None


def output_of(value):
    """A cell's trailing value (or a `display()` argument) as one output; None shows nothing."""
    if value is None:
        return None
    table = table_of(value)
    if table is not None:
        return table
    if _is_vegalite_spec(value):
        output = _vegalite(value)
        if output is not None:
            return output
    bundle = mimebundle(value)
    for mime in MIME_ORDER:
        if mime in bundle:
            try:
                output = _from_mime(mime, bundle[mime])
            except Exception:
                output = None
            if output is not None:
                return output
    return {"type": "text", "text": _safe_repr(value)}


def _vegalite(spec):
    """Strict JSON (no NaN), which the page parses with JSON.parse; None when it is not JSON."""
    try:
        return {"type": "vegalite", "spec": spec if isinstance(spec, str) else json.dumps(spec, allow_nan=False, default=str)}
    except (TypeError, ValueError):
        return None


def _is_vegalite_spec(value):
    return isinstance(value, dict) and "vega-lite" in str(value.get("$schema", ""))


# ---------------------------------------------------------------- tables

_TYPES = {  # type name -> Postgres OID, so the UI aligns and charts them like SQL results
    "bool": 16, "int2": 21, "int4": 23, "int8": 20, "float4": 700, "float8": 701, "numeric": 1700,
    "text": 25, "varchar": 1043, "date": 1082, "time": 1083, "timestamp": 1114, "timestamptz": 1184,
    "json": 114, "jsonb": 3802, "uuid": 2950, "bytea": 17,
}


def _type_of(values):
    kinds = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            kinds.add("bool")
        elif isinstance(v, int):
            kinds.add("int8")
        elif isinstance(v, float):
            kinds.add("float8")
        elif isinstance(v, decimal.Decimal):
            kinds.add("numeric")
        elif isinstance(v, _dt.datetime):
            kinds.add("timestamptz" if v.tzinfo is not None else "timestamp")
        elif isinstance(v, _dt.date):
            kinds.add("date")
        elif isinstance(v, (dict, list)):
            kinds.add("jsonb")
        else:
            kinds.add("text")
        if len(kinds) > 2:
            return "text"
    if kinds <= {"int8", "float8"} and kinds:
        return "float8" if "float8" in kinds else "int8"
    return kinds.pop() if len(kinds) == 1 else "text"


def _cell(value, type_name):
    """A Python value as the page takes it (workers/protocol.ts SqlValue)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value if type_name != "text" or value is None or isinstance(value, str) else _safe_repr(value)
    if isinstance(value, float):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        # Only JSON crosses to the page: a date inside a dict becomes its text.
        return json.loads(json.dumps(value, default=str))
    return _safe_repr(value)


def _table(columns, types, rows, row_count, command):
    kept = rows[:MAX_TABLE_ROWS]
    if types is None:
        types = [_type_of(row[i] for row in kept) for i in range(len(columns))]
    return {
        "type": "table",
        "columns": [{"name": str(c), "typeOid": _TYPES.get(t, 0), "typeName": t} for c, t in zip(columns, types)],
        "rows": [[_cell(v, t) for v, t in zip(row, types)] for row in kept],
        "rowCount": row_count,
        "command": command,
    }


def table_of(value):
    """A SqlResult, or a non-empty list of dicts, as a table output; else None."""
    sql_result = sys.modules.get("ripple_sql")
    if sql_result is not None and isinstance(value, sql_result.SqlResult):
        # The SQL types as the database named them (int4 stays int4).
        return _table(value.columns, value.types, value.rows, value.row_count, value.command)
    if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
        columns = list(dict.fromkeys(key for row in value for key in row))
        rows = [tuple(row.get(c) for c in columns) for row in value[:MAX_TABLE_ROWS]]
        return _table(columns, None, rows, len(value), f"{len(value):,} dicts")
    return None


# ---------------------------------------------------------------- display() and helpers


def display(*objs, **_ignored):
    """Shows each object as an output of the running cell, in order with its prints."""
    for obj in objs:
        output = output_of(obj)
        if output is not None and _sink is not None:
            sys.stdout.flush()
            sys.stderr.flush()
            _sink(output)


class _Raw:
    """Data given as it is, shown as one MIME type (like IPython.display's classes)."""

    mime = "text/plain"

    def __init__(self, data=None, url=None, filename=None, **_ignored):
        if data is None and filename is not None:
            with open(filename, "rb" if self.mime.startswith("image/") and self.mime != "image/svg+xml" else "r") as f:
                data = f.read()
        if data is None:
            raise ValueError(f"{type(self).__name__} needs data or a filename (Ripple does not fetch URLs)")
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {self.mime: self.data, "text/plain": f"<{type(self).__name__} object>"}


class HTML(_Raw):
    mime = "text/html"


class Markdown(_Raw):
    mime = "text/markdown"


class SVG(_Raw):
    mime = "image/svg+xml"


class Latex(_Raw):
    mime = "text/latex"


class Math(_Raw):
    mime = "text/latex"

    def __init__(self, data=None, **kwargs):
        super().__init__(data=f"$${data.strip().strip('$')}$$" if isinstance(data, str) else data, **kwargs)


class JSON(_Raw):
    mime = "application/json"


class Image(_Raw):
    """PNG or JPEG bytes (`format="png"` or "jpeg"), or a file of them."""

    def __init__(self, data=None, url=None, filename=None, format=None, **kwargs):
        fmt = (format or (filename or "").rsplit(".", 1)[-1] or "png").lower()
        self.mime = "image/jpeg" if fmt in ("jpg", "jpeg") else f"image/{fmt}"
        if self.mime not in IMAGE_MIMES:
            raise ValueError(f"Image format {fmt!r} is not one Ripple shows (png, jpeg, gif)")
        super().__init__(data=data, url=url, filename=filename, **kwargs)


class VegaLite(_Raw):
    mime = VEGALITE_MIMES[0]


def _install_ipython_shim():
    """`from IPython.display import display, Markdown` works as in Jupyter."""
    if "IPython" in sys.modules:
        return
    package = types.ModuleType("IPython")
    package.__path__ = []
    package.get_ipython = lambda: None
    package.display = sys.modules[__name__]
    sys.modules["IPython"] = package
    sys.modules["IPython.display"] = sys.modules[__name__]


_install_ipython_shim()
