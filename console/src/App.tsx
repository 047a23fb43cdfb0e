import AppLayout from '@cloudscape-design/components/app-layout';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { useEffect, useMemo, useState } from 'react';
import { AgentView } from './AgentView.tsx';
import { type Agent, apiClient, type Session } from './api.ts';
import { SignIn } from './SignIn.tsx';
import { SupervisorView } from './SupervisorView.tsx';

const SESSION_KEY = 'onethread.console.session';
type Page = 'agent' | 'supervisor';

function storedSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function pageFromHash(): Page {
  return window.location.hash === '#/supervisor' ? 'supervisor' : 'agent';
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [agent, setAgent] = useState<Agent>();
  const [page, setPage] = useState<Page>(pageFromHash);
  const api = useMemo(() => (session ? apiClient(session.token) : undefined), [session]);

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!api || !session) return;
    // A token the platform no longer accepts (it restarted with a new one) ends the session.
    api.agent(session.agentId).then(setAgent, () => {
      sessionStorage.removeItem(SESSION_KEY);
      setSession(undefined);
    });
  }, [api, session]);

  function signIn(next: Session, signedIn: Agent) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
    setAgent(signedIn);
    setSession(next);
  }
  function signOut() {
    sessionStorage.removeItem(SESSION_KEY);
    setSession(undefined);
    setAgent(undefined);
  }

  if (!session || !api) return <SignIn onSignedIn={signIn} />;

  return (
    <>
      <div id="top-nav" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: '#/agent', title: 'OneThread console' }}
          utilities={[
            {
              type: 'menu-dropdown',
              text: agent ? `${agent.name} (${agent.agentId})` : session.agentId,
              description: 'Signed in with the local dev token, acting as this agent',
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
              { type: 'link', text: 'Queues (supervisor)', href: '#/supervisor' },
            ]}
          />
        }
        content={
          page === 'supervisor' ? (
            <SupervisorView api={api} />
          ) : (
            <AgentView api={api} agentId={session.agentId} agent={agent} onAgent={setAgent} />
          )
        }
      />
    </>
  );
}
