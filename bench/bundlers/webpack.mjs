// webpack 5 in production mode (its defaults: terser, async chunks split out) building an app's entry.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import webpack from 'webpack';
import { measured } from './chunks.mjs';
import { REACT_EXTERNAL } from './consumers.mjs';

export async function bundleWithWebpack(entryFile, root) {
  const outDir = join(root, 'out-webpack');
  rmSync(outDir, { recursive: true, force: true });
  const stats = await new Promise((resolve, reject) => {
    webpack(
      {
        mode: 'production',
        context: root,
        entry: `./${entryFile}`,
        target: 'web',
        devtool: false,
        output: {
          path: outDir,
          filename: '[name].js',
          chunkFilename: '[name].[contenthash].js',
          clean: true,
        },
        // React is the app's: a global here, as the other bundlers leave it external.
        externals: ({ request }, callback) =>
          REACT_EXTERNAL.regexps.some((pattern) => pattern.test(request ?? ''))
            ? callback(null, 'var React')
            : callback(),
        performance: { hints: false },
        infrastructureLogging: { level: 'error' },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  const json = stats.toJson({ all: false, chunks: true, errors: true });
  if (stats.hasErrors()) throw new Error(`webpack: ${json.errors?.[0]?.message ?? 'build failed'}`);
  const chunk = (item) => ({
    code: Buffer.concat(
      item.files.filter((file) => file.endsWith('.js')).map((file) => readFileSync(join(outDir, file))),
    ),
  });
  return measured(
    json.chunks.filter((item) => item.initial).map(chunk),
    json.chunks.filter((item) => !item.initial).map(chunk),
  );
}
