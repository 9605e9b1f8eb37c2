/**
 * What a cell's outcome says to the user: Python results and errors, syntax errors with
 * the cell's own name and line, missing names, graph problems, interrupts. Pure: the
 * kernel passes in what it knows (labels, who defines a name).
 */
import type { CellError, CellOutput } from './protocol';
import type { PythonRunResult } from './python/runtime';
import type { PythonSyntaxError } from './python/analysis';
import type { StatusChange } from './graph/types';

export type CellOutcome = { output?: CellOutput; error?: CellError };

/** A Python run as the cell shows it; a NameError for a name no cell defines says so. */
export function pythonOutcome(result: PythonRunResult, definedByACell: (name: string) => boolean): CellOutcome {
  if (result.ok) return result.output ? { output: result.output } : {};
  if (result.interrupted) return { error: { kind: 'interrupted', message: 'Interrupted (KeyboardInterrupt). The namespace is kept.' } };
  let traceback = result.traceback;
  const missing = /^name '([A-Za-z_]\w*)' is not defined/.exec(result.evalue)?.[1];
  if (result.ename === 'NameError' && missing && !definedByACell(missing)) traceback += `\`${missing}\` is not defined by any cell.\n`;
  return {
    error: { kind: 'python', ename: result.ename, evalue: result.evalue, traceback, ...(result.line !== null ? { line: result.line } : {}) },
  };
}

/** A cell that does not compile, laid out as Python prints it, in the cell named `label`. */
export function syntaxCellError(code: string, label: string, error: PythonSyntaxError): CellError {
  if (error.formatted !== undefined) {
    const traceback = error.formatted.replace('File "<cell>"', `File "${label}"`);
    return { kind: 'python', ename: error.ename, evalue: error.message, traceback, line: error.line };
  }
  const source = code.split('\n')[error.line - 1] ?? '';
  const caret = `${' '.repeat(Math.max(0, error.column - 1))}^`;
  const traceback = `  File "${label}", line ${error.line}\n    ${source}\n    ${caret}\n${error.ename}: ${error.message}\n`;
  return { kind: 'python', ename: error.ename, evalue: error.message, traceback, line: error.line };
}

/** Why a `{name}` has no value: no cell defines it, or its cells have not run successfully. */
export function missingNameMessage(name: string, definerLabels: readonly string[]): string {
  if (definerLabels.length === 0) return `\`${name}\` is not defined by any cell.`;
  return `\`${name}\` is defined by ${definerLabels.join(', ')}, which has not run successfully yet.`;
}

export function graphMessage(reason: StatusChange['reason'], labelOf: (id: string) => string): string | undefined {
  if (reason?.kind === 'multiple-definitions') {
    const others = reason.otherCells.map((c) => `Cell ${c.index + 1}`).join(', ');
    return `\`${reason.name}\` is also defined by ${others}. A name may be defined by one cell only; rename or merge them.`;
  }
  if (reason?.kind === 'cycle') {
    return `These cells depend on each other in a cycle: ${reason.cycle.map(labelOf).join(' -> ')}. Break the cycle to run them.`;
  }
  return undefined;
}

/** The server stopped the query (57014): by our CancelRequest, when one was sent. */
export function isCancelledQuery(error: CellError): boolean {
  return error.kind === 'interrupted' || (error.kind === 'sql' && error.sqlstate === '57014');
}

export function interruptedError(queryCancelled: boolean): CellError {
  return { kind: 'interrupted', message: queryCancelled ? 'Interrupted: the query was cancelled.' : 'Interrupted.' };
}
