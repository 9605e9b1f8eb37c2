import { describe, expect, it } from 'vitest';
import { incompatibility, majorOf } from '../../workers/sql/data-dir-version';
import { postgresMajorOf } from '../../scripts/kernel-assets';
import { pgliteTemplate } from '../../scripts/pglite-template';
import { PGlite } from '@electric-sql/pglite';

describe('incompatibility', () => {
  it.each([
    ['no record yet (a new database, or one from before records)', undefined, 18, undefined],
    ['the same major', 18, 18, undefined],
  ])('%s: opens', (_title, recorded, bundled, expected) => {
    expect(incompatibility(recorded, bundled)).toBe(expected);
  });

  it.each([
    [17, 18],
    [19, 18],
  ])('written by PostgreSQL %i, running %i: refused, saying nothing was touched', (recorded, bundled) => {
    expect(incompatibility(recorded, bundled)).toBe(
      `This notebook's database was written by PostgreSQL ${recorded}, and this version of Ripple runs PostgreSQL ${bundled}, which cannot open it. ` +
        `The database was not opened, changed or deleted: it stays in this browser, and a Ripple version running PostgreSQL ${recorded} can open it and export its data (Export .py keeps the notebook itself).`,
    );
  });
});

describe('majorOf', () => {
  it.each([
    ['180001', 18],
    ['170005', 17],
    ['90624', undefined], // before PostgreSQL 10 majors had two parts; never a PGlite
    ['', undefined],
    ['abc', undefined],
  ])('%s → %s', (text, major) => {
    expect(majorOf(text)).toBe(major);
  });
});

describe('postgresMajorOf', () => {
  it("reads the shipped template's PG_VERSION, which is the bundled PGlite's major", async () => {
    const db = await PGlite.create();
    try {
      const shown = await db.query<unknown[]>('SHOW server_version_num', [], { rowMode: 'array' });
      expect(postgresMajorOf(await pgliteTemplate())).toBe(majorOf(String(shown.rows[0]?.[0])));
    } finally {
      await db.close();
    }
  });
});
