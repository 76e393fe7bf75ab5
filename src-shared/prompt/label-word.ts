/**
 * The word a demonstration of a class shows after its text: the class's first label word (Zhao et
 * al. 2021 list several words per class for scoring, but write one in the demonstrations). The
 * one place this rule lives: the study's prompts, the learning curve's prompts, the lm-eval export
 * and the Prompt view's preview all call it.
 *
 * A class with no label word (only while a template is being edited in the UI) shows the class
 * id itself; validated experiments always have at least one word per class.
 */
export function demonstrationLabelWord(labels: Readonly<Record<string, readonly string[] | undefined>>, label: string): string {
  return labels[label]?.[0] ?? label;
}
