import { describe, expect, it, vi } from 'vitest';
import { CompletionContext, type Completion } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import {
  completeSql,
  createCatalogLoader,
  sqlCompletionSource,
  type SqlCompletionData,
  type SqlTable,
} from '../../../src/components/editor/sql-completion';

const TABLES: SqlTable[] = [
  { schema: 'public', name: 'users', columns: [{ name: 'id', type: 'integer' }, { name: 'user_name', type: 'text' }, { name: 'email', type: 'text' }] },
  { schema: 'public', name: 'orders', columns: [{ name: 'id', type: 'integer' }, { name: 'user_id', type: 'integer' }, { name: 'total', type: 'numeric' }] },
  { schema: 'sales', name: 'orders', columns: [{ name: 'order_id', type: 'bigint' }, { name: 'amount', type: 'numeric' }] },
  { schema: 'sales', name: 'Big Deals', columns: [{ name: 'Deal ID', type: 'integer' }] },
];
const DATA: SqlCompletionData = { tables: TABLES, variables: ['user_id', 'users_df', 'limit_n'] };

/** Runs completion at the `|` marker and filters like CodeMirror would (prefix of the typed word). */
function complete(marked: string, explicit = false): Completion[] | null {
  const pos = marked.indexOf('|');
  const text = marked.slice(0, pos) + marked.slice(pos + 1);
  const result = completeSql(text, pos, DATA, explicit);
  if (!result) return null;
  const typed = text.slice(result.from, pos).toLowerCase();
  return result.options.filter((o) => o.label.toLowerCase().startsWith(typed));
}
const labels = (marked: string, explicit = false): string[] | null => complete(marked, explicit)?.map((o) => o.label) ?? null;

interface Case { name: string; src: string; explicit?: boolean; has?: string[]; lacks?: string[]; none?: true }

const CASES: Case[] = [
  { name: 'table after FROM', src: 'SELECT * FROM u|', has: ['users'], lacks: ['user_name', 'user_id'] },
  { name: 'columns after table.', src: 'SELECT users.| FROM users', has: ['id', 'user_name', 'email'], lacks: ['total', 'users'] },
  { name: 'unquoted qualifier folds case', src: 'SELECT USERS.|', has: ['email'] },
  { name: 'Python variable inside {', src: 'SELECT * FROM users WHERE id = {us|', has: ['user_id', 'users_df'], lacks: ['users', 'USING', 'limit_n'] },
  { name: 'variables right after {', src: 'SELECT {|', has: ['user_id', 'users_df', 'limit_n'] },
  { name: 'nothing in a string literal', src: "SELECT * FROM users WHERE user_name = 'us|'", none: true },
  { name: 'no variables in an unterminated string', src: "SELECT '{us|", none: true },
  { name: 'nothing in a dollar-quoted body', src: 'SELECT $$ FROM u|', none: true },
  { name: 'nothing in a line comment', src: 'SELECT 1 -- FROM u|', none: true },
  { name: 'nothing in a quoted identifier', src: 'SELECT "us|', none: true },
  { name: 'nothing in a number', src: 'SELECT * FROM orders WHERE total > 1|', none: true },
  { name: 'keyword prefix offers keywords', src: 'SEL|', has: ['SELECT'] },
  { name: 'after a keyword: columns (explicit)', src: 'SELECT * FROM users WHERE |', explicit: true, has: ['user_name', 'email', 'users'] },
  { name: 'after a keyword: quiet unless explicit', src: 'SELECT * FROM users WHERE |', none: true },
  { name: 'an unknown qualifier offers nothing', src: 'SELECT * FROM users WHERE u.|', none: true },
  { name: 'a clause keyword is not an alias', src: 'SELECT where.| FROM users WHERE true', none: true },
  { name: 'words mix columns, tables, keywords', src: 'SELECT us|', has: ['user_name', 'users', 'USING'] },
  { name: 'schema. offers its tables', src: 'SELECT * FROM sales.|', has: ['orders', 'Big Deals'], lacks: ['users'] },
  { name: 'schema.table. offers its columns', src: 'SELECT sales.orders.|', has: ['order_id', 'amount'], lacks: ['total'] },
  { name: 'alias of a schema-qualified table', src: 'SELECT o.| FROM sales.orders o', has: ['order_id'], lacks: ['total'] },
  { name: 'AS alias in a join', src: 'SELECT u.| FROM users AS u JOIN orders o ON o.user_id = u.id', has: ['user_name'], lacks: ['total'] },
  { name: 'second alias of the join', src: 'SELECT o.| FROM users AS u JOIN orders o ON true', has: ['total'], lacks: ['user_name'] },
  { name: 'after a closed {var}', src: 'SELECT * FROM users WHERE id = {user_id} AND em|', has: ['email'], lacks: ['user_id'] },
];

describe('completeSql', () => {
  it.each(CASES)('$name', ({ src, explicit, has = [], lacks = [], none }) => {
    const got = labels(src, explicit);
    if (none) {
      expect(got).toBeNull();
      return;
    }
    expect(got).not.toBeNull();
    for (const label of has) expect(got).toContain(label);
    for (const label of lacks) expect(got).not.toContain(label);
  });

  it('quotes names that need it and qualifies tables outside public', () => {
    const deals = complete('SELECT * FROM sales.B|')?.find((o) => o.label === 'Big Deals');
    expect(deals?.apply).toBe('"Big Deals"');
    const orders = complete('SELECT * FROM ord|')?.filter((o) => o.label === 'orders').map((o) => o.apply);
    expect(orders?.sort()).toEqual(['orders', 'sales.orders']);
  });

  it('closes a {reference} only when the } is not there yet', () => {
    expect(complete('SELECT {us|')?.find((o) => o.label === 'user_id')?.apply).toBe('user_id}');
    expect(complete('SELECT {us|}')?.find((o) => o.label === 'user_id')?.apply).toBe('user_id');
  });

  it('replaces only the partial word', () => {
    const text = 'SELECT users.em';
    expect(completeSql(text, text.length, DATA)?.from).toBe(text.length - 2);
  });
});

describe('createCatalogLoader', () => {
  const source = (tables: () => Promise<readonly SqlTable[]>) => ({ tables: vi.fn(tables), variables: vi.fn(async () => ['x']) });

  it('fetches once per 2 s window and again after it', async () => {
    let clock = 0;
    const src = source(async () => TABLES);
    const loader = createCatalogLoader(src, { now: () => clock });
    await loader.get();
    clock = 1999;
    await loader.get();
    expect(src.tables).toHaveBeenCalledTimes(1);
    clock = 2000;
    await loader.get();
    expect(src.tables).toHaveBeenCalledTimes(2);
  });

  it('answers with the previous catalog when a refresh is slow', async () => {
    let clock = 0;
    let calls = 0;
    const src = source(() => (calls++ === 0 ? Promise.resolve(TABLES) : new Promise<never>(() => {})));
    const loader = createCatalogLoader(src, { now: () => clock, graceMs: 5 });
    await loader.get();
    clock = 5000;
    const data = await loader.get();
    expect(src.tables).toHaveBeenCalledTimes(2);
    expect(data.tables).toBe(TABLES);
  });

  it('turns a failing source into an empty catalog instead of an error', async () => {
    const loader = createCatalogLoader(source(() => Promise.reject(new Error('kernel not ready'))));
    await expect(loader.get()).resolves.toEqual({ tables: [], variables: ['x'] });
  });
});

describe('sqlCompletionSource', () => {
  const contextAt = (doc: string, explicit = false) => new CompletionContext(EditorState.create({ doc }), doc.length, explicit);

  it('does not fetch the catalog where nothing would be offered', () => {
    const src = { tables: vi.fn(async () => TABLES), variables: vi.fn(async () => []) };
    const complete = sqlCompletionSource(() => createCatalogLoader(src));
    expect(complete(contextAt("SELECT 'FROM u"))).toBeNull();
    expect(src.tables).not.toHaveBeenCalled();
  });

  it('completes from the fetched catalog', async () => {
    const complete = sqlCompletionSource(() => createCatalogLoader({ tables: async () => TABLES, variables: async () => [] }));
    const result = await complete(contextAt('SELECT users.'));
    expect(result?.options.map((o) => o.label)).toEqual(['id', 'user_name', 'email']);
  });
});
