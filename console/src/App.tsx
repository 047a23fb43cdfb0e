import AppLayout from '@cloudscape-design/components/app-layout';
import Box from '@cloudscape-design/components/box';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { useEffect, useMemo, useState } from 'react';
import { AgentView } from './AgentView.tsx';
import { type Agent, apiClient, type Session } from './api.ts';
import { consoleUrl, tabSessionDeps, tabStorage } from './auth/browser.ts';
import { isFramed } from './auth/popup.ts';
import { CognitoSession } from './auth/session.ts';
import { CustomerSearch } from './CustomerSearch.tsx';
import { inAgentWorkspace, loadWorkspaceFeed } from './contact-feed/workspace-feed.ts';
import { HistoryView } from './HistoryView.tsx';
import { KnowledgeView } from './KnowledgeView.tsx';
import { LiveUpdatesProvider } from './live-updates.tsx';
import { loadRuntimeConfig, type RuntimeConfig } from './runtime-config.ts';
import { ScreenPop } from './ScreenPop.tsx';
import { HostedUiSignIn, SignIn } from './SignIn.tsx';
import { SupervisorView } from './SupervisorView.tsx';

const SESSION_KEY = 'onethread.console.session';
type Page = 'agent' | 'supervisor' | 'knowledge' | 'history' | 'customers' | 'screen-pop';

function storedSession(): Session | undefined {
  try {
    const raw = tabStorage().getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function pageFromHash(): Page {
  // The screen pop takes a query (`#/screen-pop?phone=…`).
  if (/^#\/screen-pop(\?|$)/.test(window.location.hash)) return 'screen-pop';
  if (window.location.hash === '#/knowledge') return 'knowledge';
  if (window.location.hash === '#/history') return 'history';
  if (window.location.hash === '#/customers') return 'customers';
  return window.location.hash === '#/supervisor' ? 'supervisor' : 'agent';
}

/** The local dev token is a supervisor's; a Cognito user is one in the `supervisors` group. */
function isSupervisor(session: Session): boolean {
  return session instanceof CognitoSession ? session.user.supervisor : true;
}

/** What the top bar says about who is signed in. */
function signedInAs(session: Session, agent: Agent | undefined): { text: string; description: string } {
  if (session instanceof CognitoSession) {
    const { displayName, email } = session.user;
    return {
      text: `${displayName} (${session.agentId})`,
      description: `Signed in as ${email ?? displayName}`,
    };
  }
  return {
    text: agent ? `${agent.name} (${agent.agentId})` : session.agentId,
    description: 'Signed in with the local dev token, acting as this agent',
  };
}

export function App() {
  const [config, setConfig] = useState<RuntimeConfig>();
  useEffect(() => {
    void loadRuntimeConfig().then(setConfig);
    // The workspace expects its app to connect as it loads, not once the agent has signed in;
    // the screen pop reports a failure.
    if (inAgentWorkspace(window.location)) loadWorkspaceFeed().catch(() => undefined);
  }, []);
  // config.json decides the sign-in (Cognito on AWS, the dev token locally) and the API's URL.
  if (!config) {
    return (
      <Box padding="xxxl" textAlign="center">
        <StatusIndicator type="loading">Loading the console</StatusIndicator>
      </Box>
    );
  }
  return <Workspace config={config} />;
}

function Workspace({ config }: { config: RuntimeConfig }) {
  // A Cognito session reports here when its refresh token is refused.
  const sessionDeps = tabSessionDeps(endCognitoSession);
  const [notice, setNotice] = useState<string>();
  const [session, setSession] = useState<Session | undefined>(() =>
    config.auth ? CognitoSession.restore(config.auth, sessionDeps) : storedSession(),
  );
  const [agent, setAgent] = useState<Agent>();
  const [page, setPage] = useState<Page>(pageFromHash);
  const api = useMemo(
    () => (session ? apiClient(session.token, config.apiUrl) : undefined),
    [session, config.apiUrl],
  );

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!api || !session) return;
    // A token the platform no longer accepts (it restarted with a new one) ends the session.
    // A Cognito user stays signed in without an agent record: the views show what is missing.
    api.agent(session.agentId).then(setAgent, () => {
      if (session instanceof CognitoSession) return;
      tabStorage().removeItem(SESSION_KEY);
      setSession(undefined);
    });
  }, [api, session]);

  function signIn(next: Session, signedIn: Agent) {
    tabStorage().setItem(SESSION_KEY, JSON.stringify(next));
    setAgent(signedIn);
    setSession(next);
  }
  function signOut() {
    tabStorage().removeItem(SESSION_KEY);
    setSession(undefined);
    setAgent(undefined);
    if (session instanceof CognitoSession) {
      const logout = session.signOut(consoleUrl());
      // The Hosted UI refuses to be framed: a framed console ends its own session and stays.
      if (!isFramed(window)) window.location.assign(logout);
    }
  }
  function endCognitoSession(reason: string) {
    setNotice(reason);
    setSession(undefined);
    setAgent(undefined);
  }

  if (!session || !api) {
    return config.auth ? (
      <HostedUiSignIn auth={config.auth} deps={sessionDeps} notice={notice} onSignedIn={setSession} />
    ) : (
      <SignIn onSignedIn={signIn} />
    );
  }
  const identity = signedInAs(session, agent);
  const supervisor = isSupervisor(session);

  return (
    <LiveUpdatesProvider url={config.liveUrl} token={session.token}>
      <div id="top-nav" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: '#/agent', title: 'OneThread console' }}
          utilities={[
            {
              type: 'menu-dropdown',
              text: identity.text,
              description: identity.description,
              iconName: 'user-profile',
              items: [{ id: 'signout', text: 'Sign out' }],
              onItemClick: ({ detail }) => {
                if (detail.id === 'signout') signOut();
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        toolsHide
        navigationWidth={220}
        navigation={
          <SideNavigation
            header={{ href: '#/agent', text: 'Contact centre' }}
            activeHref={`#/${page}`}
            items={[
              { type: 'link', text: 'Agent workspace', href: '#/agent' },
              { type: 'link', text: 'Find a customer', href: '#/customers' },
              { type: 'link', text: 'Queues (supervisor)', href: '#/supervisor' },
              ...(supervisor
                ? [
                    { type: 'link' as const, text: 'History', href: '#/history' },
                    { type: 'link' as const, text: 'Help articles', href: '#/knowledge' },
                  ]
                : []),
              { type: 'link', text: 'Screen pop', href: '#/screen-pop' },
            ]}
          />
        }
        content={
          page === 'supervisor' ? (
            <SupervisorView api={api} />
          ) : page === 'knowledge' && supervisor ? (
            <KnowledgeView api={api} />
          ) : page === 'history' && supervisor ? (
            <HistoryView api={api} />
          ) : page === 'customers' ? (
            <CustomerSearch api={api} />
          ) : page === 'screen-pop' ? (
            <ScreenPop api={api} config={config} />
          ) : (
            <AgentView api={api} agentId={session.agentId} agent={agent} onAgent={setAgent} />
          )
        }
      />
    </LiveUpdatesProvider>
  );
}
