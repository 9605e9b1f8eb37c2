/**
 * The names a notebook's Python code probably defines, read with patterns rather than a
 * parser: the importer runs in the page, where the kernel's Python is not at hand. It
 * only decides whether `'{name}'` or `$name` in another tool's SQL was that tool's text
 * substitution of a notebook variable (and so becomes a Ripple `{name}`), or literal text
 * such as an array literal `'{red}'` that must stay as it is. A name missed here keeps
 * the text unchanged, which is what the other tool did with a name it did not know.
 */
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
// One line at a time, with no nested quantifier: a pattern like `(\(?\s*IDENT\s*,?\s*\)?)+`
// backtracks exponentially on a line that is not an assignment (`create table w (a text, b int)`
// hung the importer), because an identifier can be split anywhere into several.
const ASSIGNMENT = /^\s*([^=\n]*?)=(?!=)/;
const TARGET_LIST = /^[\s\w,()[\]*]*$/;
const FOR = new RegExp(`^\\s*(?:async\\s+)?for\\s+([^\\n]+?)\\s+in\\b`, 'gm');
const DEF = new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+(${IDENT})`, 'gm');
const IMPORT = new RegExp(`^\\s*import\\s+([^\\n#]+)`, 'gm');
const FROM_IMPORT = new RegExp(`^\\s*from\\s+\\S+\\s+import\\s+\\(?([^\\n#)]+)`, 'gm');
const AS = new RegExp(`\\bas\\s+(${IDENT})`, 'g');
const WALRUS = new RegExp(`(${IDENT})\\s*:=`, 'g');

function names(text: string): string[] {
  return text.match(new RegExp(IDENT, 'g')) ?? [];
}

/** The names an assignment line binds: `a = …`, `a, (b, c) = …`, `n: int = …`, `n += …`. */
function assignedNames(line: string): string[] {
  const m = ASSIGNMENT.exec(line);
  if (m === null) return [];
  let left = m[1] ?? '';
  if (/(?:<<|>>|\*\*|\/\/)$/.test(left)) left = left.slice(0, -2);
  else if (/[<>!]$/.test(left)) return []; // a comparison: <=, >=, !=
  else if (/[-+*/%&|^@]$/.test(left)) left = left.slice(0, -1);
  left = left.split(':')[0] ?? ''; // an annotation: `n: int = 1`
  // Targets are separated by commas; two words in a row (`select a from w where a = 1`) is not Python.
  if (!TARGET_LIST.test(left) || /\w\s+\w/.test(left)) return [];
  // A call's keyword argument (`f(a=1)`) leaves a parenthesis open; a target list does not.
  const depth = [...left].reduce((d, c) => d + (c === '(' || c === '[' ? 1 : c === ')' || c === ']' ? -1 : 0), 0);
  if (depth !== 0) return [];
  return names(left);
}

/** `a.b as c, d` binds c and d; `import a.b` binds a. */
function importedNames(list: string): string[] {
  return list.split(',').flatMap((part) => {
    const name = /\bas\s+(\w+)/.exec(part)?.[1] ?? /^\s*(\w+)/.exec(part)?.[1];
    return name === undefined ? [] : [name];
  });
}

export function pythonDefinedNames(source: string): Set<string> {
  const found = new Set<string>();
  const add = (list: readonly string[]): void => list.forEach((n) => found.add(n));
  for (const line of source.split('\n')) add(assignedNames(line));
  for (const m of source.matchAll(FOR)) add(names(m[1] ?? ''));
  for (const m of source.matchAll(DEF)) add([m[1] ?? '']);
  for (const m of [...source.matchAll(IMPORT), ...source.matchAll(FROM_IMPORT)]) add(importedNames(m[1] ?? ''));
  for (const m of source.matchAll(AS)) add([m[1] ?? '']);
  for (const m of source.matchAll(WALRUS)) add([m[1] ?? '']);
  found.delete('');
  return found;
}

const TEXT_ASSIGNMENT = new RegExp(`^\\s*(${IDENT})\\s*(?::[^=\\n]*)?=\\s*(?:[rRuUfF]|[rR][fF]|[fF][rR])?(?:'|")`, 'gm');

/** Names given a Python string literal: `col = 'first_name'`, `t: str = "x"`, `q = f"…"` (not bytes). */
export function pythonTextNames(source: string): Set<string> {
  const found = new Set<string>();
  for (const m of source.matchAll(TEXT_ASSIGNMENT)) if (m[1]) found.add(m[1]);
  return found;
}
