import Select from '@cloudscape-design/components/select';
import { useQuery } from '@tanstack/react-query';
import type { Api } from './api.ts';
import { awayReasonLabel } from './format.ts';
import { queryKeys } from './queries.ts';

/** Why an away agent is away, picked from the floor's reasons: supervisors see it with the time. */
export function AwayReason({
  api,
  agentId,
  reason,
  onReason,
}: {
  api: Pick<Api, 'awayReasons'>;
  agentId: string;
  reason: string | undefined;
  onReason: (reason: string) => void;
}) {
  // Without the list the agent is still away, only without a reason.
  const reasons =
    useQuery({
      queryKey: queryKeys.awayReasons(agentId),
      queryFn: () => api.awayReasons(agentId),
      staleTime: Number.POSITIVE_INFINITY,
    }).data ?? [];
  const option = (value: string) => ({ value, label: awayReasonLabel(value) });
  return (
    <Select
      ariaLabel="Away reason"
      placeholder="Reason"
      selectedOption={reason ? option(reason) : null}
      options={reasons.map(option)}
      onChange={({ detail }) => {
        if (detail.selectedOption.value) onReason(detail.selectedOption.value);
      }}
    />
  );
}
