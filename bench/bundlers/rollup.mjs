// Rollup 4 with the plugins an app's config has: node-resolve (browser conditions) and terser.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { rollupChunks, splitInitial } from './chunks.mjs';
import { REACT_EXTERNAL } from './consumers.mjs';

export async function bundleWithRollup(entryFile, root) {
  const bundle = await rollup({
    input: `${root}/${entryFile}`,
    external: REACT_EXTERNAL.regexps,
    plugins: [nodeResolve({ browser: true, rootDir: root })],
    onwarn: () => undefined,
  });
  try {
    const { output } = await bundle.generate({ format: 'es', plugins: [terser()] });
    return splitInitial(rollupChunks(output));
  } finally {
    await bundle.close();
  }
}
