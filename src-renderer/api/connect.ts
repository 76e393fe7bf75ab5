import type { ApiClient, PreloadApi } from '../../src-shared/api/index.ts';
import { PortClient, windowPortMessages } from './port-client.ts';
import { socketUrlFromLocation, WebSocketClient } from './ws-client.ts';

declare global {
  interface Window {
    /** The Electron preload's bridge (src-main/electron/preload.ts); absent in browser mode. */
    promptscope?: PreloadApi;
  }
}

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/**
 * Picks the transport at start-up: in Electron (the preload is there) a MessagePort to the backend
 * that main hands out, else browser mode's WebSocket back to the page's own origin. (`onStatus` is
 * only called in browser mode.)
 */
export function connectClient(onStatus: (status: ConnectionStatus) => void): { client: ApiClient; mode: 'electron' | 'browser' } {
  const bridge = window.promptscope;
  if (bridge) {
    return { client: new PortClient(bridge, windowPortMessages(window)), mode: 'electron' };
  }
  return { client: new WebSocketClient(socketUrlFromLocation(window.location), onStatus), mode: 'browser' };
}
