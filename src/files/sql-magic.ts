/**
 * The arguments of an ipython-sql / jupysql magic line: `%%sql [connection] [flags]
 * [name <<] [SQL…]` or `%sql …`. What is left after the arguments is SQL and belongs to
 * the cell: `%%sql writers << select first_name` starts the query on the magic line.
 */
import { isPythonIdentifier } from './py-format';

export interface SqlMagicLine {
  /** A PostgreSQL connection string (`postgresql+psycopg2://` loses its driver suffix). */
  readonly connection?: string;
  /** Another database's connection string or a named connection (`sqlite://`, `duckdb:///x.db`, `user@db`). */
  readonly otherConnection?: string;
  /** `name <<`: the variable that receives the result. */
  readonly resultName?: string;
  /** jupysql `--save NAME`: the query is kept as a snippet other queries can use as a CTE. */
  readonly save?: string;
  /** jupysql `--with NAME` (repeatable): snippets this query uses. */
  readonly with: readonly string[];
  /** jupysql `--no-execute`: saved, not run. */
  readonly noExecute: boolean;
  /** Arguments Ripple has no use for, as written (`--alias shop`, `--persist df`). */
  readonly ignored: readonly string[];
  /** The SQL after the arguments, as written. */
  readonly sql: string;
}

/** Flags that take a value (long and short forms of jupysql / ipython-sql). */
const VALUED: Readonly<Record<string, string>> = {
  '--save': 'save', '-S': 'save', '--with': 'with', '-w': 'with', '--alias': 'alias', '-A': 'alias',
  '--connection': 'connection', '--creator': 'creator', '-c': 'creator', '--section': 'section', '-s': 'section',
  '--file': 'file', '-f': 'file', '--persist': 'persist', '-p': 'persist', '--persist-replace': 'persist-replace',
  '-P': 'persist-replace', '--append': 'append', '--connection_arguments': 'connection_arguments', '-a': 'connection_arguments',
  '--close': 'close', '-x': 'close', '--interact': 'interact',
};
const BARE: Readonly<Record<string, string>> = { '--no-execute': 'no-execute', '-N': 'no-execute', '--connections': 'connections', '-l': 'connections', '--no-index': 'no-index' };

const POSTGRES = /^(postgres(?:ql)?)(?:\+\w+)?(:\/\/\S*)$/i;
const ANY_URL = /^[a-z][\w+.-]*:\/\/\S*$/i;
const NAMED_CONNECTION = /^\w+@\w+$/;

/** A PostgreSQL connection string without any SQLAlchemy driver suffix, or undefined. */
export function postgresConnection(argument: string): string | undefined {
  const m = POSTGRES.exec(argument);
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** `args`: the text after `%%sql` or `%sql` on the magic line. */
export function parseSqlMagic(args: string): SqlMagicLine {
  let connection: string | undefined;
  let otherConnection: string | undefined;
  let resultName: string | undefined;
  let save: string | undefined;
  let noExecute = false;
  const withNames: string[] = [];
  const ignored: string[] = [];
  const words = [...args.matchAll(/\S+/g)];
  let i = 0;
  for (; i < words.length; i += 1) {
    const word = words[i]?.[0] ?? '';
    const next = words[i + 1]?.[0];
    const flag = VALUED[word.split('=')[0] ?? ''];
    if (flag !== undefined) {
      // `--save=name` or `--save name`.
      const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : next;
      if (!word.includes('=')) i += 1;
      if (value === undefined) break;
      if (flag === 'save') save = value;
      else if (flag === 'with') withNames.push(value);
      else ignored.push(`${word.includes('=') ? word : `${word} ${value}`}`);
    } else if (BARE[word] !== undefined) {
      if (BARE[word] === 'no-execute') noExecute = true;
      else ignored.push(word);
    } else if (/^--[A-Za-z][\w-]*(=\S*)?$|^-[A-Za-z]$/.test(word)) {
      // An option Ripple does not know; SQL after the arguments never starts like this.
      ignored.push(word);
    } else if (postgresConnection(word) !== undefined && connection === undefined && otherConnection === undefined) {
      connection = postgresConnection(word);
    } else if ((ANY_URL.test(word) || NAMED_CONNECTION.test(word)) && connection === undefined && otherConnection === undefined) {
      otherConnection = word;
    } else if (next === '<<' && isPythonIdentifier(word) && resultName === undefined) {
      resultName = word;
      i += 1;
    } else if (word.endsWith('<<') && isPythonIdentifier(word.slice(0, -2)) && resultName === undefined) {
      resultName = word.slice(0, -2);
    } else {
      break;
    }
  }
  const sql = i < words.length ? args.slice(words[i]?.index ?? args.length) : '';
  return {
    ...(connection !== undefined ? { connection } : {}),
    ...(otherConnection !== undefined ? { otherConnection } : {}),
    ...(resultName !== undefined ? { resultName } : {}),
    ...(save !== undefined ? { save } : {}),
    with: withNames,
    noExecute,
    ignored,
    sql,
  };
}
