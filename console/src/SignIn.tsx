import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { type Agent, ApiError, apiClient, type Session } from './api.ts';

/** The agents `npm start` seeds. */
export const LOCAL_AGENTS: SelectProps.Option[] = [
  { value: 'agent-ana', label: 'Ana Lima', description: 'agent-ana · billing, general' },
  { value: 'agent-ben', label: 'Ben Okafor', description: 'agent-ben · returns, billing, general' },
  { value: 'agent-chloe', label: 'Chloé Martin', description: 'agent-chloe · sales, Spanish, general' },
];

/**
 * Local sign-in: the dev token `npm start` prints, and which seeded agent to act as. The dev
 * token is a supervisor's, so the console acts on that agent's behalf. On AWS this is the
 * Cognito Hosted UI instead.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session, agent: Agent) => void }) {
  const [token, setToken] = useState('');
  const [agent, setAgent] = useState<SelectProps.Option>(LOCAL_AGENTS[0] as SelectProps.Option);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    const agentId = agent.value ?? '';
    if (!token.trim()) return setError('Enter the agent token that npm start printed.');
    setBusy(true);
    setError(undefined);
    try {
      const found = await apiClient(token.trim()).agent(agentId);
      onSignedIn({ token: token.trim(), agentId }, found);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'That token was not accepted. Use the agent token npm start printed.'
          : `Could not sign in: ${(caught as Error).message}`,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box padding={{ top: 'xxxl', horizontal: 'l' }}>
      <div style={{ maxWidth: 480, margin: '0 auto' }}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Form
            actions={
              <Button variant="primary" formAction="submit" loading={busy}>
                Sign in
              </Button>
            }
          >
            <Container
              header={
                <Header variant="h1" description="Local sign-in for the platform that npm start runs">
                  OneThread console
                </Header>
              }
            >
              <SpaceBetween size="l">
                <FormField label="Agent token" description="Printed by npm start as “Agent token”.">
                  <Input
                    type="password"
                    value={token}
                    onChange={({ detail }) => setToken(detail.value)}
                    ariaLabel="Agent token"
                    autoFocus
                  />
                </FormField>
                <FormField
                  label="Act as agent"
                  description="The dev token is a supervisor's; it acts for this agent."
                >
                  <Select
                    selectedOption={agent}
                    options={LOCAL_AGENTS}
                    onChange={({ detail }) => setAgent(detail.selectedOption)}
                    ariaLabel="Agent"
                  />
                </FormField>
                {error ? <Alert type="error">{error}</Alert> : null}
              </SpaceBetween>
            </Container>
          </Form>
        </form>
      </div>
    </Box>
  );
}
