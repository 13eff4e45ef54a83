// How many sign-ins one MCPSession.connect() runs, against a real MCP server that accepts one bearer token only.
// The auth plug-in is scripted (each sign-in "issues" the next token of a list, or fails), so the server can be
// made to refuse a token a sign-in just produced — as after a move to another authorization server — without a
// second authorization server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizationRequiredError,
  AuthorizationServerError,
  SignInRequiredError,
} from '../../../src/auth/errors';
import { Connection } from '../../../src/core/Connection';
import type { ConnectionAuth } from '../../../src/core/connectionAuth';
import { MAX_SIGN_INS_PER_CONNECT, MCPSession, SignInLimitError } from '../../../src/node/index';
import { type RunningServer, startServer, stopAllServers } from '../../support/servers';

const ACCEPTED = 'token-the-server-accepts';
const AUTHORIZATION_URL = 'http://127.0.0.1:9/authorize?state=scripted';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ kind: 'v2', bearer: ACCEPTED });
});

afterAll(async () => {
  await stopAllServers();
});

/** Sign-in number n stores `outcomes[n]` as the token, or fails when it is an Error. */
class ScriptedAuth implements ConnectionAuth {
  signIns = 0;
  #token: string | undefined;
  readonly #outcomes: (string | Error)[];

  constructor(outcomes: (string | Error)[]) {
    this.#outcomes = outcomes;
  }

  async token(): Promise<string | undefined> {
    return this.#token;
  }

  async onUnauthorized(): Promise<void> {
    this.#token = undefined;
    throw new SignInRequiredError(new AuthorizationRequiredError('token_rejected'), AUTHORIZATION_URL);
  }

  async prepareAuthorization(): Promise<string> {
    return AUTHORIZATION_URL;
  }

  async authorize(): Promise<void> {
    const outcome = this.#outcomes[this.signIns] ?? new Error('no more scripted sign-ins');
    this.signIns += 1;
    if (outcome instanceof Error) throw outcome;
    this.#token = outcome;
  }
}

async function connectWith(auth: ScriptedAuth): Promise<{ session: MCPSession; result: unknown }> {
  const session = new MCPSession(
    'scripted',
    new Connection({ url: server.url, auth, autoReconnect: false, requestTimeoutMs: 5_000 }),
  );
  const result = await session.connect().catch((error: unknown) => error);
  await session.close();
  return { session, result };
}

describe('sign-ins during one connect()', () => {
  it('signs in again when the server refuses what a successful sign-in produced', async () => {
    // E.g. the server moved to another authorization server: the first sign-in's token is no good any more.
    const auth = new ScriptedAuth(['token-from-the-old-authorization-server', ACCEPTED]);
    const { result } = await connectWith(auth);
    expect(result).toBeUndefined();
    expect(auth.signIns).toBe(2);
  });

  it(`stops after ${MAX_SIGN_INS_PER_CONNECT} successful sign-ins the server keeps refusing`, async () => {
    const auth = new ScriptedAuth(['refused-1', 'refused-2', 'refused-3', 'refused-4', ACCEPTED]);
    const { result } = await connectWith(auth);
    expect(result).toBeInstanceOf(SignInLimitError);
    expect(result).toMatchObject({ code: 'auth_required', signIns: MAX_SIGN_INS_PER_CONNECT });
    expect(auth.signIns).toBe(MAX_SIGN_INS_PER_CONNECT);
  });

  it('does not sign in again after a sign-in that failed, and rejects with its reason', async () => {
    const denied = new AuthorizationServerError('access_denied');
    const auth = new ScriptedAuth([denied, ACCEPTED]);
    const { result } = await connectWith(auth);
    expect(result).toBeInstanceOf(AuthorizationServerError);
    expect((result as AuthorizationServerError).oauthError).toBe('access_denied');
    expect(auth.signIns).toBe(1);
  });

  it('lets a later connect() try again after a failed sign-in', async () => {
    const auth = new ScriptedAuth([new AuthorizationServerError('access_denied'), ACCEPTED]);
    const session = new MCPSession(
      'scripted',
      new Connection({ url: server.url, auth, autoReconnect: false, requestTimeoutMs: 5_000 }),
    );
    try {
      await expect(session.connect()).rejects.toBeInstanceOf(AuthorizationServerError);
      expect(session.state).toBe('pending_auth');
      await session.connect();
      expect(session.state).toBe('ready');
      expect(auth.signIns).toBe(2);
    } finally {
      await session.close();
    }
  });
});
