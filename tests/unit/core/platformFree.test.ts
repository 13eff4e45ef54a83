// DESIGN.md: the core is pure TypeScript with no DOM at import time and reads no browser global itself; the
// browser layer injects what it needs (src/browser/browserEnvironment.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('../../../src/core/', import.meta.url));
const BROWSER_GLOBALS = /\b(window|document|localStorage|sessionStorage|navigator|indexedDB)\b/;

/** The source without comments, so a comment may still talk about the window. */
function code(file: string): string {
  return readFileSync(coreDir + file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
}

describe('src/core', () => {
  it('reads no browser global', () => {
    const offenders = readdirSync(coreDir)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => BROWSER_GLOBALS.test(code(file)));
    expect(offenders).toEqual([]);
  });
});
