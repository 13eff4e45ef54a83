import { PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

export interface SandboxTransport {
  transport: PostMessageTransport;
  /** Removes the origin guard (the transport itself is closed by its bridge). */
  dispose(): void;
}

/**
 * ext-apps' PostMessageTransport, pinned to the sandbox origin both ways. The transport checks only the sending
 * window and posts with target `'*'`; a frame's window stays the same object when it navigates, so on its own it
 * would keep talking to whatever document the proxy frame ends up showing. Here it posts only to `sandboxOrigin`,
 * and a capture listener, registered before the transport starts listening, drops messages from that window that
 * carry another origin before the transport sees them.
 */
export function sandboxTransport(frameWindow: Window, sandboxOrigin: string): SandboxTransport {
  const pinned = {
    postMessage: (message: unknown) => frameWindow.postMessage(message, sandboxOrigin),
  } as unknown as Window;
  const guard = (event: MessageEvent) => {
    if (event.source === frameWindow && event.origin !== sandboxOrigin) event.stopImmediatePropagation();
  };
  window.addEventListener('message', guard, { capture: true });
  return {
    transport: new PostMessageTransport(pinned, frameWindow),
    dispose: () => window.removeEventListener('message', guard, { capture: true }),
  };
}
