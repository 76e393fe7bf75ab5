import { utilityProcess } from 'electron';
import type { BackendChild } from './backend-host.ts';
import type { FromBackend } from './ipc-names.ts';

/** The backend as an Electron utility process (VS Code's UtilityProcess), adapted to BackendChild. */
export function forkBackend(entry: string, env: NodeJS.ProcessEnv): BackendChild {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Promptscope backend', env, stdio: 'inherit' });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', (message: FromBackend) => listener(message)),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  };
}
