import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import { useMutation } from '@tanstack/react-query';
import type { Agent, AgentStatus, Api } from './api.ts';

const STATUSES: AgentStatus[] = ['available', 'away', 'offline'];

/** A supervisor sets an agent's status for them (an agent who left without signing out). */
export function AgentStatusActions({
  api,
  agent,
  onChanged,
}: {
  api: Pick<Api, 'setStatus'>;
  agent: Agent;
  onChanged: () => void;
}) {
  // Refused or not, the list is read again: it shows what the platform holds.
  const change = useMutation({
    mutationFn: (status: AgentStatus) => api.setStatus(agent.agentId, status),
    onSettled: onChanged,
  });
  return (
    <ButtonDropdown
      variant="inline-icon"
      ariaLabel={`Set the status of ${agent.name}`}
      items={STATUSES.map((status) => ({ id: status, text: status, disabled: status === agent.status }))}
      loading={change.isPending}
      onItemClick={({ detail }) => change.mutate(detail.id as AgentStatus)}
    />
  );
}
