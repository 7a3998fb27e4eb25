import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../src/shared/errors-doc.ts';

const target = new URL('../docs/errors.md', import.meta.url);
writeFileSync(target, renderErrorsDoc());
process.stdout.write(`wrote ${target.pathname}\n`);
