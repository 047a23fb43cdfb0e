import Select from '@cloudscape-design/components/select';
import { useEffect, useState } from 'react';
import type { Api } from './api.ts';
import { awayReasonLabel } from './format.ts';

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
  const [reasons, setReasons] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    api
      .awayReasons(agentId)
      .then((found) => {
        if (current) setReasons(found);
      })
      .catch(() => {
        // Without the list the agent is still away, only without a reason.
      });
    return () => {
      current = false;
    };
  }, [api, agentId]);
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
