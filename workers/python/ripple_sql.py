"""SQL results as Python values: what a named SQL cell puts in the namespace.

Values arrive from the kernel already decoded to JS (see workers/sql/decode.ts) and
converted by Pyodide (int/float/str/bool/None/list/dict, bytes as memoryview);
each column's `kind` says how to finish the job, exactly: numeric -> Decimal,
timestamps -> datetime without any time-zone shift, and so on.
"""

import datetime as _dt
import decimal
import html
import json
import uuid

from ripple_runtime import NS


def _datetime(text):
    try:
        return _dt.datetime.fromisoformat(text)
    except ValueError:  # 'infinity', BC dates and years past 9999 stay as Postgres wrote them
        return text


def _date(text):
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return text


def _time(text):
    if text.startswith("24:"):  # Postgres' end of day; Python would read it as midnight
        return text
    try:
        return _dt.time.fromisoformat(text)
    except ValueError:
        return text


def _decimal(text):
    return decimal.Decimal(text)


def _float(value):
    return float(value)


def _bytes(value):
    return bytes(value)


def _uuid(text):
    return uuid.UUID(text)


def _int(value):
    return int(value)


def _json(text):
    # The server's text, not the JS value: JSON numbers stay exact (big ints, 1.0).
    return json.loads(text)


CONVERTERS = {
    "int": _int, "float": _float, "decimal": _decimal, "date": _date, "time": _time,
    "datetime": _datetime, "bytes": _bytes, "uuid": _uuid, "json": _json,
}


def _converter(kind, is_array):
    convert = CONVERTERS.get(kind)
    if convert is None:
        return None
    if not is_array:
        return convert

    def convert_array(value):
        if value is None:
            return None
        if isinstance(value, list):
            return [convert_array(item) for item in value]
        return convert(value)

    return convert_array


class SqlResult:
    """The result of a SQL cell. `columns` are names, `types` Postgres type names,
    `rows` tuples. Iterating yields one dict per row; `len()` is the number of rows kept,
    `row_count` how many the query returned (more when the result was too large to keep)."""

    def __init__(self, columns, types, rows, row_count, command):
        self.columns = list(columns)
        self.types = list(types)
        self.rows = rows
        self.row_count = row_count
        self.command = command

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        for row in self.rows:
            yield dict(zip(self.columns, row))

    def __getitem__(self, index):
        if isinstance(index, str):
            return self.column(index)
        if isinstance(index, slice):
            return [dict(zip(self.columns, row)) for row in self.rows[index]]
        return dict(zip(self.columns, self.rows[index]))

    def column(self, name):
        position = self.columns.index(name)
        return [row[position] for row in self.rows]

    def _preview(self, limit=10):
        shown = [[repr(value) for value in row] for row in self.rows[:limit]]
        widths = [len(name) for name in self.columns]
        for row in shown:
            widths = [max(w, min(len(cell), 40)) for w, cell in zip(widths, row)]

        def line(cells):
            return " | ".join(cell[:40].ljust(width) for cell, width in zip(cells, widths))

        lines = [line(self.columns), "-+-".join("-" * width for width in widths)]
        lines += [line(row) for row in shown]
        if len(self.rows) > limit:
            lines.append(f"... {len(self.rows) - limit} more rows")
        return lines

    def __repr__(self):
        noun = "row" if self.row_count == 1 else "rows"
        kept = f"{len(self.rows):,} of " if len(self.rows) < self.row_count else ""
        head = f"SqlResult({kept}{self.row_count:,} {noun} x {len(self.columns)} columns: {self.command})"
        if not self.columns:
            return head
        return "\n".join([head, *self._preview()])

    def _repr_html_(self):
        head = "".join(f"<th>{html.escape(name)}</th>" for name in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(repr(value))}</td>" for value in row) + "</tr>"
            for row in self.rows[:50]
        )
        more = f"<p>{len(self.rows) - 50} more rows</p>" if len(self.rows) > 50 else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def store_result(result):
    """Binds `result["name"]` to a SqlResult. `result` is one keyed dict (written by
    workers/python/runtime.ts `storeSqlResult`): name, columns, types (Postgres names),
    kinds and arrays (how to convert each column), rows (already Python lists), rowCount,
    command. Rows are converted column by column."""
    name, columns, types, rows = result["name"], result["columns"], result["types"], result["rows"]
    row_count, command = result["rowCount"], result["command"]
    converters = [_converter(kind, is_array) for kind, is_array in zip(result["kinds"], result["arrays"])]
    active = [(i, c) for i, c in enumerate(converters) if c is not None]
    converted = []
    for row in rows:
        if active:
            row = list(row)
            for i, convert in active:
                if row[i] is not None:
                    row[i] = convert(row[i])
        converted.append(tuple(row))
    NS[name] = SqlResult(columns, types, converted, row_count, command)
