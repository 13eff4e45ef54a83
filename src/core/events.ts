/**
 * What a connection's sign-in goes through, as a typed stream (`onEvent` on useMcp and MCPClient,
 * `listen` on the core Connection): each step the OAuth engine takes — the 401, the metadata it read,
 * how the client got its id, the authorization request, the callback, the tokens, refreshes and step-ups — with
 * when, how long, the HTTP status and the fields of the answer that matter.
 *
 * Events are secret-free by construction: every field is one of the typed ones below, none of which holds a
 * token, an authorization code, a PKCE verifier, a `state` or a client secret, and the engine builds its events
 * in one place (src/auth/authEvents.ts) that masks credentials in URLs and the `state` and `code_challenge` of the
 * authorization URL.
 */
/** What each step's event carries in `fields`. URLs are shown with their credentials masked. */
export interface McpEventFieldMap {
  // ---- the sign-in (the OAuth engine) ----
  /** The MCP server answered 401; what its `WWW-Authenticate` challenge said. */
  unauthorized: { serverUrl: string; error?: string; scope?: string; resourceMetadata?: string };
  /** One RFC 9728 protected-resource metadata URL asked (a 404 one too), or the cached result. */
  resource_metadata: {
    url: string;
    cached?: boolean;
    resource?: string;
    authorizationServers?: readonly string[];
    scopesSupported?: readonly string[];
  };
  /** One RFC 8414 / OpenID authorization-server metadata URL asked, the cached result, or configured metadata. */
  as_metadata: {
    url: string;
    cached?: boolean;
    configured?: boolean;
    issuer?: string;
    authorizationEndpoint?: string;
    tokenEndpoint?: string;
    registrationEndpoint?: string;
    codeChallengeMethods?: readonly string[];
    clientIdMetadataDocumentSupported?: boolean;
    scopesSupported?: readonly string[];
  };
  /**
   * How the client is known to the authorization server: `preregistered` (`clientId`), `metadata_document`
   * (CIMD, `clientMetadataUrl`), `dynamic` (RFC 7591 registration, made now) or `stored` (an earlier registration).
   */
  registration: {
    method: 'preregistered' | 'metadata_document' | 'dynamic' | 'stored';
    issuer: string;
    /** Absent when the registration failed. */
    clientId?: string;
    tokenEndpointAuthMethod?: string;
  };
  /** The user is sent to the authorization endpoint; its parameters, `state` and `code_challenge` masked. */
  authorization: {
    flow: string;
    authorizationEndpoint: string;
    params: Readonly<Record<string, string>>;
  };
  /** The authorization response came back (the popup, redirect or loopback callback). */
  callback: { outcome: 'success' | 'error' };
  /** Tokens were issued for the MCP server. No token is part of it: what kind, for what, for how long. */
  token: {
    issuer?: string;
    tokenType?: string;
    /** The granted scope (the token response's, else the requested one). */
    scope?: string;
    /** Seconds the access token is valid for, from when it was issued. */
    expiresIn?: number;
    /** Whether a refresh token came with it. */
    refreshToken?: boolean;
  };
  /** A refresh-token grant: made (`refreshed`), not needed (`reused`: refreshed elsewhere), `refused`, `failed`. */
  refresh: { outcome: 'refreshed' | 'reused' | 'refused' | 'failed'; rotated?: boolean };
  /** A 403 `insufficient_scope`: the next sign-in asks for `scope` (granted ∪ required). */
  step_up: { requiredScope?: string; scope?: string };
}

export type McpEventType = keyof McpEventFieldMap;

/** One step. `type` tells which fields it has; `error` is set when the step failed. */
export type McpEvent = {
  [T in McpEventType]: {
    readonly type: T;
    /** When it happened (ms since the epoch). */
    readonly at: number;
    /** How long the step took, when it is a request or a wait. */
    readonly durationMs?: number;
    /** The HTTP status of the answer the step read, when there was one. */
    readonly status?: number;
    /** Why the step failed: the typed error's code and message (never a response body). */
    readonly error?: { readonly code: string; readonly message: string };
    readonly fields: Readonly<McpEventFieldMap[T]>;
  };
}[McpEventType];

export type McpEventListener = (event: McpEvent) => void;
