// OneThread chat widget: opens a session, sends messages with an idempotency key, and shows
// both directions. Embeddable: <script src=".../chat/widget.js" data-api="..." data-topic="..."></script>
// Built into web/chat/widget.js (npm start does, or npm run widget:build) with the headless chat
// client of packages/chat, which hears of messages, typing and the queue over the live socket.
// A signed-in user is identified by a token the company's backend signs (docs/identity.md):
// data-identity-token="<jwt>", or window.OneThreadChat = { identityToken } (a string, or a
// function returning one, called whenever a session opens) set before the script loads.
// Before the first message is queued, help articles that may answer it are offered (articles.js).
// While in line the visitor can ask to be called back instead; when an agent completes the
// chat, its survey shows as a card (survey.js); when the chat ends, its transcript can be
// emailed to an address the visitor proved. Files go with messages (files.js).
import { createChat } from '../../../packages/chat/src/index.ts';
import { articlesFor, offer } from './articles.js';
import { ACCEPT, mountFiles } from './files.js';
import { panelHtml } from './markup.js';
import { queueText } from './queue.js';
import { note, showSurvey } from './survey.js';

/** As the console does: the platform shows each typing signal a little longer than this. */
const TYPING_SIGNAL_MS = 3000;

mount(document.currentScript);

function mount(script) {
  const api = (script?.dataset.api || new URL(script?.src || location.href).origin).replace(/\/$/, '');
  const inline = script?.dataset.mode === 'inline';
  const identity = window.OneThreadChat?.identityToken ?? script?.dataset.identityToken;
  // Each signed-in user continues their own session: another user on this browser starts anew.
  const storageKey = `onethread-chat:${api}${userOf(typeof identity === 'string' ? identity : undefined)}`;
  const ui = mountUi(script, inline);
  const widget = {
    api,
    topic: script?.dataset.topic || undefined,
    identity,
    storageKey,
    language: (document.documentElement.lang || navigator.language || 'en').slice(0, 10),
    // data-live names the live socket when the session does not (a platform that cannot say it).
    chat: createChat({ baseUrl: api, liveUrl: script?.dataset.live || undefined }),
    session: JSON.parse(sessionStorage.getItem(storageKey) || 'null'),
    /** The session just ended, kept for its transcript. */
    ended: null,
    /** What the visitor was told when they asked for a call back. */
    callbackRequested: '',
    ui,
    showError: (text) => {
      ui.errorBox.textContent = text;
    },
  };
  widget.files = mountFiles(ui.root, widget.chat);
  listen(widget);
  wireStart(widget);
  wireCompose(widget);
  wireCallback(widget);
  wireEnd(widget);
  if (widget.session) {
    widget.chat.resume(widget.session);
    showChat(widget);
  }
}

/** The widget in a shadow root (the host page's styles cannot break it), and its parts. */
function mountUi(script, inline) {
  const host = inline ? document.getElementById(script.dataset.target) : document.createElement('div');
  if (!inline) document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = panelHtml(inline, ACCEPT);
  const $ = (selector) => root.querySelector(selector);
  const ui = {
    root,
    panel: $('#panel'),
    log: $('.log'),
    startForm: $('form.start'),
    compose: $('form.compose'),
    errorBox: $('.error'),
    queueBox: $('.queue'),
    kbBox: $('.kb'),
    callbackForm: $('form.callback'),
    surveyForm: $('form.survey'),
    transcriptForm: $('form.transcript'),
    endButton: $('.end'),
    queueLine: document.createElement('span'),
    callbackLink: document.createElement('button'),
    typingLine: document.createElement('p'),
  };
  ui.callbackLink.type = 'button';
  ui.callbackLink.className = 'link';
  ui.callbackLink.textContent = 'Call me back instead';
  ui.queueBox.append(ui.queueLine, ' ', ui.callbackLink);
  ui.typingLine.className = 'typing';
  ui.typingLine.setAttribute('aria-live', 'polite');
  ui.typingLine.textContent = 'Agent is typing…';
  ui.typingLine.hidden = true;
  ui.log.after(ui.typingLine);
  $('.launcher')?.addEventListener('click', (event) => {
    ui.panel.hidden = !ui.panel.hidden;
    event.currentTarget.setAttribute('aria-expanded', String(!ui.panel.hidden));
  });
  return ui;
}

/** What the client hears: messages, the agent typing, the queue, failures and the connection. */
function listen(widget) {
  const { chat, ui } = widget;
  chat.on('messages', (all) => render(widget, all));
  // Present only while the agent types: the platform drops it a few seconds after they stop.
  chat.on('typing', ({ agentTyping }) => {
    ui.typingLine.hidden = !agentTyping;
  });
  chat.on('queue', (queue) => showQueue(widget, queue));
  chat.on('error', (error) => widget.showError(error.message));
  chat.on('connection', (state) => {
    ui.panel.dataset.connection = state;
    if (state === 'live') widget.showError('');
  });
  // The page is going away: closed, or the visitor moving to another page of the site, which
  // picks the session up again and reports in. A beacon cannot carry an Authorization header,
  // so the session token goes in a text/plain body, which the end route alone accepts.
  addEventListener('pagehide', () => {
    const { session } = widget;
    if (!session || !navigator.sendBeacon) return;
    const body = new Blob([JSON.stringify({ token: session.token, leaving: true })], { type: 'text/plain' });
    navigator.sendBeacon(`${widget.api}/chat/sessions/${session.sessionId}/end`, body);
  });
}

/** Live from here on: the client hears of messages, typing and the queue as they change. */
function showChat({ ui }) {
  ui.startForm.hidden = true;
  ui.endButton.hidden = false;
  ui.log.hidden = false;
  ui.compose.hidden = false;
}

/** Every message of the session, the visitor's own still on their way (pending) last. */
function render(widget, all) {
  const { log } = widget.ui;
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.replaceChildren(...all.map(bubble));
  if (atBottom) log.scrollTop = log.scrollHeight;
  const card = all.findLast((message) => message.survey)?.survey;
  if (card) showSurvey(widget, card);
}

function bubble(message) {
  const element = document.createElement('div');
  element.className = `msg ${message.direction === 'inbound' ? 'inbound' : 'outbound'}${message.pending ? ' pending' : ''}`;
  element.textContent = message.text;
  if (message.attachments?.length) {
    const files = document.createElement('ul');
    files.className = 'msg-files';
    files.setAttribute('aria-label', 'Files');
    for (const file of message.attachments) {
      const item = document.createElement('li');
      item.textContent = file.name ?? 'file';
      files.append(item);
    }
    element.append(files);
  }
  return element;
}

/** Where the visitor stands while they wait: their place in line and about how long. */
function showQueue(widget, queue) {
  const { queueBox, queueLine, callbackLink } = widget.ui;
  const waiting = queue?.state === 'waiting';
  const text =
    waiting && widget.callbackRequested ? widget.callbackRequested : queueText(queue, widget.language);
  queueBox.hidden = !text;
  queueLine.textContent = text;
  callbackLink.hidden = !waiting || Boolean(widget.callbackRequested) || queue.open === false;
}

function wireStart(widget) {
  const { startForm, compose } = widget.ui;
  startForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(startForm);
    const body = { topic: widget.topic };
    const identityToken = typeof widget.identity === 'function' ? await widget.identity() : widget.identity;
    if (identityToken) body.identityToken = identityToken;
    if (form.get('name')) body.name = String(form.get('name'));
    if (form.get('email')) body.email = String(form.get('email'));
    try {
      widget.session = await widget.chat.start(body);
      sessionStorage.setItem(widget.storageKey, JSON.stringify(widget.session));
      showChat(widget);
      compose.querySelector('textarea').focus();
    } catch (error) {
      widget.showError(error.message);
    }
  });
}

function wireCompose(widget) {
  const { compose } = widget.ui;
  const textarea = compose.querySelector('textarea');
  compose.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    // A message may be a file alone.
    if (!text && widget.files.count === 0) return;
    const clientMessageId = crypto.randomUUID();
    textarea.value = '';
    const attachmentIds = await widget.files.take();
    if (!text && attachmentIds.length === 0) return;
    const { session } = widget;
    const articles = session.firstSent || !text ? [] : await articlesFor(widget, text);
    session.firstSent = true;
    sessionStorage.setItem(widget.storageKey, JSON.stringify(session));
    // The offered message goes on the timeline at once, held until the customer answers the offer.
    const deflection = articles.length ? 'offered' : undefined;
    // The client retries with the same clientMessageId, which the server stores once.
    widget.chat.send(text, { clientMessageId, deflection, attachmentIds }).catch((error) => {
      widget.showError(error.message);
    });
    if (articles.length) offer(widget, articles, clientMessageId);
  });
  // While the visitor types, the agent is told at most every TYPING_SIGNAL_MS; a lost signal
  // only hides the hint for a moment.
  let lastTypingSignal = 0;
  textarea.addEventListener('input', (event) => {
    if (!widget.session || !event.target.value.trim() || Date.now() - lastTypingSignal < TYPING_SIGNAL_MS)
      return;
    lastTypingSignal = Date.now();
    widget.chat.typing().catch(() => undefined);
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      compose.requestSubmit();
    }
  });
}

// The callback keeps the visitor's place: the call comes when an agent takes the chat.
function wireCallback(widget) {
  const { callbackForm, callbackLink } = widget.ui;
  callbackLink.addEventListener('click', () => {
    callbackForm.hidden = false;
    callbackForm.querySelector('input').focus();
  });
  callbackForm.querySelector('.cancel').addEventListener('click', () => {
    callbackForm.hidden = true;
  });
  callbackForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const phone = String(new FormData(callbackForm).get('phone') || '').replace(/[\s().-]/g, '');
    try {
      const answer = await widget.chat.sessionRequest('POST', '/callback', { phone });
      callbackForm.hidden = true;
      widget.callbackRequested = answer.message || 'We will call you back.';
      widget.chat.refresh();
    } catch (error) {
      widget.showError(error.message);
    }
  });
}

// Ending the chat while still in line leaves the line: no agent is offered it any more.
function wireEnd(widget) {
  const { ui, chat } = widget;
  ui.endButton.addEventListener('click', async () => {
    if (!widget.session) return;
    await chat.end().catch(() => chat.close());
    widget.ended = widget.session;
    widget.session = null;
    sessionStorage.removeItem(widget.storageKey);
    ui.endButton.hidden = true;
    ui.compose.hidden = true;
    ui.callbackForm.hidden = true;
    ui.queueBox.hidden = false;
    ui.callbackLink.hidden = true;
    ui.queueLine.textContent = 'Chat ended. Thank you.';
    ui.transcriptForm.hidden = false;
  });
  // Only to an address the visitor proved; the server says so when it is not one.
  ui.transcriptForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = String(new FormData(ui.transcriptForm).get('transcriptTo') || '');
    try {
      await chat.sessionRequest('POST', '/transcript', { email }, widget.ended);
      ui.transcriptForm.replaceChildren(note('The transcript is on its way.'));
      widget.showError('');
    } catch (error) {
      widget.showError(error.message);
    }
  });
}

/** The token's subject, read (not verified: the server does that) only to pick the stored session. */
function userOf(token) {
  try {
    const payload = token?.split('.')[1];
    const sub = payload && JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))).sub;
    return sub ? `:${encodeURIComponent(sub)}` : '';
  } catch {
    return '';
  }
}
