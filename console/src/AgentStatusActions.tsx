import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
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
  return (
    <ButtonDropdown
      variant="inline-icon"
      ariaLabel={`Set the status of ${agent.name}`}
      items={STATUSES.map((status) => ({ id: status, text: status, disabled: status === agent.status }))}
      onItemClick={({ detail }) => {
        void api.setStatus(agent.agentId, detail.id as AgentStatus).then(onChanged, onChanged);
      }}
    />
  );
}
