import { z } from 'zod';
import { EVENT_CHANNEL_NAMES, isEventChannel, type EventChannelName } from './channel-names.ts';
import { attentionComputeArgs, attentionLayerArgs, attentionThumbnailsArgs, type AttentionComputeResult, type AttentionLayerResult, type AttentionThumbnailsResult } from './attention.ts';
import {
  datasetIdArgs,
  datasetsImportArgs,
  datasetsRowsArgs,
  datasetsSampleArgs,
  type DatasetRowsResult,
  type DatasetsSampleResult,
  type DatasetSummary,
} from './datasets.ts';
import { runsAttentionArgs, runsConditionArgs, type ConditionDetail, type StudyAttention } from './conditions.ts';
import { fillComputeArgs, fillProbeArgs, type FillComputeResult, type FillProbeResult } from './fill-mask.ts';
import { finetuneIdArgs, finetuneJobArgs, finetuneStartArgs, type FinetuneProgressEvent, type FinetuneRunItem, type FinetuneStarted, type LearningCurveDetail } from './finetune.ts';
import { insideAttributeArgs, insideHeadsArgs, insideKnockoutArgs, insideLensArgs, type InsideAttentionMass, type InsideSampleInfo } from './inside.ts';
import type { DemoAttribution, HeadAblation, LabelKnockout, LensComparison } from '../inside/inside-results.ts';
import { modelsAddArgs, modelsDownloadArgs, modelsInfoArgs, type DownloadProgressEvent, type DownloadResult, type ModelDetails, type ModelEntry, type ModelList } from './models.ts';
import { runsCompareArgs, runsExportArgs, runsIdArgs, runsRenameArgs, runsRowsArgs, runsTagArgs, type RunAnalysis, type RunComparison, type RunDetail, type RunExport, type RunListItem, type RunRowsResult } from './runs.ts';
import { studiesRunIdArgs, studiesSpecArgs, studiesStartArgs, type StudyProgressEvent, type StudyStarted, type StudyValidation } from './studies.ts';
import {
  generateArgs,
  nextArgs,
  scoreLabelsArgs,
  tokenizeArgs,
  type GenerateResult,
  type GenerateTokenEvent,
  type NextResult,
  type ScoreLabelsResult,
  type TokenizeResult,
} from './tokens.ts';

/**
 * The one API contract between the UI and the backend (GitHub Desktop's ipc-shared.ts).
 *
 * Request channels map a name to a zod schema for the arguments and a phantom result type; event
 * channels map a name to a payload type. The same contract is served over Electron's MessagePort
 * between the renderer and the backend process and over browser mode's WebSocket, in the same
 * frames (wire.ts), by one set of handlers (src-main/api/handlers.ts). Arguments are validated
 * where they arrive.
 */

interface ChannelSpec<A extends z.ZodType, R> {
  args: A;
  /** Phantom: never set, it carries the result type only. */
  readonly result?: R;
}

function channel<R>() {
  return <A extends z.ZodType>(args: A): ChannelSpec<A, R> => ({ args });
}

const noArgs = z.object({}).default({});

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  /** The application-data folder in use. */
  home: string;
  /** Whether the engine host is up (false until the first model loads is fine). */
  engineReady: boolean;
}

export const requestChannels = {
  'app.info': channel<AppInfo>()(noArgs),

  'models.list': channel<ModelList>()(noArgs),
  'models.add': channel<ModelEntry>()(modelsAddArgs),
  'models.info': channel<ModelDetails>()(modelsInfoArgs),
  'models.download': channel<DownloadResult>()(modelsDownloadArgs),

  tokenize: channel<TokenizeResult>()(tokenizeArgs),
  next: channel<NextResult>()(nextArgs),
  scoreLabels: channel<ScoreLabelsResult>()(scoreLabelsArgs),
  generate: channel<GenerateResult>()(generateArgs),

  'attention.compute': channel<AttentionComputeResult>()(attentionComputeArgs),
  'attention.layer': channel<AttentionLayerResult>()(attentionLayerArgs),
  'attention.thumbnails': channel<AttentionThumbnailsResult>()(attentionThumbnailsArgs),

  'fill.compute': channel<FillComputeResult>()(fillComputeArgs),
  'fill.probe': channel<FillProbeResult>()(fillProbeArgs),

  'datasets.import': channel<DatasetSummary>()(datasetsImportArgs),
  'datasets.list': channel<DatasetSummary[]>()(noArgs),
  'datasets.rows': channel<DatasetRowsResult>()(datasetsRowsArgs),
  'datasets.sample': channel<DatasetsSampleResult>()(datasetsSampleArgs),
  'datasets.remove': channel<{ removed: boolean }>()(datasetIdArgs),

  'studies.validate': channel<StudyValidation>()(studiesSpecArgs),
  'studies.start': channel<StudyStarted>()(studiesStartArgs),
  'studies.cancel': channel<{ cancelled: boolean }>()(studiesRunIdArgs),

  'runs.list': channel<RunListItem[]>()(noArgs),
  'runs.get': channel<RunDetail>()(runsIdArgs),
  'runs.rows': channel<RunRowsResult>()(runsRowsArgs),
  'runs.analysis': channel<RunAnalysis>()(runsIdArgs),
  'runs.compare': channel<RunComparison>()(runsCompareArgs),
  'runs.export': channel<RunExport>()(runsExportArgs),
  'runs.condition': channel<ConditionDetail>()(runsConditionArgs),
  'runs.attention': channel<StudyAttention>()(runsAttentionArgs),
  'runs.rename': channel<RunListItem>()(runsRenameArgs),
  'runs.tag': channel<RunListItem>()(runsTagArgs),
  'runs.delete': channel<{ deleted: boolean }>()(runsIdArgs),

  'finetune.list': channel<FinetuneRunItem[]>()(noArgs),
  'finetune.get': channel<LearningCurveDetail>()(finetuneIdArgs),
  'finetune.start': channel<FinetuneStarted>()(finetuneStartArgs),
  'finetune.cancel': channel<{ cancelled: boolean }>()(finetuneJobArgs),

  'inside.lens': channel<LensComparison & InsideSampleInfo>()(insideLensArgs),
  'inside.heads': channel<HeadAblation & InsideSampleInfo>()(insideHeadsArgs),
  'inside.knockout': channel<LabelKnockout & InsideSampleInfo>()(insideKnockoutArgs),
  'inside.attribute': channel<DemoAttribution & InsideSampleInfo & InsideAttentionMass>()(insideAttributeArgs),
} as const;

export interface EventChannels {
  'study.progress': StudyProgressEvent;
  'generate.token': GenerateTokenEvent;
  'models.download.progress': DownloadProgressEvent;
  'finetune.progress': FinetuneProgressEvent;
}

export type RequestChannel = keyof typeof requestChannels;
export type EventChannel = keyof EventChannels;

/** What a caller passes (defaults may be left out). */
export type ArgsInput<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['args']>;
/** What a handler receives (validated, defaults filled in). */
export type Args<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['args']>;
export type ResultOf<C extends RequestChannel> = (typeof requestChannels)[C] extends ChannelSpec<z.ZodType, infer R> ? R : never;

export const eventChannelNames: readonly EventChannel[] = EVENT_CHANNEL_NAMES;

/** Compile-time: channel-names.ts lists exactly the event channels of this contract (a new event goes in both). */
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : { missingOrExtra: Exclude<A, B> | Exclude<B, A> };
const _eventNamesMatch: Same<EventChannel, EventChannelName> = true;
/** Compile-time: the phantom carries the result type through (not `unknown` or `never`). */
const _resultTyped: Same<ResultOf<'studies.start'>, StudyStarted> = true;
void _resultTyped;
void _eventNamesMatch;

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestChannels, name);
}

export { isEventChannel };
