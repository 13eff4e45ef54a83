// The user documentation names only what the public entries export: every `import { … } from 'mcp-use…'` in a
// sample, every error class and code table in the text. And the README's error table names every error class a
// program can meet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EntryName, type ErrorModel, isCliOnly, metClasses, readErrorModel } from './errorClasses';
import { ROOT } from './sourceImports';

const DOCS = [
  'README.md',
  'docs/node-client.md',
  'docs/cli.md',
  'docs/proxy.md',
  'docs/real-servers.md',
  'docs/events.md',
  'src/auth/README.md',
  'src/proxy/README.md',
];

/** What an import specifier in a sample resolves to (the types of `mcp-use` are the Node entry's). */
const ENTRY_OF: Record<string, EntryName> = {
  'mcp-use': 'mcp-use (Node)',
  'mcp-use/react': 'mcp-use/react',
  'mcp-use/auth': 'mcp-use/auth',
  'mcp-use/react/apps': 'mcp-use/react/apps',
  'mcp-use/proxy': 'mcp-use/proxy',
  'mcp-use/redis': 'mcp-use/redis',
};

const read = (doc: string): string => readFileSync(join(ROOT, doc), 'utf8');

/** `import { a, type B, c as d } from 'mcp-use…'` in a document, as [doc, specifier, imported name]. */
function sampleImports(doc: string): [string, string, string][] {
  const found: [string, string, string][] = [];
  for (const match of read(doc).matchAll(
    /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"](mcp-use[^'"]*)['"]/g,
  )) {
    const names = (match[1] ?? '').split(',').map(
      (part) =>
        part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0],
    );
    for (const name of names) if (name) found.push([doc, match[2] ?? '', name]);
  }
  return found;
}

/** Names in backticks that look like an error class or a code table: `DiscoveryError`, `AuthErrorCode.x`. */
function mentionedErrorNames(doc: string): string[] {
  return [...read(doc).matchAll(/`([A-Z][A-Za-z]*(?:Error|ErrorCode))\b/g)].map((match) => match[1] ?? '');
}

describe('the documentation and the exports', () => {
  let model: ErrorModel;
  let exportedAnywhere: Set<string>;
  beforeAll(() => {
    model = readErrorModel();
    exportedAnywhere = new Set(Object.values(model.exportNames).flatMap((names) => [...names]));
  }, 60_000);

  it('samples import only what their entry exports', () => {
    const samples = DOCS.flatMap(sampleImports);
    expect(samples.length).toBeGreaterThan(5);
    const missing = samples
      .filter(([, specifier, name]) => {
        const entry = ENTRY_OF[specifier];
        return entry === undefined || !model.exportNames[entry].has(name);
      })
      .map(([doc, specifier, name]) => `${doc}: ${name} from '${specifier}'`);
    expect(missing).toEqual([]);
  });

  it('every error class and code table the text names is exported', () => {
    const unknown = DOCS.flatMap((doc) =>
      mentionedErrorNames(doc)
        .filter((name) => !exportedAnywhere.has(name))
        .map((name) => `${doc}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it("the README's error table names every error class a program can meet", () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('## Development'));
    const unnamed = metClasses(model)
      .filter((error) => !isCliOnly(error) && !section.includes(`\`${error.name}\``))
      .map((error) => error.name);
    expect(unnamed).toEqual([]);
  });
});
