import { utilityProcess, type MessagePortMain } from 'electron';
import type { BackendChild } from './backend-host.ts';
import type { FromBackend } from './ipc-names.ts';

/**
 * The backend as an Electron utility process (VS Code's UtilityProcess), adapted to BackendChild.
 * A utility process (not child_process.fork) because only it takes MessagePortMain transfers.
 */
export function forkBackend(entry: string, env: NodeJS.ProcessEnv): BackendChild<MessagePortMain> {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Promptscope backend', env, stdio: 'inherit' });
  return {
    postMessage: (message, transfer) => child.postMessage(message, transfer),
    onMessage: (listener) => void child.on('message', (message: FromBackend) => listener(message)),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  };
}
