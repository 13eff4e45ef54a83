// Vite 8 (rolldown, oxc minifier) building an app's entry, as `vite build` does by default.
import { build } from 'vite';
import { rollupChunks, splitInitial } from './chunks.mjs';
import { REACT_EXTERNAL } from './consumers.mjs';

export async function bundleWithVite(entryFile, root) {
  const output = await build({
    configFile: false,
    envDir: false,
    publicDir: false,
    logLevel: 'silent',
    root,
    build: {
      write: false,
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      modulePreload: false,
      rollupOptions: {
        input: entryFile,
        external: REACT_EXTERNAL.regexps,
        output: { format: 'es' },
      },
    },
  });
  return splitInitial(
    rollupChunks((Array.isArray(output) ? output : [output]).flatMap((result) => result.output)),
  );
}
