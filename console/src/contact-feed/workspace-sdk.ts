import { AmazonConnectApp } from '@amazon-connect/app';
import { ContactClient } from '@amazon-connect/contact';
import { VoiceClient } from '@amazon-connect/voice';
import type { WorkspaceContacts, WorkspaceVoice } from './workspace-feed.ts';

/**
 * Starts the page as an agent-workspace app and answers the workspace's contact client. Only
 * `loadWorkspaceFeed` imports this, so the SDK is a chunk of its own.
 */
export function connectToWorkspace(): { contacts: WorkspaceContacts; voice: WorkspaceVoice } {
  // The screen pop has nothing to set up or tear down in the app's lifecycle.
  const { provider } = AmazonConnectApp.init({ onCreate: async () => undefined });
  // The app and the clients each bring their own patch release of the SDK's core, whose classes
  // TypeScript then tells apart; a client only needs a provider's id, config and proxy.
  const shared = provider as unknown as ConstructorParameters<typeof ContactClient>[0];
  return { contacts: new ContactClient(shared), voice: new VoiceClient(shared) };
}
