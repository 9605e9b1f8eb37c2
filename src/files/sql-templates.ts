/**
 * Other tools' SQL substitution, rewritten as Ripple's bound `{name}` where that keeps the
 * meaning, and flagged where it cannot.
 *
 * - jupysql renders queries as Jinja templates: `{{ name }}` is pasted text. It becomes
 *   `{name}` (a bound value). Any other Jinja (`{% for %}`, `{{ x | upper }}`) cannot be
 *   translated: the caller comments the cell out.
 * - ipython-sql binds `:name` through SQLAlchemy: it becomes `{name}`.
 * - ipython-sql (IPython's var_expand) pastes `$name` and `{name}` as text, and leaves a
 *   name it does not know as it is. So `$name`, and a `{name}` or `{{name}}` inside a quoted
 *   literal, become bound values only when the notebook defines `name`; `'{red}'` in an
 *   array literal stays text. `'{name}'` becomes `{name}`; `'%{name}%'` becomes
 *   `('%' || {name} || '%')`, which is what the pasted text meant.
 * - A bound value cannot name a column or table. A `{name}` where a name goes (after FROM,
 *   before `.`, `{col} = 'Brecht'`, …) did something else in the other tool: it is flagged
 *   for review, never rewritten by guesswork.
 */
import { lex, type Token } from '../../workers/sql/lexer';

export interface TemplateResult {
  readonly sql: string;
  /** What was rewritten, one line each, for the import report. */
  readonly converted: readonly string[];
  /** Why the cell probably does not do here what it did there. */
  readonly review: readonly string[];
  /** Set when the SQL uses template logic Ripple cannot express: the cell is commented out. */
  readonly untranslatable?: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const JINJA_SIMPLE = new RegExp(`\\{\\{\\s*(${NAME})\\s*\\}\\}`, 'g');
const SQLALCHEMY_BIND = new RegExp(`(?<![:\\w\\\\]):(${NAME})(?!:)`, 'g');
const DOLLAR_NAME = new RegExp(`(?<![\\w$])\\$(${NAME})(?![\\w$])`, 'g');
/** In a literal: `{{name}}`, `{name}` or `$name`. */
const IN_LITERAL = new RegExp(`\\{\\{\\s*(${NAME})\\s*\\}\\}|\\{(${NAME})\\}|(?<![\\w$])\\$(${NAME})(?![\\w$])`, 'g');

/** Outside literals: `{{name}}`, `{name}` or `$name`, each pasted by the other tool as it is. */
const PASTED_IN_CODE = new RegExp(`\\{\\{\\s*(${NAME})\\s*\\}\\}|\\{(${NAME})\\}|(?<![\\w$])\\$(${NAME})(?![\\w$])`, 'g');

/**
 * `defined`: names the notebook defines; `textValues`: those of them given a Python string
 * (`col = 'first_name'`). A string pasted outside quotes was SQL text to the other tool (a
 * column, a table, a clause), which a bound value can never be: such a cell is flagged.
 */
export function translateTemplates(source: string, defined: ReadonlySet<string>, textValues: ReadonlySet<string> = new Set()): TemplateResult {
  if (/\{%|\{#/.test(source)) {
    return { sql: source, converted: [], review: [], untranslatable: 'it uses Jinja template logic ({% … %}), which Ripple cannot run' };
  }
  const converted = new Set<string>();
  const pastedText = new Set<string>();
  let out = '';
  let code = '';
  const flushCode = (): void => {
    for (const m of code.matchAll(PASTED_IN_CODE)) {
      const name = m[1] ?? m[2] ?? m[3] ?? '';
      if (textValues.has(name)) pastedText.add(m[0]);
    }
    out += rewriteCode(code, defined, converted);
    code = '';
  };
  for (const token of lex(source)) {
    const text = source.slice(token.start, token.end);
    if (token.kind === 'string') {
      flushCode();
      out += rewriteLiteral(source, token, defined, converted);
    } else if (token.kind === 'dollarString' || token.kind === 'lineComment' || token.kind === 'blockComment' || token.kind === 'quotedIdent') {
      flushCode();
      out += text;
    } else {
      code += text;
    }
  }
  flushCode();
  const leftover = /\{\{[\s\S]*?\}\}/.exec(stripLiterals(out));
  if (leftover) {
    return { sql: source, converted: [], review: [], untranslatable: `it uses a Jinja expression (${leftover[0]}) that is more than a variable name` };
  }
  // Positions are judged on the text as written (`{col} = 'Brecht'`, where the literal may
  // since have become a placeholder) and as rewritten (`$tbl` is `{tbl}` only there).
  const pastedNames = new Set([...pastedText].map((written) => /[A-Za-z_]\w*/.exec(written)?.[0] ?? ''));
  // A pasted string says more than its position: it alone is reported for that name.
  const review = new Set([...reviewPlaceholders(source, pastedNames), ...reviewPlaceholders(out, pastedNames)]);
  for (const written of pastedText) {
    const name = /[A-Za-z_]\w*/.exec(written)?.[0] ?? '';
    review.add(
      `${written} pastes the Python string ${name} into the query as SQL text (outside quotes), so it named a column, table or clause there; ` +
        `Ripple sends {${name}} as a bound value, which cannot`,
    );
  }
  return { sql: out, converted: [...converted], review: [...review] };
}

function rewriteCode(code: string, defined: ReadonlySet<string>, converted: Set<string>): string {
  return code
    .replace(JINJA_SIMPLE, (_all, name: string) => {
      converted.add(`Jinja {{${name}}} became the bound value {${name}}`);
      return `{${name}}`;
    })
    .replace(SQLALCHEMY_BIND, (_all, name: string) => {
      converted.add(`:${name} became {${name}}`);
      return `{${name}}`;
    })
    .replace(DOLLAR_NAME, (all, name: string) => {
      if (!defined.has(name)) return all;
      converted.add(`$${name} became the bound value {${name}}`);
      return `{${name}}`;
    });
}

/** A `'…'` literal holding another tool's substitution of a notebook variable, as text concatenation of bound values. */
function rewriteLiteral(source: string, token: Token, defined: ReadonlySet<string>, converted: Set<string>): string {
  const whole = source.slice(token.start, token.end);
  if (token.bodyStart === undefined || token.bodyEnd === undefined || token.bodyEnd + 1 !== token.end) return whole;
  const prefix = source.slice(token.start, token.bodyStart - 1);
  // U&'…' (escapes relative to UESCAPE) and bit strings cannot be cut into pieces safely.
  if (!/^[EeNn]?$/.test(prefix)) return whole;
  const body = source.slice(token.bodyStart, token.bodyEnd);
  const parts: string[] = [];
  let at = 0;
  for (const m of body.matchAll(IN_LITERAL)) {
    const name = m[1] ?? m[2] ?? m[3] ?? '';
    if (!defined.has(name)) continue;
    if (m.index > at) parts.push(`${prefix}'${body.slice(at, m.index)}'`);
    parts.push(`{${name}}`);
    at = m.index + m[0].length;
  }
  if (parts.length === 0) return whole;
  if (at < body.length) parts.push(`${prefix}'${body.slice(at)}'`);
  const rewritten = parts.length === 1 ? (parts[0] ?? whole) : `(${parts.join(' || ')})`;
  converted.add(`${whole} pasted a variable into the text; it became ${rewritten}`);
  return rewritten;
}

/** The text with string literals, comments and quoted names blanked, so patterns see only code. */
function stripLiterals(sql: string): string {
  return lex(sql)
    .map((t) => (t.kind === 'string' || t.kind === 'dollarString' || t.kind === 'lineComment' || t.kind === 'blockComment' ? ' ' : sql.slice(t.start, t.end)))
    .join('');
}

const NAME_BEFORE = new Set(['from', 'join', 'into', 'update', 'table', 'truncate', 'as', 'by']);
const CONDITION_START = new Set(['where', 'and', 'or', 'on', 'when', 'having']);
const COMPARISON = /^(=|<|>|!|~)$/;
const COMPARISON_WORDS = new Set(['like', 'ilike', 'in', 'is', 'between']);

function reviewPlaceholders(sql: string, skip: ReadonlySet<string>): string[] {
  const tokens = lex(sql);
  const significant = tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
  const text = (t: Token | undefined): string => (t === undefined ? '' : sql.slice(t.start, t.end).toLowerCase());
  const review = new Set<string>();
  const hasFrom = significant.some((t) => t.kind === 'word' && text(t) === 'from');
  significant.forEach((token, i) => {
    if (token.kind === 'quotedIdent' && new RegExp(`\\{${NAME}\\}`).test(text(token))) {
      review.add(`${sql.slice(token.start, token.end)} is a quoted column or table name: the {name} inside it is not replaced by a value`);
      return;
    }
    if (token.kind !== 'placeholder' || skip.has(token.name ?? '')) return;
    const ref = `{${token.name ?? ''}}`;
    const before = significant[i - 1];
    const after = significant[i + 1];
    const afterNext = significant[i + 2];
    let where: string | undefined;
    if (before?.kind === 'word' && NAME_BEFORE.has(text(before))) where = `after ${text(before).toUpperCase()}`;
    else if (text(before) === '.' || text(after) === '.') where = 'in a qualified name';
    else if ((before?.kind === 'word' && before.end === token.start) || (after?.kind === 'word' && after.start === token.end)) where = 'joined to a name';
    else if (after?.kind === 'openParen') where = 'as a function name';
    else if (
      before?.kind === 'word' &&
      CONDITION_START.has(text(before)) &&
      (COMPARISON.test(text(after)) || (after?.kind === 'word' && COMPARISON_WORDS.has(text(after)))) &&
      afterNext !== undefined &&
      (afterNext.kind === 'string' || /^[0-9]/.test(text(afterNext)))
    ) {
      where = `compared with the constant ${sql.slice(afterNext.start, afterNext.end)}`;
    } else if (before?.kind === 'word' && ['select', 'distinct'].includes(text(before)) && hasFrom && (text(after) === ',' || text(after) === 'from')) {
      where = 'as a selected column';
    }
    if (where !== undefined) {
      review.add(
        `${ref} sits where a column or table name goes (${where}). The other tool pasted the variable's text into the query; ` +
          `Ripple sends ${ref} as a bound value, which cannot name a column or table`,
      );
    }
  });
  return [...review];
}
