/**
 * Monaco, bundled and offline: the editor core, the few contributions the template editor uses,
 * and its web worker created from a Vite `?worker` import.
 *
 * The app runs offline under a strict Content-Security-Policy, so @monaco-editor/react must not
 * fetch Monaco from its default CDN: `loader.config({ monaco })` hands it this instance instead.
 * Importing `editor.api` plus chosen contributions (rather than the whole `monaco-editor`
 * package) leaves out ~80 language grammars and the TypeScript worker we never use.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/placeholderText/browser/placeholderText.contribution.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import { loader } from '@monaco-editor/react';

let configured = false;

/** Points Monaco at the bundled worker and @monaco-editor/react at the bundled Monaco; idempotent. */
export function setUpMonaco(): typeof monaco {
  if (!configured) {
    self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
    loader.config({ monaco });
    configured = true;
  }
  return monaco;
}
