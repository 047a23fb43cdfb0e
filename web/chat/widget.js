// OneThread chat widget: opens a session, sends messages with an idempotency key, and shows
// both directions. Embeddable: <script src=".../chat/widget.js" data-api="..." data-topic="..."></script>
// A signed-in user is identified by a token the company's backend signs (docs/identity.md):
// data-identity-token="<jwt>", or window.OneThreadChat = { identityToken } (a string, or a
// function returning one, called whenever a session opens) set before the script loads.
(() => {
  const script = document.currentScript;
  const api = (script?.dataset.api || new URL(script?.src || location.href).origin).replace(/\/$/, '');
  const topic = script?.dataset.topic || undefined;
  const inline = script?.dataset.mode === 'inline';
  const identity = window.OneThreadChat?.identityToken ?? script?.dataset.identityToken;
  // Each signed-in user continues their own session: another user on this browser starts anew.
  const storageKey = `onethread-chat:${api}${userOf(typeof identity === 'string' ? identity : undefined)}`;
  const POLL_MS = 2000;

  const host = inline ? document.getElementById(script.dataset.target) : document.createElement('div');
  if (!inline) document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `
    <style>
      :host { all: initial; font-family: system-ui, sans-serif; }
      .panel { width: ${inline ? '100%' : '340px'}; height: 460px; display: flex; flex-direction: column;
        background: #fff; border: 1px solid #d1d5db; border-radius: 10px; box-shadow: 0 4px 16px #0002; }
      .floating { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; }
      header { padding: 12px 14px; background: #0972d3; color: #fff; border-radius: 10px 10px 0 0; font-weight: 600; }
      .log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
      .msg { max-width: 80%; padding: 8px 10px; border-radius: 10px; white-space: pre-wrap; word-wrap: break-word; }
      .inbound { align-self: flex-end; background: #0972d3; color: #fff; }
      .outbound { align-self: flex-start; background: #eef0f2; color: #16191f; }
      .pending { opacity: 0.6; }
      form { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e5e7eb; }
      form.start { flex-direction: column; border: 0; padding: 14px; }
      input, textarea { flex: 1; font: inherit; padding: 8px; border: 1px solid #9ca3af; border-radius: 6px; }
      button { font: inherit; padding: 8px 12px; border: 0; border-radius: 6px; background: #0972d3; color: #fff; cursor: pointer; }
      button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid #033160; outline-offset: 2px; }
      .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border-radius: 28px; padding: 14px 18px; }
      .error { color: #b91c1c; padding: 0 14px 8px; font-size: 0.9em; }
      .queue { padding: 8px 14px; background: #f2f8fd; color: #033160; font-size: 0.9em; border-bottom: 1px solid #d1e4f5; }
      [hidden] { display: none !important; }
    </style>
    ${inline ? '' : '<button class="launcher" type="button" aria-expanded="false" aria-controls="panel">Chat with us</button>'}
    <section id="panel" class="panel ${inline ? '' : 'floating'}" role="dialog" aria-label="Chat" ${inline ? '' : 'hidden'}>
      <header>Chat with us</header>
      <form class="start" aria-label="Start a chat">
        <label>Your name <input name="name" autocomplete="name" /></label>
        <label>Email (optional) <input name="email" type="email" autocomplete="email" /></label>
        <button type="submit">Start chat</button>
      </form>
      <div class="queue" role="status" aria-live="polite" hidden></div>
      <div class="log" role="log" aria-live="polite" hidden></div>
      <div class="error" role="alert"></div>
      <form class="compose" aria-label="Send a message" hidden>
        <textarea name="text" rows="2" aria-label="Message" placeholder="Type a message" required></textarea>
        <button type="submit">Send</button>
      </form>
    </section>`;

  const $ = (selector) => root.querySelector(selector);
  const panel = $('#panel');
  const log = $('.log');
  const startForm = $('form.start');
  const compose = $('form.compose');
  const errorBox = $('.error');
  const queueBox = $('.queue');
  const pending = new Map();
  let session = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
  let timer;

  $('.launcher')?.addEventListener('click', (event) => {
    panel.hidden = !panel.hidden;
    event.currentTarget.setAttribute('aria-expanded', String(!panel.hidden));
  });

  async function call(method, path, body) {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data?.error?.message || `request failed (${response.status})`);
    return data;
  }

  function showChat() {
    startForm.hidden = true;
    log.hidden = false;
    compose.hidden = false;
    refresh();
    clearInterval(timer);
    timer = setInterval(refresh, POLL_MS);
  }

  function render(messages) {
    const seen = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
    for (const id of seen) pending.delete(id);
    const all = [
      ...messages,
      ...[...pending.values()].map((text) => ({ direction: 'inbound', text, pending: true })),
    ];
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.replaceChildren(
      ...all.map((message) => {
        const bubble = document.createElement('div');
        bubble.className = `msg ${message.direction === 'inbound' ? 'inbound' : 'outbound'}${message.pending ? ' pending' : ''}`;
        bubble.textContent = message.text;
        return bubble;
      }),
    );
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  async function refresh() {
    try {
      const [{ messages }, queue] = await Promise.all([
        call('GET', `/chat/sessions/${session.sessionId}/messages`),
        call('GET', `/chat/sessions/${session.sessionId}/queue`).catch(() => undefined),
      ]);
      render(messages);
      showQueue(queue);
      errorBox.textContent = '';
    } catch (error) {
      errorBox.textContent = error.message;
    }
  }

  /** Where the visitor stands while they wait: their place in line and about how long. */
  function showQueue(queue) {
    const text = queueText(queue);
    queueBox.hidden = !text;
    queueBox.textContent = text;
  }

  function queueText(queue) {
    if (queue?.state === 'offered') return 'An agent is about to join.';
    if (queue?.state !== 'waiting') return '';
    const place = queue.position ? `You are number ${queue.position} in line.` : 'You are in line.';
    const seconds = queue.estimatedWaitSeconds;
    if (seconds === null || seconds === undefined)
      return `${place} We will be with you as soon as an agent is free.`;
    const minutes = Math.max(1, Math.round(seconds / 60));
    return `${place} Estimated wait: about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }

  async function send(text, clientMessageId, attempt = 0) {
    try {
      await call('POST', `/chat/sessions/${session.sessionId}/messages`, { text, clientMessageId });
      setTimeout(refresh, 300);
    } catch (error) {
      // The same clientMessageId makes a retry safe: the server stores the message once.
      if (attempt < 4) setTimeout(() => send(text, clientMessageId, attempt + 1), 500 * 2 ** attempt);
      else errorBox.textContent = error.message;
    }
  }

  startForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(startForm);
    const body = { topic };
    const identityToken = typeof identity === 'function' ? await identity() : identity;
    if (identityToken) body.identityToken = identityToken;
    if (form.get('name')) body.name = String(form.get('name'));
    if (form.get('email')) body.email = String(form.get('email'));
    try {
      session = await call('POST', '/chat/sessions', body);
      sessionStorage.setItem(storageKey, JSON.stringify(session));
      showChat();
      compose.querySelector('textarea').focus();
    } catch (error) {
      errorBox.textContent = error.message;
    }
  });

  compose.addEventListener('submit', (event) => {
    event.preventDefault();
    const textarea = compose.querySelector('textarea');
    const text = textarea.value.trim();
    if (!text) return;
    const clientMessageId = crypto.randomUUID();
    pending.set(clientMessageId, text);
    textarea.value = '';
    render([...log.children].length ? [] : []);
    send(text, clientMessageId);
  });

  compose.querySelector('textarea').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      compose.requestSubmit();
    }
  });

  if (session) showChat();

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
})();
