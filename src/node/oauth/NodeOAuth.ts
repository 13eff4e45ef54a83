import type { AuthorizationServer } from 'oauth4webapi';
import { clientSettingsOf, type OAuthClientSettings } from '../../auth/clientSettings';
import { completeAuthorization } from '../../auth/completeAuthorization';
import type { AuthEventSink } from '../../auth/authEvents';
import { discoverServer } from '../../auth/discoverServer';
import { type AuthLog, type FetchFn, type ResolvedOAuthEnv, resolveEnv, withSignal } from '../../auth/env';
import { AuthorizationRequiredError, SignInRequiredError } from '../../auth/errors';
import type { AuthSession } from '../../auth/authSession';
import type { EnterpriseSettings } from '../../auth/enterprise';
import { EnterpriseSession } from '../../auth/EnterpriseSession';
import { OAuthSession } from '../../auth/OAuthSession';
import { SessionAuth } from '../../auth/SessionAuth';
import type { TokenStore } from '../../auth/store';
import { writeTokens } from '../../auth/tokenStore';
import { type BearerChallenge, challengeFromResponse } from '../../auth/wwwAuthenticate';
import type { ConnectionAuthContext } from '../../core/connectionAuth';
import { redactUrl } from '../../core/redactUrl';
import { createFileStore } from './fileStore';
import { OAuthSettingError } from '../../auth/diagnosticErrors';
import {
  assertPortFree,
  DEFAULT_CALLBACK_PORT,
  type LoopbackAddress,
  loopbackAddress,
  loopbackCallbackUrl,
  loopbackRedirectProblem,
  receiveCallback,
} from './loopbackCallback';
import { accountNote } from './accountNote';
import { canOpenBrowser, openBrowser } from './openBrowser';
import { type DeviceCodePrompt, defaultDeviceCodePrompt } from './devicePrompt';
import { SignInTimeoutError } from './errors';
import {
  type DeviceGrantContext,
  offersDeviceGrant,
  pollDeviceToken,
  prepareDeviceGrant,
  requestDeviceAuthorization,
} from './grants/deviceAuthorization';

/** What the user is asked to do: open `authorizationUrl` and sign in; the browser then comes back to `callbackUrl`. */
export interface SignInPrompt {
  authorizationUrl: string;
  callbackUrl: string;
  serverUrl: string;
  serverName?: string;
  /** The `account` setting: which of the user's accounts on the server to sign in with. */
  account?: string;
}

export interface NodeOAuthOptions extends OAuthClientSettings {
  /** The MCP server URL. */
  serverUrl: string;
  /** A label for prompts (the server's name in a config file or CLI session). */
  serverName?: string;
  /** Port of the loopback redirect `http://127.0.0.1:<port>/callback`. Default 8080; `callbackUrl` overrides it. */
  callbackPort?: number;
  /** Pre-known authorization-server metadata (RFC 8414): skips authorization-server discovery. */
  authorizationServerMetadata?: AuthorizationServer;
  /**
   * Enterprise-Managed Authorization: the user signs in at this IdP (once for every server that names it) and
   * this server's tokens come from ID-JAGs the IdP issues for it.
   */
  enterprise?: EnterpriseSettings;
  /**
   * Where tokens, registrations and pending sign-ins live, and whose lock refreshes run under. Default:
   * `~/.mcp-use/oauth-tokens.json` (0600, with a lock file beside it).
   */
  tokenStore?: TokenStore;
  /** The former name of `tokenStore`. */
  store?: TokenStore;
  /**
   * Whether a person can sign in now (default true). With false, no loopback sign-in is started: `authorize()`
   * rejects with the SignInRequiredError that asked for it (e.g. reason `refresh_failed`), for programs that
   * run with nobody at hand (scripts, CI, servers).
   */
  interactive?: boolean;
  /**
   * Shows the user where to sign in. Default: opens the system browser when there is one (and stdout is a
   * terminal), and writes the URL to stderr in any case.
   */
  onSignIn?: (prompt: SignInPrompt) => void | Promise<void>;
  /** Give up waiting for the browser after this many milliseconds. Default 5 minutes. */
  authTimeoutMs?: number;
  /**
   * `device_code`: sign in with the device authorization grant (RFC 8628) instead of a browser on this machine —
   * the user enters a code on another device. Default `authorization_code` (the loopback redirect).
   */
  grant?: 'authorization_code' | 'device_code';
  /**
   * With the default grant: use the device grant instead when no browser can be opened here and the
   * authorization server offers it (CLI `--device-code=auto`).
   */
  deviceCodeFallback?: boolean;
  /** Shows the device sign-in's code and where to enter it. Default: lines on stderr. */
  onDeviceCode?: (prompt: DeviceCodePrompt) => void | Promise<void>;
  /** How the device sign-in waits between polls (a fake clock's in tests). Default: a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  log?: AuthLog;
  /** Receives each sign-in step as an event. */
  emit?: AuthEventSink;
  fetch?: FetchFn;
  /** Upper bound of each request to the authorization server, in milliseconds. Default 30 000. */
  requestTimeoutMs?: number;
}

/** A device sign-in prepared by prepareAuthorization, and the "URL" returned for it. */
interface PreparedDeviceSignIn {
  context: DeviceGrantContext;
  reason: DeviceCodePrompt['reason'];
  url: string;
}

export const DEFAULT_AUTH_TIMEOUT_MS = 5 * 60 * 1000;

export { accountNote };

/**
 * The default prompt: the browser when one can be opened, the URL on stderr always (the only way to reach the
 * user of a library; it holds `state` and the PKCE challenge, never a secret).
 */
export function defaultSignInPrompt(prompt: SignInPrompt): void {
  const who = `${prompt.serverName ?? redactUrl(prompt.serverUrl)}${accountNote(prompt)}`;
  const opened = canOpenBrowser() && openBrowser(prompt.authorizationUrl);
  process.stderr.write(
    `${opened ? `Opened your browser to sign in to ${who}. If it did not open, visit` : `To sign in to ${who}, open`}:\n  ${prompt.authorizationUrl}\n`,
  );
}

/**
 * OAuth for a connection running in Node (the CLI, scripts, servers): tokens from the engine in a 0600 file,
 * refreshed automatically; sign-in through the user's browser with a loopback redirect (RFC 8252) on
 * `callbackPort`. The Node counterpart of BrowserOAuth, plugged into a Connection the same way.
 */
export class NodeOAuth extends SessionAuth {
  readonly session: AuthSession;
  /** The redirect URI: `callbackUrl` as given, or `http://127.0.0.1:<callbackPort>/callback`. */
  readonly callbackUrl: string;
  readonly callbackPort: number;
  readonly #listener: LoopbackAddress;
  readonly #options: NodeOAuthOptions;
  readonly #store: TokenStore;
  /** Why the user was last asked to sign in: what a non-interactive `authorize()` rejects with. */
  #signInRequired: SignInRequiredError | undefined;
  readonly #env: ResolvedOAuthEnv;
  #challenge: BearerChallenge | undefined;
  /** The device sign-in prepared by the last prepareAuthorization, and the "URL" it returned for it. */
  #device: PreparedDeviceSignIn | undefined;

  constructor(options: NodeOAuthOptions) {
    super(options.serverUrl, options.serverName);
    this.#options = options;
    this.#store = options.tokenStore ?? options.store ?? createFileStore();
    if (options.callbackUrl !== undefined) {
      const problem = loopbackRedirectProblem(options.callbackUrl);
      if (problem) throw new OAuthSettingError('callbackUrl', problem, { serverUrl: options.serverUrl });
    }
    // An exact redirect URI (servers that accept only the one registered) is listened on exactly.
    this.callbackUrl =
      options.callbackUrl ?? loopbackCallbackUrl(options.callbackPort ?? DEFAULT_CALLBACK_PORT);
    this.#listener = loopbackAddress(this.callbackUrl);
    this.callbackPort = this.#listener.port;
    const sessionOptions = {
      serverUrl: options.serverUrl,
      // RFC 8252 §8.4 / OIDC DCR: a loopback-redirect app is a native client.
      applicationType: 'native' as const,
      ...clientSettingsOf(options),
      callbackUrl: this.callbackUrl,
      ...(options.authorizationServerMetadata !== undefined
        ? { authorizationServerMetadata: options.authorizationServerMetadata }
        : {}),
    };
    const env = {
      store: this.#store,
      ...(options.log ? { log: options.log } : {}),
      ...(options.emit ? { emit: options.emit } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    };
    this.session = options.enterprise
      ? new EnterpriseSession({ ...sessionOptions, enterprise: options.enterprise }, env)
      : new OAuthSession(sessionOptions, env);
    this.#env = resolveEnv(env);
  }

  /**
   * Discovery, registration, PKCE and state, then a check that the callback port is free — after discovery,
   * so a server that offers no OAuth at all is reported as such rather than as a busy port, and before the
   * user is sent anywhere.
   */
  async prepareAuthorization(context: ConnectionAuthContext = {}): Promise<string> {
    this.#device = await this.#prepareDevice(context);
    // The connection keeps a URL for every sign-in: for a device sign-in, the endpoint it starts at.
    if (this.#device) return this.#device.url;
    const prepared = await this.session.prepareAuthorization({ flow: 'loopback', signal: context.signal });
    // Nobody will listen there without a person to sign in.
    // Busy with a sign-in at the same enterprise IdP is fine: this one waits for it (signInOnce).
    const sharedSignIn = this.session instanceof EnterpriseSession && this.session.signInUnderWay();
    if (this.#options.interactive !== false && !sharedSignIn) {
      await assertPortFree(this.callbackPort, this.#listener.host);
    }
    return prepared.authorizationUrl.href;
  }

  override async onUnauthorized(response: Response, context: ConnectionAuthContext = {}): Promise<void> {
    this.#challenge = challengeFromResponse(response) ?? this.#challenge;
    return this.#noting(() => super.onUnauthorized(response, context));
  }

  override async onInsufficientScope(
    requiredScope: string | undefined,
    context: ConnectionAuthContext = {},
  ): Promise<never> {
    return this.#noting(() => super.onInsufficientScope(requiredScope, context));
  }

  async #noting<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof SignInRequiredError) this.#signInRequired = error;
      throw error;
    }
  }

  /**
   * Listens on the loopback port, sends the user to sign in, and resolves once the tokens are stored. Without
   * `interactive`, rejects at once with why a sign-in is needed.
   */
  async authorize(authorizationUrl: string, signal: AbortSignal): Promise<void> {
    if (this.#options.interactive === false) {
      throw (
        this.#signInRequired ??
        new SignInRequiredError(
          new AuthorizationRequiredError('no_tokens', { serverUrl: this.#options.serverUrl }),
          authorizationUrl,
        )
      );
    }
    const device = this.#device;
    if (device && device.url === authorizationUrl) return this.#authorizeDevice(device, signal);
    return this.signInSteps(authorizationUrl, 'loopback', (received) =>
      this.#receiveSignIn(authorizationUrl, signal, received),
    );
  }

  async #receiveSignIn(authorizationUrl: string, signal: AbortSignal, received: () => void): Promise<void> {
    const state = new URL(authorizationUrl).searchParams.get('state') ?? '';
    const store = this.#store;
    const prompt: SignInPrompt = {
      authorizationUrl,
      callbackUrl: this.callbackUrl,
      serverUrl: this.#options.serverUrl,
      ...(this.#options.serverName !== undefined ? { serverName: this.#options.serverName } : {}),
      ...(this.session.account !== undefined ? { account: this.session.account } : {}),
    };
    const signIn = () =>
      receiveCallback({
        ...this.#listener,
        state,
        signal,
        timeoutMs: this.#options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS,
        serverUrl: this.#options.serverUrl,
        // Only now that the listener is up: a browser that comes back at once must find it there.
        onListening: () => (this.#options.onSignIn ?? defaultSignInPrompt)(prompt),
        // An OAuth error a setting fixes comes back as the error that names it.
        complete: async (callbackUrl) => {
          // A code came back: the step that follows is its exchange (an `error` answer is the callback's failure).
          if (new URL(callbackUrl).searchParams.has('code')) received();
          await completeAuthorization(callbackUrl, {
            store,
            ...(this.#options.log ? { log: this.#options.log } : {}),
            ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
            ...(this.#options.requestTimeoutMs !== undefined
              ? { requestTimeoutMs: this.#options.requestTimeoutMs }
              : {}),
          }).catch((error: unknown) => Promise.reject(this.session.diagnose(error)));
        },
      });
    // Servers of one enterprise connecting at once share one IdP sign-in (and one callback port).
    const session = this.session;
    await (session instanceof EnterpriseSession ? session.signInOnce(signIn) : signIn());
  }

  /**
   * The device sign-in to run instead of the browser's, if any: the configured grant, or (with
   * `deviceCodeFallback`) when no browser can be opened here and the authorization server offers the grant.
   */
  async #prepareDevice(context: ConnectionAuthContext): Promise<PreparedDeviceSignIn | undefined> {
    const options = this.#options;
    let reason: DeviceCodePrompt['reason'];
    const env = withSignal(this.#env, context.signal);
    if (options.grant === 'device_code') reason = 'configured';
    else if (!options.deviceCodeFallback || canOpenBrowser()) return undefined;
    else {
      const discovery = await discoverServer(
        {
          serverUrl: this.session.serverUrl,
          grant: 'device_code',
          ...(this.#challenge?.resourceMetadata
            ? { resourceMetadataUrl: this.#challenge.resourceMetadata }
            : {}),
          ...(options.authorizationServerMetadata
            ? { configuredMetadata: options.authorizationServerMetadata }
            : {}),
        },
        env,
      );
      if (!offersDeviceGrant(discovery.authorizationServer)) return undefined;
      reason = 'no_browser';
    }
    const deviceContext = await prepareDeviceGrant(
      this.session.serverUrl,
      {
        ...clientSettingsOf(options),
        ...(options.authorizationServerMetadata
          ? { authorizationServerMetadata: options.authorizationServerMetadata }
          : {}),
      },
      this.#challenge,
      env,
    );
    const url = deviceContext.discovery.authorizationServer.device_authorization_endpoint as string;
    return { context: deviceContext, reason, url };
  }

  /** RFC 8628: the code, shown to the user, then polling until they approved it elsewhere; the tokens stored. */
  async #authorizeDevice(device: PreparedDeviceSignIn, signal: AbortSignal): Promise<void> {
    this.#device = undefined; // one device code per prepared sign-in
    const env = withSignal(this.#env, signal);
    const authorization = await requestDeviceAuthorization(device.context, env);
    const serverName = this.#options.serverName;
    await (this.#options.onDeviceCode ?? defaultDeviceCodePrompt)({
      verificationUri: authorization.verificationUri,
      ...(authorization.verificationUriComplete
        ? { verificationUriComplete: authorization.verificationUriComplete }
        : {}),
      userCode: authorization.userCode,
      expiresAt: authorization.expiresAt,
      serverUrl: this.#options.serverUrl,
      ...(serverName !== undefined ? { serverName } : {}),
      reason: device.reason,
    });
    const timeoutMs = this.#options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
    const record = await pollDeviceToken(
      device.context,
      authorization,
      {
        signal,
        deadline: env.now() + timeoutMs,
        onTimeout: () => new SignInTimeoutError(timeoutMs, { serverUrl: this.#options.serverUrl }),
        ...(this.#options.sleep ? { sleep: this.#options.sleep } : {}),
      },
      // Polls are not cut short by the connection's abort (the signal ends the waits between them instead).
      this.#env,
    );
    await writeTokens(this.#store, record);
    env.log('info', 'signed in with a device code', {
      serverUrl: this.session.serverUrl,
      issuer: record.issuer,
      clientId: record.client.clientId,
    });
  }

  /** Forgets this server's tokens and discovery results without telling the authorization server. */
  clearStorage(): Promise<void> {
    return this.session.clear();
  }
}
