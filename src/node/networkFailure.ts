/**
 * What went wrong below HTTP, in words a user can act on. Node's fetch reports every network failure as
 * `TypeError: fetch failed` and keeps the system's reason (an errno or TLS code) deeper in the `cause` chain;
 * browsers say nothing more than "Failed to fetch", so there this finds nothing and the message stays as it is.
 */

const MAX_CAUSE_DEPTH = 8;

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing is listening there)',
  ENOTFOUND: 'DNS name not found',
  EAI_AGAIN: 'DNS lookup failed (temporary failure in name resolution)',
  EAI_NONAME: 'DNS name not found',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ETIMEDOUT: 'timed out while connecting',
  UND_ERR_CONNECT_TIMEOUT: 'timed out while connecting',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for the response headers',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

// OpenSSL's and Node's TLS failures: certificate problems and handshake errors.
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/;

function causes(error: unknown): { code?: unknown; message?: unknown }[] {
  const chain: { code?: unknown; message?: unknown }[] = [];
  for (let current = error, depth = 0; current && depth < MAX_CAUSE_DEPTH; depth += 1) {
    if (typeof current !== 'object') break;
    chain.push(current as { code?: unknown; message?: unknown });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** A short description of the network or TLS failure behind `error`, or undefined when there is none. */
export function describeNetworkFailure(error: unknown): string | undefined {
  for (const link of causes(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (!code) continue;
    const known = BY_CODE[code];
    if (known) return `${known} (${code})`;
    if (TLS_CODE.test(code)) {
      const detail = typeof link.message === 'string' ? `: ${link.message}` : '';
      return `TLS error${detail} (${code})`;
    }
  }
  // fetch refuses ports the Fetch standard blocks (port 1, 25, 6000…) before any connection is made.
  if (causes(error).some((link) => link.message === 'bad port')) return 'this port is blocked by fetch';
  return undefined;
}
