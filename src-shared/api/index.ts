/** The API contract's public surface; import from here. */
export * from './result.ts';
export * from './contract.ts';
export * from './validate.ts';
export * from './client.ts';
export * from './models.ts';
export * from './tokens.ts';
export * from './attention.ts';
export * from './fill-mask.ts';
export * from './datasets.ts';
export * from './studies.ts';
export * from './runs.ts';
export * from './finetune.ts';
