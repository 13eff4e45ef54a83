// Every test server answers `/__control/*` (statistics, resets, switches) without auth, on loopback only.

const CONTROL_TIMEOUT_MS = 5_000;

/** One bounded request to a test server's control endpoint; a refusal throws with the server's answer. */
export async function controlRequest(origin: string, path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(`${origin}/__control/${path}`, {
    ...init,
    signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
  });
  if (!response.ok)
    throw new Error(`/__control/${path} answered ${response.status}: ${await response.text()}`);
  return response;
}
