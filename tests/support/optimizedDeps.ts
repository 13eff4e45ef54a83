/**
 * Dependencies the test pages import, pre-bundled up front so that Vite's dev server never discovers one late
 * and reloads a page in the middle of a test.
 */
export const OPTIMIZED_DEPS = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-dev-runtime',
  '@modelcontextprotocol/client',
  '@modelcontextprotocol/ext-apps/app-bridge',
  'idb-keyval',
  'oauth4webapi',
];
