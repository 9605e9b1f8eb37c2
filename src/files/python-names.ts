/**
 * The names a notebook's Python code probably defines, read with patterns rather than a
 * parser: the importer runs in the page, where the kernel's Python is not at hand. It
 * only decides whether `'{name}'` or `$name` in another tool's SQL was that tool's text
 * substitution of a notebook variable (and so becomes a Ripple `{name}`), or literal text
 * such as an array literal `'{red}'` that must stay as it is. A name missed here keeps
 * the text unchanged, which is what the other tool did with a name it did not know.
 */
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const TARGETS = new RegExp(`^\\s*((?:\\(?\\s*${IDENT}\\s*,?\\s*\\)?\\s*)+)(?::[^=\\n]*)?(?:[-+*/%&|^@]|//|<<|>>|\\*\\*)?=(?!=)`, 'gm');
const FOR = new RegExp(`^\\s*(?:async\\s+)?for\\s+([^\\n]+?)\\s+in\\b`, 'gm');
const DEF = new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+(${IDENT})`, 'gm');
const IMPORT = new RegExp(`^\\s*import\\s+([^\\n#]+)`, 'gm');
const FROM_IMPORT = new RegExp(`^\\s*from\\s+\\S+\\s+import\\s+\\(?([^\\n#)]+)`, 'gm');
const AS = new RegExp(`\\bas\\s+(${IDENT})`, 'g');
const WALRUS = new RegExp(`(${IDENT})\\s*:=`, 'g');

function names(text: string): string[] {
  return text.match(new RegExp(IDENT, 'g')) ?? [];
}

export function pythonDefinedNames(source: string): Set<string> {
  const found = new Set<string>();
  const add = (list: readonly string[]): void => list.forEach((n) => found.add(n));
  for (const m of source.matchAll(TARGETS)) add(names(m[1] ?? ''));
  for (const m of source.matchAll(FOR)) add(names(m[1] ?? ''));
  for (const m of source.matchAll(DEF)) add([m[1] ?? '']);
  for (const m of source.matchAll(IMPORT)) {
    // `import a.b as c` binds c; `import a.b` binds a.
    for (const part of (m[1] ?? '').split(',')) {
      const as = /\bas\s+(\w+)/.exec(part);
      const first = /^\s*(\w+)/.exec(part);
      if (as?.[1]) found.add(as[1]);
      else if (first?.[1]) found.add(first[1]);
    }
  }
  for (const m of source.matchAll(FROM_IMPORT)) {
    for (const part of (m[1] ?? '').split(',')) {
      const as = /\bas\s+(\w+)/.exec(part);
      const first = /^\s*(\w+)/.exec(part);
      if (as?.[1]) found.add(as[1]);
      else if (first?.[1]) found.add(first[1]);
    }
  }
  for (const m of source.matchAll(AS)) add([m[1] ?? '']);
  for (const m of source.matchAll(WALRUS)) add([m[1] ?? '']);
  found.delete('');
  return found;
}
