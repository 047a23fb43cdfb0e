import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FileInput from '@cloudscape-design/components/file-input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import TokenGroup from '@cloudscape-design/components/token-group';
import { useEffect, useState } from 'react';
import type { Attachment } from './api.ts';
import { ACCEPTED_TYPES, type AttachmentFiles } from './attachment-files.ts';

const PREVIEWED = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * A message's files: stored images previewed, other stored files as downloads. Files the
 * platform does not keep itself (not yet fetched from a provider) are named only.
 */
export function AttachmentList({
  attachments,
  files,
}: {
  attachments: readonly Attachment[];
  files?: Pick<AttachmentFiles, 'file'> | undefined;
}) {
  return (
    <SpaceBetween direction="horizontal" size="xs">
      {attachments.map((attachment) =>
        attachment.attachmentId && files ? (
          <StoredAttachment
            key={attachment.attachmentId}
            attachment={{ ...attachment, attachmentId: attachment.attachmentId }}
            files={files}
          />
        ) : (
          <Badge key={attachment.ref}>{label(attachment)}</Badge>
        ),
      )}
    </SpaceBetween>
  );
}

function label(attachment: Attachment): string {
  return attachment.name ?? attachment.kind ?? attachment.contentType ?? 'attachment';
}

function StoredAttachment({
  attachment,
  files,
}: {
  attachment: Attachment & { attachmentId: string };
  files: Pick<AttachmentFiles, 'file'>;
}) {
  const preview = PREVIEWED.has(attachment.contentType ?? '');
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!preview) return;
    let created: string | undefined;
    let shown = true;
    files
      .file(attachment.attachmentId)
      .then((blob) => {
        if (!shown) return;
        created = URL.createObjectURL(blob);
        setUrl(created);
      })
      .catch(() => setFailed(true));
    return () => {
      shown = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [attachment.attachmentId, files, preview]);

  async function download() {
    try {
      const link = URL.createObjectURL(await files.file(attachment.attachmentId));
      const anchor = Object.assign(document.createElement('a'), { href: link, download: label(attachment) });
      anchor.click();
      URL.revokeObjectURL(link);
    } catch {
      setFailed(true);
    }
  }

  if (preview && url) {
    return <img className="ot-attachment-preview" src={url} alt={label(attachment)} />;
  }
  return (
    <SpaceBetween direction="horizontal" size="xxs" alignItems="center">
      <Button variant="inline-link" iconName="download" onClick={() => void download()}>
        {label(attachment)}
      </Button>
      {failed ? <Box color="text-status-error">could not be read</Box> : null}
    </SpaceBetween>
  );
}

/** A file the agent attached to the reply being written, once uploaded. */
export interface AttachedFile {
  attachmentId: string;
  name: string;
}

/** Picks files for a reply and uploads each at once, so Send only names them. */
export function AttachFiles({
  conversationId,
  files,
  value,
  onChange,
  onBusy,
}: {
  conversationId: string;
  files: Pick<AttachmentFiles, 'upload'>;
  value: readonly AttachedFile[];
  onChange: (attached: AttachedFile[]) => void;
  onBusy?: (busy: boolean) => void;
}) {
  const [error, setError] = useState<string>();
  async function add(picked: readonly File[]) {
    setError(undefined);
    onBusy?.(true);
    const attached = [...value];
    try {
      for (const file of picked) {
        attached.push({ attachmentId: await files.upload(conversationId, file), name: file.name });
      }
    } catch (caught) {
      setError(`Not attached: ${(caught as Error).message}`);
    } finally {
      onChange(attached);
      onBusy?.(false);
    }
  }
  return (
    <SpaceBetween size="xxs">
      <FileInput
        value={[]}
        multiple
        accept={ACCEPTED_TYPES}
        ariaLabel="Attach files"
        onChange={({ detail }) => void add(detail.value)}
      >
        Attach
      </FileInput>
      {value.length > 0 ? (
        <TokenGroup
          items={value.map((file) => ({ label: file.name, dismissLabel: `Remove ${file.name}` }))}
          onDismiss={({ detail }) => onChange(value.filter((_, index) => index !== detail.itemIndex))}
        />
      ) : null}
      {error ? <Box color="text-status-error">{error}</Box> : null}
    </SpaceBetween>
  );
}
