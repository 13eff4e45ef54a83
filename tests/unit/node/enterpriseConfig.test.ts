// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in strings
// `auth.enterprise` in a server entry: checked when the configuration is read, resolved (with its `${VAR}`
// references) when a session is created, and turned into the Enterprise-Managed Authorization plug-in.
import { describe, expect, it } from 'vitest';
import { EnterpriseSession } from '../../../src/auth/EnterpriseSession';
import { ConfigError } from '../../../src/core/errors';
import { resolveServer } from '../../../src/node/config/resolveServer';
import { validateConfig } from '../../../src/node/config/validateConfig';
import { connectionOptionsFor } from '../../../src/node/connectionOptionsFor';
import { MissingEnvVarError } from '../../../src/node/errors';
import { NodeOAuth } from '../../../src/node/oauth/NodeOAuth';
import { LazyNodeOAuth } from '../../../src/node/oauth/LazyNodeOAuth';
import { createMemoryStore } from '../../../src/auth/memoryStore';
import { failureOf } from '../../support/failures';

const URL_ = 'https://mcp.example.com/mcp';

function resolve(entry: unknown, env: Record<string, string> = {}) {
  const definition = validateConfig({ mcpServers: { asana: entry } }).get('asana')!;
  return resolveServer(definition, env, () => undefined);
}

describe('auth.enterprise in the configuration', () => {
  it('resolves issuer, client_id and a client_secret read from the environment', () => {
    const server = resolve(
      {
        url: URL_,
        auth: {
          enterprise: { issuer: 'https://acme.okta.com', client_id: '0oa1', client_secret: '${OKTA_SECRET}' },
        },
      },
      { OKTA_SECRET: 'from-env' },
    );
    expect(server).toMatchObject({
      oauth: { enterprise: { issuer: 'https://acme.okta.com', clientId: '0oa1', clientSecret: 'from-env' } },
    });
  });

  it('names a missing environment variable of the secret', () => {
    const failure = failureOf(() =>
      resolve({
        url: URL_,
        auth: {
          enterprise: { issuer: 'https://acme.okta.com', client_id: '0oa1', client_secret: '${NOPE}' },
        },
      }),
    );
    expect(failure).toBeInstanceOf(MissingEnvVarError);
    expect(failure.message).toContain('NOPE');
  });

  it.each([
    [{ client_id: '0oa1' }, /enterprise\.issuer/],
    [{ issuer: 'not a url', client_id: '0oa1' }, /the IdP's issuer/],
    [{ issuer: 'https://acme.okta.com' }, /enterprise\.client_id/],
    ['https://acme.okta.com', /issuer, client_id, client_secret\?/],
  ])('refuses %j', (enterprise, message) => {
    const failure = failureOf(() =>
      validateConfig({ mcpServers: { asana: { url: URL_, auth: { enterprise } } } }),
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure.message).toMatch(message);
  });

  it('signs the entry in through the IdP: its plug-in holds an EnterpriseSession', async () => {
    const server = resolve({
      url: URL_,
      auth: { enterprise: { issuer: 'https://acme.okta.com', client_id: '0oa1' } },
    });
    const store = createMemoryStore();
    const options = connectionOptionsFor(server, { env: {}, oauth: { store: () => store } });
    // The engine loads on first use; what it loads is the enterprise one.
    expect(options.auth).toBeInstanceOf(LazyNodeOAuth);
    const engine = await (options.auth as LazyNodeOAuth).load();
    expect(engine).toBeInstanceOf(NodeOAuth);
    expect(engine.session).toBeInstanceOf(EnterpriseSession);
  });
});
