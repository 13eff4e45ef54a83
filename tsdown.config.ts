import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    browser: 'src/browser.ts',
    react: 'src/react.ts',
    'react-apps': 'src/react-apps.ts',
    auth: 'src/auth.ts',
    cli: 'src/cli.ts',
  },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  clean: true,
  sourcemap: true,
  external: [/^@modelcontextprotocol\//, 'oauth4webapi', 'idb-keyval', 'react', 'commander', /^node:/],
});
