'use client';
/**
 * @module board-filters
 * Which pipeline the board shows, and whose deals (in the URL: `?pipeline=&owner=`).
 */
import type { Pipeline } from '@comptoir/contracts/crm/pipelines';
import { NativeSelect } from '@comptoir/ui';
import { usePathname, useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toSearch } from '@/lib/list-query';
import { MemberSelect } from '../../_components/pickers';

/** The pipeline and owner selects. */
export function BoardFilters({
  pipelines,
  pipelineId,
  ownerId,
}: {
  pipelines: readonly Pick<Pipeline, 'id' | 'name'>[];
  pipelineId: string;
  ownerId: string | undefined;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [, startTransition] = useTransition();
  const go = (pipeline: string, owner: string | undefined) =>
    startTransition(() =>
      router.replace(
        `${pathname}${toSearch({ pipeline: pipeline === pipelines[0]?.id ? undefined : pipeline, owner })}`,
        { scroll: false },
      ),
    );
  return (
    <div className="flex flex-wrap items-center gap-2">
      {pipelines.length > 1 ? (
        <NativeSelect
          aria-label="Pipeline"
          className="w-auto"
          value={pipelineId}
          onChange={(e) => go(e.target.value, ownerId)}
        >
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </NativeSelect>
      ) : null}
      <MemberSelect
        aria-label="Whose deals"
        className="w-auto"
        noneLabel="Everyone’s deals"
        value={ownerId ?? null}
        onChange={(owner) => go(pipelineId, owner ?? undefined)}
      />
    </div>
  );
}
