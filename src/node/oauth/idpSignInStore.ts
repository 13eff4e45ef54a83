/**
 * A store for one MCP server whose enterprise IdP sign-in lives in another store, shared by every server (and
 * every CLI session) of that enterprise: the IdP's token record and the IdP's lock go to `shared`, everything else
 * (this server's tokens, discovery, pending sign-ins) stays in `own`. The sign-in's pending flow stays in `own`
 * too: completing it writes the IdP's token record, which lands in `shared`.
 */
import { type EnterpriseSettings, idpLockName, idpSessionKey } from '../../auth/enterprise';
import { defaultLock, type LockFn } from '../../auth/lock';
import type { TokenStore } from '../../auth/store';
import { storeKeys } from '../../auth/storeKeys';

export const ENTERPRISE_SIGN_INS_FILE = 'enterprise-sign-ins.json';

export function withSharedIdpSignIn(
  own: TokenStore,
  shared: TokenStore,
  settings: Pick<EnterpriseSettings, 'issuer' | 'clientId'>,
): TokenStore {
  const idpKey = storeKeys.tokens(idpSessionKey(settings), settings.issuer);
  const idpLock = idpLockName(settings);
  const storeFor = (key: string) => (key === idpKey ? shared : own);
  const lockOf = (store: TokenStore): LockFn | undefined => store.lock?.bind(store) as LockFn | undefined;
  const ownLock = lockOf(own);
  const sharedLock = lockOf(shared);
  return {
    get: (key) => storeFor(key).get(key),
    set: (key, value, options) => storeFor(key).set(key, value, options),
    del: (key, options) => storeFor(key).del(key, options),
    lock: ((name, fn) => ((name === idpLock ? sharedLock : ownLock) ?? defaultLock())(name, fn)) as LockFn,
  };
}
