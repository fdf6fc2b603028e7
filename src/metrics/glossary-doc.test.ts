import fs from 'node:fs';
import { expect, test } from 'vitest';
import { renderGlossary } from './glossary-doc.ts';

test('docs/metrics.md is the current rendering of the metric catalog (run npm run docs:metrics)', () => {
  expect(fs.readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8')).toBe(renderGlossary());
});
