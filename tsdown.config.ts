import { defineConfig, type Rolldown } from 'tsdown';
import { name as PACKAGE_NAME } from './package.json';

const RELATIVE_AUGMENTATION = /^declare module ['"](?:\.\.\/)+core\/errors['"]/gm;

/**
 * Layers add their error codes to core's `McpUseErrorCodes` with `declare module '../core/errors'`. The
 * declaration bundler copies such specifiers verbatim (rolldown-plugin-dts issue 134), and in dist/ that path
 * names nothing: the codes would silently drop out of `McpUseErrorCode` for users. So each augmentation targets
 * the package's own name, whose types (dist/index.d.ts) export `McpUseErrorCodes` by that name, and imports it:
 * TypeScript applies an augmentation only to a module already in the program, and a `declare module` adds none.
 */
function errorCodeAugmentations(): Rolldown.Plugin {
  return {
    name: 'mcp-use:error-code-augmentations',
    renderChunk(code, chunk) {
      if (!chunk.fileName.endsWith('.d.ts')) return null;
      const rewritten = code.replace(RELATIVE_AUGMENTATION, `declare module '${PACKAGE_NAME}'`);
      if (/^declare module ['"]\./m.test(rewritten)) {
        this.error(`${chunk.fileName}: a relative \`declare module\` does not resolve in dist/`);
      }
      if (rewritten === code) return null;
      return { code: `import '${PACKAGE_NAME}';\n${rewritten}`, map: null };
    },
  };
}

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    browser: 'src/browser.ts',
    react: 'src/react.ts',
    'react-apps': 'src/react-apps.ts',
    auth: 'src/auth.ts',
    proxy: 'src/proxy.ts',
    redis: 'src/redis.ts',
    cli: 'src/cli.ts',
  },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  clean: true,
  sourcemap: true,
  external: [
    /^@modelcontextprotocol\//,
    'oauth4webapi',
    'idb-keyval',
    'react',
    'commander',
    'redis',
    /^node:/,
  ],
  plugins: [errorCodeAugmentations()],
  inputOptions: {
    // The declaration bundler's warning about the relative augmentations: errorCodeAugmentations() rewrites them.
    onLog(level, log, handler) {
      if (
        log.plugin?.startsWith('rolldown-plugin-dts') &&
        /declare module "\.\.\/(\.\.\/)*core\/errors"/.test(log.message)
      )
        return;
      handler(level, log);
    },
  },
});
