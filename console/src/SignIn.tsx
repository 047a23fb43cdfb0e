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
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { type Agent, ApiError, apiClient, type Session } from './api.ts';
import { consoleUrl } from './auth/browser.ts';
import { authorizeUrl, completeSignIn, isCallback, SignInError } from './auth/cognito.ts';
import {
  handBackToOpener,
  isFramed,
  openSignInWindow,
  POPUP_STATE_PREFIX,
  popupAnswer,
} from './auth/popup.ts';
import { CognitoSession, type SessionDeps } from './auth/session.ts';
import type { CognitoConfig } from './runtime-config.ts';

/** The agents `npm start` seeds. */
export const LOCAL_AGENTS: SelectProps.Option[] = [
  { value: 'agent-ana', label: 'Ana Lima', description: 'agent-ana · billing, general' },
  { value: 'agent-ben', label: 'Ben Okafor', description: 'agent-ben · returns, billing, general' },
  { value: 'agent-chloe', label: 'Chloé Martin', description: 'agent-chloe · sales, Spanish, general' },
];

/**
 * Local sign-in: the dev token `npm start` prints, and which seeded agent to act as. The dev
 * token is a supervisor's, so the console acts on that agent's behalf. On AWS the console signs
 * in on the Cognito Hosted UI instead ({@link HostedUiSignIn}).
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
    <SignInPage>
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
    </SignInPage>
  );
}

/** The page part of the sign-in screens: a narrow column in the middle. */
function SignInPage({ children }: { children: ReactNode }) {
  return (
    <Box padding={{ top: 'xxxl', horizontal: 'l' }}>
      <div style={{ maxWidth: 480, margin: '0 auto' }}>{children}</div>
    </Box>
  );
}

/** The console's place in the app (`#/screen-pop?…`) survives the trip to the Hosted UI. */
const RETURN_HASH_KEY = 'onethread.console.returnHash';

export interface HostedUiSignInProps {
  auth: CognitoConfig;
  deps: SessionDeps;
  /** Why the previous session ended, when it did. */
  notice?: string | undefined;
  onSignedIn: (session: CognitoSession) => void;
}

/**
 * Sign-in on AWS: the Cognito Hosted UI, with the authorization code and PKCE. The button sends
 * the browser there; when it comes back with a code, this exchanges it and hands on the session.
 * A console framed by another page signs in in a pop-up instead (auth/popup.ts), and this page,
 * opened as that pop-up, hands the answer back.
 */
export function HostedUiSignIn({ auth, deps, notice, onSignedIn }: HostedUiSignInProps) {
  const [callback] = useState(() => {
    const url = new URL(window.location.href);
    return isCallback(url) ? url : undefined;
  });
  const [busy, setBusy] = useState(callback !== undefined);
  const [error, setError] = useState<string>();
  const [handedBack, setHandedBack] = useState(false);
  const exchanged = useRef(false);

  const fail = useCallback((caught: unknown) => {
    setError(
      caught instanceof SignInError
        ? caught.message
        : `The sign-in could not be completed: ${(caught as Error).message}.`,
    );
    setBusy(false);
  }, []);

  const finish = useCallback(
    async (answer: URL) => {
      const tokens = await completeSignIn(auth, consoleUrl(), answer, deps);
      onSignedIn(CognitoSession.start(auth, tokens, deps));
      // Kept until a sign-in succeeds, so that a retry also returns there.
      const returnHash = deps.storage.getItem(RETURN_HASH_KEY);
      deps.storage.removeItem(RETURN_HASH_KEY);
      if (returnHash) window.location.hash = returnHash;
    },
    [auth, deps, onSignedIn],
  );

  useEffect(() => {
    // A code is good for one exchange, and the effect may run twice.
    if (!callback || exchanged.current) return;
    exchanged.current = true;
    if (handBackToOpener(window, callback)) return setHandedBack(true);
    // The code and state have served: a reload must not present them again.
    window.history.replaceState(null, '', callback.pathname);
    finish(callback).catch(fail);
  }, [callback, finish, fail]);

  async function signIn() {
    setBusy(true);
    setError(undefined);
    try {
      // Web Crypto's digest, which PKCE needs, exists only on HTTPS pages (and localhost).
      if (!window.isSecureContext)
        throw new SignInError('Signing in needs the console to be opened over HTTPS.');
      if (isFramed(window)) {
        const popup = openSignInWindow(window);
        popup.location.href = await authorizeUrl(auth, consoleUrl(), deps.storage, POPUP_STATE_PREFIX);
        await finish(await popupAnswer(window, popup));
        return;
      }
      if (window.location.hash) deps.storage.setItem(RETURN_HASH_KEY, window.location.hash);
      window.location.assign(await authorizeUrl(auth, consoleUrl(), deps.storage));
    } catch (caught) {
      fail(caught);
    }
  }

  if (handedBack) {
    return (
      <SignInPage>
        <StatusIndicator type="loading">
          Finishing the sign-in in the console; this window closes
        </StatusIndicator>
      </SignInPage>
    );
  }

  return (
    <SignInPage>
      <Container
        header={
          <Header variant="h1" description="Sign in with your agent account">
            OneThread console
          </Header>
        }
      >
        <SpaceBetween size="l">
          {notice && !error ? <Alert type="info">{notice}</Alert> : null}
          {error ? (
            <Alert
              type="error"
              header="Sign-in failed"
              action={<Button onClick={() => void signIn()}>Try again</Button>}
            >
              {error}
            </Alert>
          ) : (
            <Button variant="primary" loading={busy} loadingText="Signing in" onClick={() => void signIn()}>
              Sign in
            </Button>
          )}
        </SpaceBetween>
      </Container>
    </SignInPage>
  );
}
