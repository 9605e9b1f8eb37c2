import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { HTML_HEIGHT_SCRIPT, HTML_HEIGHT_SCRIPT_HASH, htmlDocument } from '../../src/notebook/HtmlOutput';

it("allows exactly the height script by its hash (a changed script without a new hash would be blocked)", () => {
  const hash = `sha256-${createHash('sha256').update(HTML_HEIGHT_SCRIPT).digest('base64')}`;
  expect(hash).toEqual(HTML_HEIGHT_SCRIPT_HASH);
});

it("puts the Content-Security-Policy before the notebook's HTML, which cannot come earlier", () => {
  const doc = htmlDocument('<meta http-equiv="Content-Security-Policy" content="script-src *"><script>alert(1)</script>');
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(doc);
  expect({
    policyFirst: doc.indexOf(policy?.[0] ?? '') < doc.indexOf('<body>'),
    directives: policy?.[1]?.split('; '),
  }).toEqual({
    policyFirst: true,
    directives: ["default-src 'none'", `script-src '${HTML_HEIGHT_SCRIPT_HASH}'`, "style-src 'unsafe-inline'", 'img-src data: blob:', 'font-src data:'],
  });
});
