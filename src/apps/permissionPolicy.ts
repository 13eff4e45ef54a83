import type { McpUiResourcePermissions } from '@modelcontextprotocol/ext-apps/app-bridge';

/** The browser features an app may ask for (SEP-1865 `_meta.ui.permissions`). */
export type AppPermission = keyof McpUiResourcePermissions;

const KNOWN: readonly AppPermission[] = ['camera', 'microphone', 'geolocation', 'clipboardWrite'];

/**
 * What an app gets: only features it asked for AND the host allows. The default allow-list is empty, so no app
 * gets the camera, the microphone, the location or the clipboard unless the page says so.
 */
export function grantedPermissions(
  requested: unknown,
  allowed: readonly AppPermission[] = [],
): McpUiResourcePermissions {
  const granted: McpUiResourcePermissions = {};
  if (!requested || typeof requested !== 'object') return granted;
  for (const permission of KNOWN) {
    if (permission in requested && allowed.includes(permission)) granted[permission] = {};
  }
  return granted;
}

/** Permissions Policy feature names (the iframe `allow` attribute) of each permission. */
const FEATURE: Record<AppPermission, string> = {
  camera: 'camera',
  microphone: 'microphone',
  geolocation: 'geolocation',
  clipboardWrite: 'clipboard-write',
};

/**
 * The `allow` attribute for granted permissions, e.g. `"camera; clipboard-write"`. Both frames need it (a
 * feature reaches the app only if every frame above it delegates it), and the sandbox proxy page computes it
 * too: this small table rather than ext-apps' `buildAllowAttribute`, whose module would bring ext-apps and zod
 * (about 650 KB) into that page.
 */
export function allowAttribute(granted: McpUiResourcePermissions | undefined): string {
  return KNOWN.filter((permission) => granted?.[permission] !== undefined)
    .map((permission) => FEATURE[permission])
    .join('; ');
}
