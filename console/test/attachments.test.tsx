// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AttachedFile, AttachFiles } from '../src/Attachments.tsx';
import type { TimelineItem } from '../src/api.ts';
import { TimelineEntry } from '../src/Timeline.tsx';
import { entryOf } from './wire.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Every view a test shows, unmounted after it. */
const shown: Root[] = [];
let links: string[];
let saved: string[];
beforeEach(() => {
  links = [];
  saved = [];
  // jsdom navigates nowhere: a download link clicked records the file name it saves as.
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push(`${this.download} from ${this.href}`);
  };
  // jsdom has no object URLs: each blob read gets a name of its own.
  URL.createObjectURL = () => {
    links.push(`blob:file-${links.length + 1}`);
    return links.at(-1) as string;
  };
  URL.revokeObjectURL = () => undefined;
});
afterEach(() => {
  for (const view of shown.splice(0)) act(() => view.unmount());
  document.body.replaceChildren();
});

async function show(element: React.ReactElement): Promise<Root> {
  const view = createRoot(document.body.appendChild(document.createElement('div')));
  shown.push(view);
  await act(async () => view.render(element));
  return view;
}

const entry: TimelineItem = entryOf({
  interactionId: 'int_1',
  customerId: 'cust_1',
  conversationId: 'conv_1',
  attachments: [
    {
      ref: 's3://b/attachments/files/att_1',
      attachmentId: 'att_1',
      name: 'label.png',
      contentType: 'image/png',
    },
    {
      ref: 's3://b/attachments/files/att_2',
      attachmentId: 'att_2',
      name: 'receipt.pdf',
      contentType: 'application/pdf',
    },
    { ref: 'whatsapp-media:123', name: 'voice note', kind: 'audio' },
  ],
  kind: 'message',
  direction: 'inbound',
  channel: 'chat',
  at: '2026-05-01T09:00:00.000Z',
  text: 'Here they are',
});

describe('attachments on the timeline', () => {
  it('previews a stored image, offers other stored files as downloads, and names the rest', async () => {
    const read: string[] = [];
    const files = {
      file: async (attachmentId: string) => {
        read.push(attachmentId);
        return new Blob(['bytes'], { type: 'image/png' });
      },
    };
    await show(<TimelineEntry item={entry} files={files} />);
    const image = document.querySelector('img');
    expect(image?.getAttribute('alt')).toBe('label.png');
    expect(image?.getAttribute('src')).toBe('blob:file-1');
    // The document is not fetched until asked for.
    expect(read).toEqual(['att_1']);
    const download = [...document.querySelectorAll('button')].find((b) => b.textContent === 'receipt.pdf');
    expect(download).toBeDefined();
    await act(async () => download?.click());
    expect(read).toEqual(['att_1', 'att_2']);
    expect(saved).toEqual(['receipt.pdf from blob:file-2']);
    expect(document.body.textContent).toContain('voice note');
  });

  it('names every file when it has no way to read them', async () => {
    await show(<TimelineEntry item={entry} />);
    expect(document.querySelector('img')).toBeNull();
    expect(document.body.textContent).toContain('label.png');
    expect(document.body.textContent).toContain('receipt.pdf');
  });
});

describe('attaching files to a reply', () => {
  it('uploads each picked file at once and lists it, removable, or says why it was not attached', async () => {
    let attached: AttachedFile[] = [];
    const uploads: string[] = [];
    const files = {
      upload: async (conversationId: string, file: File) => {
        if (file.name.endsWith('.html')) throw new Error('contentType: text/html is not accepted');
        uploads.push(`${conversationId}/${file.name}`);
        return `att_${uploads.length}`;
      },
    };
    const view = () => (
      <AttachFiles
        conversationId="conv_1"
        files={files}
        value={attached}
        onChange={(next) => {
          attached = next;
        }}
      />
    );
    const root = await show(view());
    const input = document.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');
    const pick = async (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      await act(async () => input.dispatchEvent(new Event('change', { bubbles: true })));
    };
    await pick(new File(['png'], 'label.png', { type: 'image/png' }));
    expect(uploads).toEqual(['conv_1/label.png']);
    expect(attached).toEqual([{ attachmentId: 'att_1', name: 'label.png' }]);
    await act(async () => root.render(view()));
    expect(document.body.textContent).toContain('label.png');

    await pick(new File(['<p>'], 'page.html', { type: 'text/html' }));
    expect(document.body.textContent).toContain('Not attached: contentType: text/html is not accepted');
    expect(attached).toEqual([{ attachmentId: 'att_1', name: 'label.png' }]);
  });
});
