/** Prompt templates and few-shot prompt assembly (Zhao et al. 2021; docs/CONTRACT.md). */
export {
  parseTemplate,
  templateSegments,
  validateTemplate,
  renderDemonstration,
  renderQuery,
  buildPromptParts,
  contentFreeRow,
  labelContinuation,
  LABEL_FIELD,
  INPUT_FIELD,
  type TemplateRow,
  type TemplateSegment,
  type PromptSpec,
  type PromptParts,
} from './template.ts';
