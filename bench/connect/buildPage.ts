import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const PAGE_ROOT = fileURLToPath(new URL('./page/', import.meta.url));
const src = (file: string) => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));

export interface BuiltPage {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Builds the bench page (app + OAuth callback) into a temporary folder, bundled like an app ships it: a
 * production build times what users get; a development build keeps React's StrictMode double mount, so request
 * duplication that only StrictMode causes shows up too. Built once per run, outside the repository.
 */
export async function buildPage(mode: 'production' | 'development'): Promise<BuiltPage> {
  const dir = await mkdtemp(join(tmpdir(), `mcp-use-bench-${mode}-`));
  // Vite and the React plugin pick production or development JSX and React builds from NODE_ENV, which the
  // module runner that loaded this file has already set to `development`: set it for each build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = mode;
  try {
    await buildInto(dir, mode);
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function buildInto(dir: string, mode: 'production' | 'development'): Promise<void> {
  await build({
    configFile: false,
    envDir: false,
    logLevel: 'error',
    mode,
    root: PAGE_ROOT,
    publicDir: false,
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^mcp-use\/react$/, replacement: src('react.ts') },
        { find: /^mcp-use\/auth$/, replacement: src('auth.ts') },
      ],
    },
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    build: {
      outDir: dir,
      emptyOutDir: true,
      target: 'es2022',
      minify: mode === 'production',
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 10_000,
      rollupOptions: {
        input: { app: join(PAGE_ROOT, 'index.html'), callback: join(PAGE_ROOT, 'callback.html') },
      },
    },
  });
}
