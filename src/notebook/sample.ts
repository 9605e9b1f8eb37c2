import type { StoredCell } from '../store/types';

/** The first-visit notebook: shows Python -> SQL binding and reactivity, offline, on PGlite. */
export function sampleCells(): StoredCell[] {
  const id = () => crypto.randomUUID();
  return [
    {
      id: id(),
      kind: 'sql',
      code:
        'CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, name text NOT NULL, email text);\n' +
        "INSERT INTO users VALUES\n  (1, 'Ada Lovelace', 'ada@example.com'),\n  (2, 'Grace Hopper', 'grace@example.com'),\n  (3, 'Alan Turing', 'alan@example.com')\nON CONFLICT (id) DO NOTHING",
    },
    { id: id(), kind: 'python', code: '# Change the id and press Shift+Enter: the cells below re-run by themselves.\nuser_id = 1' },
    { id: id(), kind: 'sql', code: 'SELECT * FROM users WHERE id = {user_id}', resultName: 'user' },
    { id: id(), kind: 'python', code: 'f"Hello, {user[0][\'name\']}!" if len(user) else "No user with that id"' },
  ];
}
