// esbuild as an app's bundler: ESM, code splitting, minified, browser conditions.
import * as esbuild from 'esbuild';
import { splitInitial } from './chunks.mjs';
import { REACT_EXTERNAL } from './consumers.mjs';

export async function bundleWithEsbuild(entryFile, root) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entryFile],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    target: 'es2022',
    outdir: 'out-esbuild',
    external: REACT_EXTERNAL.esbuild,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = new Map(result.outputFiles.map((file) => [file.path, Buffer.from(file.contents)]));
  const chunks = Object.entries(result.metafile.outputs)
    .filter(([name]) => !name.endsWith('.map'))
    .map(([name, output]) => ({
      name,
      code: [...code].find(([path]) => path.endsWith(name))?.[1] ?? Buffer.alloc(0),
      isEntry: output.entryPoint?.endsWith(entryFile) === true,
      imports: output.imports.filter((item) => item.kind === 'import-statement').map((item) => item.path),
    }));
  return splitInitial(chunks);
}
