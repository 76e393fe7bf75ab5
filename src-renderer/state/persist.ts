/**
 * The selections a researcher makes survive a reload: the dataset on screen, its pins and
 * exclusions, the previewed seed, the task (instruction, template, separator, label words) and
 * the study form. Kept in localStorage (per origin), written on change, read once at start-up.
 *
 * Only plain settings are kept; results, errors and loading flags never are, so a reload can not
 * show a stale result.
 */
import type { RootState } from './root-slices.ts';
import type { AppStore } from './store.ts';

const KEY = 'promptscope.selections.v1';

interface Saved {
  examples?: Partial<Pick<RootState['examples'], 'activeId' | 'pinned' | 'excluded' | 'previewSeed'>>;
  prompt?: Partial<Pick<RootState['prompt'], 'instruction' | 'template' | 'separator' | 'labelWords' | 'labels'>>;
  study?: Partial<Pick<RootState['study'], 'config'>>;
}

function pick(state: RootState): Saved {
  const { activeId, pinned, excluded, previewSeed } = state.examples;
  const { instruction, template, separator, labelWords, labels } = state.prompt;
  return { examples: { activeId, pinned, excluded, previewSeed }, prompt: { instruction, template, separator, labelWords, labels }, study: { config: state.study.config } };
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Applies what the last session saved (a damaged entry is dropped, never half-applied). */
export function restoreSelections(store: AppStore): void {
  const raw = storage()?.getItem(KEY);
  if (!raw) return;
  let saved: Saved;
  try {
    saved = JSON.parse(raw) as Saved;
  } catch {
    storage()?.removeItem(KEY);
    return;
  }
  store.setState((s) => ({
    // Shots, seeds and sampling are the study config's (saved with it); an older save's separate
    // Examples settings are not applied.
    examples: { ...s.examples, ...withoutKey(saved.examples ?? {}, 'settings') },
    prompt: { ...s.prompt, ...saved.prompt },
    study: { ...s.study, config: { ...s.study.config, ...saved.study?.config } },
  }));
}

function withoutKey<T extends object>(value: T, key: string): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as Partial<T>;
}

/** Saves the selections whenever they change (compared as JSON, so unrelated updates cost nothing to write). */
export function watchSelections(store: AppStore): () => void {
  let last = JSON.stringify(pick(store.getState()));
  return store.subscribe((state) => {
    const next = JSON.stringify(pick(state));
    if (next === last) return;
    last = next;
    storage()?.setItem(KEY, next);
  });
}
