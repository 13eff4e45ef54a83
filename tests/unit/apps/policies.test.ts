import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, sanitizeCsp } from '../../../src/apps/cspPolicy';
import { openableLink } from '../../../src/apps/linkPolicy';
import { allowAttribute, grantedPermissions } from '../../../src/apps/permissionPolicy';
import { mayAppRead } from '../../../src/apps/resourceAccess';
import { sandboxFrameUrl } from '../../../src/apps/sandboxUrl';
import { isAppCallable, isModelVisible } from '../../../src/apps/toolVisibility';
import { INITIAL_SNAPSHOT } from '../../../src/core/snapshot';
import type { ConnectionSnapshot, Tool } from '../../../src/core/types';

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1).join(' ')]),
  );

describe('the CSP an app runs under (SEP-1865 "Content Security Policy Enforcement")', () => {
  it('is the spec restrictive default when the resource declares nothing', () => {
    expect(directives(contentSecurityPolicy(undefined))).toEqual({
      'default-src': "'none'",
      'script-src': "'self' 'unsafe-inline'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'media-src': "'self' data:",
      'connect-src': "'none'",
      'frame-src': "'none'",
      'base-uri': "'self'",
      'object-src': "'none'",
      'form-action': "'none'",
    });
  });

  it('maps each declared list to its directives', () => {
    const policy = directives(
      contentSecurityPolicy({
        connectDomains: ['https://api.example.com', 'wss://live.example.com'],
        resourceDomains: ['https://*.cdn.example'],
        frameDomains: ['https://www.youtube.com'],
        baseUriDomains: ['https://cdn.example.com'],
      }),
    );
    expect(policy['connect-src']).toBe('https://api.example.com wss://live.example.com');
    for (const directive of ['script-src', 'style-src', 'img-src', 'font-src', 'media-src'])
      expect(policy[directive]).toContain('https://*.cdn.example');
    expect(policy['frame-src']).toBe('https://www.youtube.com');
    expect(policy['base-uri']).toBe('https://cdn.example.com');
    expect(policy['object-src']).toBe("'none'");
  });

  it('drops entries that would allow every domain or smuggle keywords and directives', () => {
    const hostile = {
      connectDomains: [
        '*',
        'https:',
        "'unsafe-eval'",
        'https://ok.example; script-src *',
        'https://a.example/path',
        'https://ok.example:8443',
      ],
      resourceDomains: 'https://not-a-list.example',
    };
    const { csp, refused } = sanitizeCsp(hostile);
    expect(csp).toEqual({ connectDomains: ['https://ok.example:8443'] });
    expect(refused).toHaveLength(6);
    const policy = contentSecurityPolicy(hostile);
    expect(policy).not.toMatch(/unsafe-eval|\*(?!\.)|script-src \*/);
    expect(policy.split('; ')).toHaveLength(11);
  });
});

describe('links an app may open', () => {
  it('are https, http and mailto only', () => {
    for (const url of ['https://example.com/a', 'http://example.com', 'mailto:ada@example.com'])
      expect(openableLink(url)?.href).toBe(new URL(url).href);
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'blob:https://x/1',
      'not a url',
      42,
    ])
      expect(openableLink(url)).toBeUndefined();
  });
});

describe('permissions', () => {
  it('grants only what the app asked for and the page allows, as an allow attribute', () => {
    const granted = grantedPermissions({ camera: {}, microphone: {}, clipboardWrite: {}, usb: {} }, [
      'camera',
      'clipboardWrite',
      'geolocation',
    ]);
    expect(granted).toEqual({ camera: {}, clipboardWrite: {} });
    expect(allowAttribute(granted)).toBe('camera; clipboard-write');
    expect(grantedPermissions({ camera: {} })).toEqual({});
    expect(allowAttribute({})).toBe('');
  });
});

describe('tool visibility', () => {
  const tool = (visibility?: unknown): Pick<Tool, '_meta'> => ({
    _meta: visibility ? { ui: { visibility } } : {},
  });
  it('defaults to both; app-only tools are hidden from the model, model-only ones refused to apps', () => {
    expect([isModelVisible(tool()), isAppCallable(tool())]).toEqual([true, true]);
    expect([isModelVisible(tool(['app'])), isAppCallable(tool(['app']))]).toEqual([false, true]);
    expect([isModelVisible(tool(['model'])), isAppCallable(tool(['model']))]).toEqual([true, false]);
    expect([isModelVisible(tool(['bogus'])), isAppCallable(tool(['bogus']))]).toEqual([false, false]);
  });
});

describe('resources an app may read', () => {
  const snapshot: ConnectionSnapshot = {
    ...INITIAL_SNAPSHOT,
    resources: [{ uri: 'test://public', name: 'public' }],
    resourceTemplates: [{ uriTemplate: 'test://items/{id}', name: 'items' }],
    tools: [
      { name: 'show', inputSchema: { type: 'object' }, _meta: { ui: { resourceUri: 'ui://x/app.html' } } },
    ],
  };
  it('are what the server declares: listed, from a template, or a tool UI', () => {
    expect(mayAppRead('test://public', snapshot)).toBe(true);
    expect(mayAppRead('test://items/7', snapshot)).toBe(true);
    expect(mayAppRead('ui://x/app.html', snapshot)).toBe(true);
    for (const uri of ['secret://token', 'file:///etc/passwd', 'test://items/7/more', 'ui://other/app.html'])
      expect(mayAppRead(uri, snapshot)).toBe(false);
  });
});

describe('the sandbox proxy URL', () => {
  it('must be http(s) on another origin, and names the embedding origin', () => {
    const url = sandboxFrameUrl('https://sandbox.example.com/sandbox-proxy.html', 'https://app.example.com');
    expect(url.href).toBe(
      'https://sandbox.example.com/sandbox-proxy.html?host=https%3A%2F%2Fapp.example.com',
    );
    expect(() => sandboxFrameUrl('/sandbox-proxy.html', 'https://app.example.com')).toThrow(
      expect.objectContaining({ reason: 'sandbox_url' }),
    );
    expect(() => sandboxFrameUrl('javascript:alert(1)', 'https://app.example.com')).toThrow(
      expect.objectContaining({ reason: 'sandbox_url', code: 'app_sandbox_url' }),
    );
  });
});
