import fs from 'node:fs';
import { renderGlossary } from '../src/metrics/glossary-doc.ts';

fs.writeFileSync(new URL('../docs/metrics.md', import.meta.url), renderGlossary());
console.log('Wrote docs/metrics.md');
