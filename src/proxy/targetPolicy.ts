/**
 * Where a request may go: the proxy is no open relay. The target must be an absolute https: URL (plain http:
 * only to a listed loopback host, with `allowHttp`) whose host and port are in `allowedHosts` exactly, and not a
 * loopback, private or link-local address unless `allowPrivateNetwork` says so: the app's own network is not
 * reachable from a page through it. The address rule reuses the engine's classification (src/auth/urlPolicy.ts);
 * like the engine, the proxy does not resolve names, so a listed name counts as what the app's operator chose.
 */
import { networkOf } from '../auth/urlPolicy';
import type { ProxyRefusal } from '../core/proxyWire';
import { allowsHttpTo, type ProxyConfig } from './proxyOptions';

export type TargetCheck = { ok: true; url: URL } | { ok: false; refusal: ProxyRefusal; message: string };

const refused = (refusal: ProxyRefusal, message: string): TargetCheck => ({ ok: false, refusal, message });

export function checkTarget(config: ProxyConfig, value: string | null): TargetCheck {
  if (!value || !URL.canParse(value)) return refused('invalid_target', 'No absolute target URL was given');
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refused('invalid_target', `${url.protocol} is not http(s)`);
  }
  if (url.username || url.password) return refused('invalid_target', 'The target carries credentials');
  if (url.protocol === 'http:' && !allowsHttpTo(config, url.hostname)) {
    return refused('insecure_target', `${url.host}: plain http is refused (https only)`);
  }
  if (!config.hosts.has(url.host)) return refused('host_not_allowed', `${url.host} is not an allowed host`);
  const network = networkOf(url.hostname);
  if (network !== 'public' && !config.allowPrivateNetwork) {
    return refused('private_network', `${url.host} is a ${network} address`);
  }
  url.hash = '';
  return { ok: true, url };
}
