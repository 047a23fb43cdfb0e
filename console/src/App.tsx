import AppLayout from '@cloudscape-design/components/app-layout';
import Box from '@cloudscape-design/components/box';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
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
import { OutcomeBar, OutcomesProvider } from './outcomes.tsx';
import { createQueryClient } from './queries.ts';
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

/** Each page's name, as the navigation and the breadcrumbs say it. */
const PAGE_TITLES: Record<Page, string> = {
  agent: 'Agent workspace',
  customers: 'Find a customer',
  supervisor: 'Queues (supervisor)',
  history: 'History',
  knowledge: 'Help articles',
  'screen-pop': 'Screen pop',
};

function pageFromHash(): Page {
  // The screen pop takes a query (`#/screen-pop?phone=…`).
  if (/^#\/screen-pop(\?|$)/.test(window.location.hash)) return 'screen-pop';
  if (window.location.hash === '#/knowledge') return 'knowledge';
  if (window.location.hash === '#/history') return 'history';
  if (window.location.hash === '#/customers') return 'customers';
  return window.location.hash === '#/supervisor' ? 'supervisor' : 'agent';
}

/** The pages a user may open, in the navigation's order. */
function navigation(supervisor: boolean): Page[] {
  const supervisors: Page[] = supervisor ? ['history', 'knowledge'] : [];
  return ['agent', 'customers', 'supervisor', ...supervisors, 'screen-pop'];
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
  // One cache for the whole app, for as long as the tab lives.
  const [queryClient] = useState(createQueryClient);
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
  return (
    <QueryClientProvider client={queryClient}>
      <OutcomesProvider>
        <Workspace config={config} />
      </OutcomesProvider>
    </QueryClientProvider>
  );
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
  const queryClient = useQueryClient();
  const api = useMemo(
    () => (session ? apiClient(session.token, config.apiUrl) : undefined),
    [session, config.apiUrl],
  );

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // What one user read is not shown to the next: the cache ends with the session.
  useEffect(() => {
    if (!session) queryClient.clear();
  }, [session, queryClient]);

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
            items={navigation(supervisor).map((shown) => ({
              type: 'link' as const,
              text: PAGE_TITLES[shown],
              href: `#/${shown}`,
            }))}
          />
        }
        ariaLabels={{
          navigation: 'Pages',
          navigationClose: 'Close the pages',
          navigationToggle: 'Open the pages',
          notifications: 'Outcomes',
        }}
        breadcrumbs={
          <BreadcrumbGroup
            ariaLabel="Breadcrumbs"
            items={[
              { text: 'Contact centre', href: '#/agent' },
              { text: PAGE_TITLES[page], href: `#/${page}` },
            ]}
          />
        }
        notifications={<OutcomeBar />}
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
