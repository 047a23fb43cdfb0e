import Button from '@cloudscape-design/components/button';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { EMAIL_SANDBOX, emailDocument, hasRemoteImages } from './email-frame.ts';

type View = 'text' | 'html';

/** An email as text, or as the sender laid it out; remote images wait until the agent asks. */
export function EmailBody({ text, html }: { text?: string | undefined; html: string }) {
  const [view, setView] = useState<View>(text ? 'text' : 'html');
  const [remoteImages, setRemoteImages] = useState(false);
  return (
    <SpaceBetween size="xs">
      <SegmentedControl
        label="Show the email as"
        selectedId={view}
        onChange={({ detail }) => setView(detail.selectedId as View)}
        options={[
          { id: 'text', text: 'Text' },
          { id: 'html', text: 'HTML' },
        ]}
      />
      {view === 'text' ? (
        <div className="ot-text">{text}</div>
      ) : (
        <>
          {hasRemoteImages(html) && !remoteImages ? (
            <Button variant="inline-link" onClick={() => setRemoteImages(true)}>
              Show remote images
            </Button>
          ) : null}
          <iframe
            className="ot-email-frame"
            title="The email as the sender laid it out"
            sandbox={EMAIL_SANDBOX}
            referrerPolicy="no-referrer"
            srcDoc={emailDocument(html, remoteImages)}
          />
        </>
      )}
    </SpaceBetween>
  );
}
