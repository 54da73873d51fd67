import 'server-only';
/**
 * @module lib/pipelines
 * The tenant's pipelines with their stages, once per request (stage names on deal lists).
 */
import type { Pipeline, Stage } from '@comptoir/contracts/crm/pipelines';
import { cache } from 'react';
import { type Loaded, load } from './api';

/** Every pipeline, in order (the API creates the default one on first call). */
export const loadPipelines = cache(async (): Promise<Loaded<Pipeline[]>> => {
  const result = await load<{ data: Pipeline[] }>('/pipelines');
  return result.ok ? { ok: true, data: result.data.data } : result;
});

/** Stages by id across pipelines. */
export function stagesById(pipelines: readonly Pipeline[]): Map<string, Stage & { pipeline_name: string }> {
  return new Map(
    pipelines.flatMap((p) => p.stages.map((s) => [s.id, { ...s, pipeline_name: p.name }] as const)),
  );
}
