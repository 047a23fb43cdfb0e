// The files a visitor picks for their next message. Each is checked against the very list and
// limit the API applies (functions/core/attachment-types.ts, bundled in) before a byte leaves,
// uploaded at once, listed with a Remove button, and named in the message that is sent next.
import {
  ATTACHMENT_TYPES,
  allowedType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from '../../../functions/core/attachment-types.ts';

/** What the file input offers: the allowed types only. */
export const ACCEPT = Object.keys(ATTACHMENT_TYPES).join(',');

const MEGABYTES = MAX_ATTACHMENT_BYTES / (1024 * 1024);

/** Why a file may not go, said before anything is uploaded; undefined when it may. */
export function refusalOf(file, count) {
  if (count >= MAX_ATTACHMENTS_PER_MESSAGE) {
    return `${file.name}: at most ${MAX_ATTACHMENTS_PER_MESSAGE} files go with one message.`;
  }
  if (!allowedType(file.type)) {
    return `${file.name} cannot be sent: send an image, a PDF, a text or an office document.`;
  }
  if (file.size > MAX_ATTACHMENT_BYTES)
    return `${file.name} is larger than ${MEGABYTES} MB and cannot be sent.`;
  if (file.size === 0) return `${file.name} is empty.`;
  return undefined;
}

/**
 * The attach button, its list and its status line. `take()` waits for the uploads under way and
 * answers the ids of the files to send (emptying the list); `names` tells a message's files apart.
 */
export function mountFiles(root, chat) {
  const button = root.querySelector('.attach');
  const input = root.querySelector('input[type="file"]');
  const list = root.querySelector('.picked');
  const status = root.querySelector('.file-status');
  /** The picked files, in order: { file, attachmentId?, upload: Promise, item }. */
  let picked = [];

  const say = (text, failed = false) => {
    status.textContent = text;
    status.classList.toggle('failed', failed);
  };
  const show = () => {
    list.hidden = picked.length === 0;
  };

  function add(file) {
    const entry = { file, attachmentId: undefined };
    entry.item = fileItem(file, () => remove(entry));
    entry.upload = chat.attach(file).then(
      (attachmentId) => {
        entry.attachmentId = attachmentId;
        if (!picked.includes(entry)) return;
        entry.item.querySelector('span').textContent = `${file.name} (${sizeText(file.size)})`;
        say(`${file.name} is ready to send.`);
      },
      (error) => {
        if (!picked.includes(entry)) return;
        remove(entry, false);
        say(`${file.name} could not be uploaded: ${error.message}`, true);
      },
    );
    picked.push(entry);
    list.append(entry.item);
    show();
    say(`Uploading ${file.name}…`);
  }

  function remove(entry, refocus = true) {
    picked = picked.filter((other) => other !== entry);
    entry.item.remove();
    show();
    // The Remove button just went away with its line: focus stays in the compose area.
    if (refocus) button.focus();
  }

  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const refusals = [];
    for (const file of input.files) {
      const refusal = refusalOf(file, picked.length);
      if (refusal) refusals.push(refusal);
      else add(file);
    }
    if (refusals.length) say(refusals.join(' '), true);
    // The same file may be picked again after it was removed.
    input.value = '';
  });

  return {
    get count() {
      return picked.length;
    },
    async take() {
      if (picked.some((entry) => !entry.attachmentId)) say('Uploading your files…');
      await Promise.all(picked.map((entry) => entry.upload));
      const ready = picked.filter((entry) => entry.attachmentId);
      for (const entry of ready) entry.item.remove();
      picked = picked.filter((entry) => !entry.attachmentId);
      show();
      if (ready.length) say('');
      return ready.map((entry) => entry.attachmentId);
    },
  };
}

function fileItem(file, onRemove) {
  const item = document.createElement('li');
  const name = document.createElement('span');
  name.textContent = `${file.name} (${sizeText(file.size)}): uploading…`;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Remove';
  remove.setAttribute('aria-label', `Remove ${file.name}`);
  remove.addEventListener('click', onRemove);
  item.append(name, remove);
  return item;
}

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
