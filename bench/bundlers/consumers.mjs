// The consumer apps: one module per public browser entry, importing exactly what an app imports from the packed
// package and keeping it alive the way an app does (by using it), so each bundler shakes out the rest.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** React is the app's own, not part of what mcp-use ships: every bundler leaves it out. */
export const REACT_EXTERNAL = {
  esbuild: ['react', 'react/*', 'react-dom', 'react-dom/*'],
  regexps: [/^react($|\/)/, /^react-dom($|\/)/],
};

export const ENTRIES = [
  { name: 'mcp-use/react', imports: 'useMcp', file: 'react.js' },
  { name: 'mcp-use/auth', imports: 'onMcpAuthorization', file: 'auth.js' },
];

/** Writes each entry's consumer module under `root`/src and returns the entries with their paths (from root). */
export function writeConsumers(root) {
  mkdirSync(join(root, 'src'), { recursive: true });
  // A package and a TypeScript project of its own, as an app is: otherwise a bundler that reads the nearest
  // tsconfig.json (webpack does) finds the repository's, whose `paths` map `mcp-use/*` to src/.
  writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": {} }\n');
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'bench-consumer', private: true, type: 'module' })}\n`,
  );
  return ENTRIES.map((entry) => {
    const path = `src/${entry.file}`;
    writeFileSync(
      join(root, path),
      `import { ${entry.imports} } from '${entry.name}';\nglobalThis.app = { ${entry.imports} };\n`,
    );
    return { ...entry, path };
  });
}
