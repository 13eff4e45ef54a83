// Which scenarios a run covers, per suite version, and the ones it does not run with the reason.
import { listScenarios, SUITES } from './suite.mjs';

/** 0.1.16's `auth` suite (its `--suite auth`, 14 scenarios), as the suite defines it. */
export const AUTH_SUITE_0116 = [
  'auth/metadata-default',
  'auth/metadata-var1',
  'auth/metadata-var2',
  'auth/metadata-var3',
  'auth/basic-cimd',
  'auth/scope-from-www-authenticate',
  'auth/scope-from-scopes-supported',
  'auth/scope-omitted-when-undefined',
  'auth/scope-step-up',
  'auth/scope-retry-limit',
  'auth/token-endpoint-auth-basic',
  'auth/token-endpoint-auth-post',
  'auth/token-endpoint-auth-none',
  'auth/pre-registration',
];
/** The rest of 0.1.16's `core` suite (core = these + the auth suite). */
export const CORE_0116 = ['initialize', 'tools_call', 'elicitation-sep1034-client-defaults', 'sse-retry'];
/** 0.1.16's `backcompat` suite: 2025-03-26 servers (no protected-resource metadata). */
export const BACKCOMPAT_0116 = [
  'auth/2025-03-26-oauth-metadata-backcompat',
  'auth/2025-03-26-oauth-endpoint-fallback',
];
export const REQUIREMENTS_REVISION = '2026-07-28';
/**
 * The Enterprise-Managed Authorization extension's scenario in each suite version (the suite hands the client an
 * ID token from its IdP, as after the user's sign-in there, and checks the token exchange and the JWT bearer grant).
 */
export const ENTERPRISE_0116 = ['auth/cross-app-access-complete-flow'];
export const ENTERPRISE_NEXT = ['auth/enterprise-managed-authorization'];

/**
 * Scenarios that time the client (sse-retry measures the reconnect delay against the server's `retry:` hint,
 * with 200 ms of tolerance): they run alone, after the others, so that a second scenario competing for the two
 * cores cannot make the client look late.
 */
export const TIMING_SENSITIVE = new Set(['sse-retry']);

/** Scenarios the suites offer that no run here executes, and why. */
export const NOT_RUN = {
  'auth/client-credentials-jwt':
    'extension, machine-to-machine (client_credentials + private_key_jwt): no user, no browser; not offered by mcp-use',
  'auth/client-credentials-basic':
    'extension, machine-to-machine (client_credentials): no user, no browser; not offered by mcp-use',
  'auth/wif-jwt-bearer': 'extension, workload identity (jwt-bearer grant); not offered by mcp-use',
  'auth/dpop': 'extension (DPoP, RFC 9449); not offered by mcp-use',
  'auth/dpop-nonce': 'extension (DPoP, RFC 9449); not offered by mcp-use',
};

/** Scenarios that cannot apply to a browser client, and why. */
const ID_TOKEN_HANDED_OVER =
  'the suite hands over an ID token obtained elsewhere; a browser gets its own through the IdP sign-in in the ' +
  'popup (tested in tests/browser/enterprise.test.tsx against a real IdP)';
export const NOT_FOR_BROWSER = Object.fromEntries(
  [...ENTERPRISE_0116, ...ENTERPRISE_NEXT].map((scenario) => [scenario, ID_TOKEN_HANDED_OVER]),
);

/** Scenario names listed by a suite's `list --client --requirements <revision>` (its frozen required set). */
async function requiredScenarios({ root, node22, suite }) {
  return (await listScenarios({ root, node22, suite, requirements: REQUIREMENTS_REVISION })).map(
    (s) => s.name,
  );
}

/**
 * The planned (suite, scenario) pairs, in table order, checked against what each suite version lists.
 * @returns {Promise<{ suite: string, scenario: string, set: string }[]>}
 */
export async function planScenarios({ root, node22, suites = Object.keys(SUITES) }) {
  const plan = [];
  for (const suite of suites) {
    const offered = new Set((await listScenarios({ root, node22, suite })).map((s) => s.name));
    const sets =
      suite === '0.1.16'
        ? [
            ['auth', AUTH_SUITE_0116],
            ['core', CORE_0116],
            ['backcompat', BACKCOMPAT_0116],
            ['extension', ENTERPRISE_0116],
          ]
        : [
            [`required ${REQUIREMENTS_REVISION}`, await requiredScenarios({ root, node22, suite })],
            ['extension', ENTERPRISE_NEXT],
          ];
    for (const [set, names] of sets) {
      for (const scenario of names) {
        if (!offered.has(scenario)) throw new Error(`suite ${suite} does not offer scenario ${scenario}`);
        plan.push({ suite, scenario, set });
      }
    }
  }
  return plan;
}
