// OneThread chat widget: opens a session, sends messages with an idempotency key, and shows
// both directions. Embeddable: <script src=".../chat/widget.js" data-api="..." data-topic="..."></script>
// Built into web/chat/widget.js (npm start does, or npm run widget:build) with the headless chat
// client of packages/chat, which hears of messages, typing and the queue over the live socket.
// A signed-in user is identified by a token the company's backend signs (docs/identity.md):
// data-identity-token="<jwt>", or window.OneThreadChat = { identityToken } (a string, or a
// function returning one, called whenever a session opens) set before the script loads.
// Before the first message is queued, up to three help articles that may answer it are offered:
// "This answered my question" closes it without waiting for anyone; "Talk to a person" queues
// it at once, in the place the customer had when they wrote.
// While in line the visitor can ask to be called back instead; when an agent completes the
// chat, its survey shows as a card; when the chat ends, its transcript can be emailed to an
// address the visitor proved.
import { createChat } from '../../../packages/chat/src/index.ts';

(() => {
  const script = document.currentScript;
  const api = (script?.dataset.api || new URL(script?.src || location.href).origin).replace(/\/$/, '');
  const topic = script?.dataset.topic || undefined;
  const inline = script?.dataset.mode === 'inline';
  const identity = window.OneThreadChat?.identityToken ?? script?.dataset.identityToken;
  // Each signed-in user continues their own session: another user on this browser starts anew.
  const storageKey = `onethread-chat:${api}${userOf(typeof identity === 'string' ? identity : undefined)}`;
  /** As the console does: the platform shows each typing signal a little longer than this. */
  const TYPING_SIGNAL_MS = 3000;

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
      .typing { margin: 0; padding: 0 14px 6px; color: #414d5c; font-size: 0.85em; font-style: italic; }
      form { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e5e7eb; }
      form.start { flex-direction: column; border: 0; padding: 14px; }
      input, textarea { flex: 1; font: inherit; padding: 8px; border: 1px solid #9ca3af; border-radius: 6px; }
      button { font: inherit; padding: 8px 12px; border: 0; border-radius: 6px; background: #0972d3; color: #fff; cursor: pointer; }
      button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid #033160; outline-offset: 2px; }
      .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border-radius: 28px; padding: 14px 18px; }
      .error { color: #b91c1c; padding: 0 14px 8px; font-size: 0.9em; }
      .queue { padding: 8px 14px; background: #f2f8fd; color: #033160; font-size: 0.9em; border-bottom: 1px solid #d1e4f5; }
      .kb { padding: 10px 14px; border-top: 1px solid #e5e7eb; background: #fafafa; max-height: 55%; overflow-y: auto; }
      .kb h2 { font-size: 0.95em; margin: 0 0 6px; }
      .kb ul { list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-direction: column; gap: 6px; }
      .kb li button.article { background: none; color: #0972d3; padding: 0; text-align: left; text-decoration: underline; }
      .kb .snippet { color: #414d5c; font-size: 0.85em; }
      .kb .body { font-size: 0.9em; border-left: 3px solid #d1e4f5; padding-left: 8px; margin: 6px 0; }
      .kb .actions { display: flex; gap: 6px; flex-wrap: wrap; }
      .kb .actions .secondary { background: #fff; color: #0972d3; border: 1px solid #0972d3; }
      .card { padding: 10px 14px; border-top: 1px solid #e5e7eb; background: #fafafa; display: flex; flex-direction: column; gap: 8px; }
      .card p { margin: 0; }
      .card .stars { display: flex; gap: 4px; }
      .card .stars button { background: #fff; color: #0972d3; border: 1px solid #0972d3; min-width: 36px; }
      .card .stars button[aria-pressed="true"] { background: #0972d3; color: #fff; }
      .card .row { display: flex; gap: 6px; }
      .queue .link { background: none; color: #0972d3; padding: 0; text-decoration: underline; font-size: 1em; }
      header .end { float: right; background: none; border: 1px solid currentColor; padding: 2px 8px; font-size: 0.8em; }
      [hidden] { display: none !important; }
    </style>
    ${inline ? '' : '<button class="launcher" type="button" aria-expanded="false" aria-controls="panel">Chat with us</button>'}
    <section id="panel" class="panel ${inline ? '' : 'floating'}" role="dialog" aria-label="Chat" ${inline ? '' : 'hidden'}>
      <header>Chat with us <button class="end" type="button" hidden>End chat</button></header>
      <form class="start" aria-label="Start a chat">
        <label>Your name <input name="name" autocomplete="name" /></label>
        <label>Email (optional) <input name="email" type="email" autocomplete="email" /></label>
        <button type="submit">Start chat</button>
      </form>
      <div class="queue" role="status" aria-live="polite" hidden></div>
      <div class="log" role="log" aria-live="polite" hidden></div>
      <div class="kb" role="region" aria-label="Help articles" hidden></div>
      <form class="card callback" aria-label="Call me back" hidden>
        <label>Your phone number <input name="phone" type="tel" autocomplete="tel" placeholder="+351 912 345 678" required /></label>
        <div class="row"><button type="submit">Call me back</button><button type="button" class="cancel">Keep waiting</button></div>
      </form>
      <form class="card survey" aria-label="How did we do?" hidden></form>
      <form class="card transcript" aria-label="Email me this chat" hidden>
        <label>Email me this chat <input name="transcriptTo" type="email" autocomplete="email" required /></label>
        <div class="row"><button type="submit">Send transcript</button></div>
      </form>
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
  const kbBox = $('.kb');
  const callbackForm = $('form.callback');
  const surveyForm = $('form.survey');
  const transcriptForm = $('form.transcript');
  const queueLine = document.createElement('span');
  const callbackLink = document.createElement('button');
  callbackLink.type = 'button';
  callbackLink.className = 'link';
  callbackLink.textContent = 'Call me back instead';
  queueBox.append(queueLine, ' ', callbackLink);
  const typingLine = document.createElement('p');
  typingLine.className = 'typing';
  typingLine.setAttribute('aria-live', 'polite');
  typingLine.textContent = 'Agent is typing…';
  typingLine.hidden = true;
  log.after(typingLine);
  const language = (document.documentElement.lang || navigator.language || 'en').slice(0, 10);
  let session = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
  // data-live names the live socket when the session does not (a platform that cannot say it).
  const chat = createChat({ baseUrl: api, liveUrl: script?.dataset.live || undefined });
  chat.on('messages', render);
  // Present only while the agent types: the platform drops it a few seconds after they stop.
  chat.on('typing', ({ agentTyping }) => {
    typingLine.hidden = !agentTyping;
  });
  chat.on('queue', showQueue);
  chat.on('error', (error) => {
    errorBox.textContent = error.message;
  });
  chat.on('connection', (state) => {
    panel.dataset.connection = state;
    if (state === 'live') errorBox.textContent = '';
  });
  /** The session just ended, kept for its transcript. */
  let ended = null;
  /** What the visitor was told when they asked for a call back. */
  let callbackRequested = '';

  const endButton = $('.end');

  // Ending the chat while still in line leaves the line: no agent is offered it any more.
  endButton.addEventListener('click', async () => {
    if (!session) return;
    await chat.end().catch(() => chat.close());
    ended = session;
    session = null;
    sessionStorage.removeItem(storageKey);
    endButton.hidden = true;
    compose.hidden = true;
    callbackForm.hidden = true;
    queueBox.hidden = false;
    callbackLink.hidden = true;
    queueLine.textContent = 'Chat ended. Thank you.';
    transcriptForm.hidden = false;
  });

  callbackLink.addEventListener('click', () => {
    callbackForm.hidden = false;
    callbackForm.querySelector('input').focus();
  });
  callbackForm.querySelector('.cancel').addEventListener('click', () => {
    callbackForm.hidden = true;
  });
  // The callback keeps the visitor's place: the call comes when an agent takes the chat.
  callbackForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const phone = String(new FormData(callbackForm).get('phone') || '').replace(/[\s().-]/g, '');
    try {
      const answer = await chat.sessionRequest('POST', '/callback', { phone });
      callbackForm.hidden = true;
      callbackRequested = answer.message || 'We will call you back.';
      chat.refresh();
    } catch (error) {
      errorBox.textContent = error.message;
    }
  });

  // Only to an address the visitor proved; the server says so when it is not one.
  transcriptForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = String(new FormData(transcriptForm).get('transcriptTo') || '');
    try {
      await chat.sessionRequest('POST', '/transcript', { email }, ended);
      transcriptForm.replaceChildren(note('The transcript is on its way.'));
      errorBox.textContent = '';
    } catch (error) {
      errorBox.textContent = error.message;
    }
  });

  // The page is going away: closed, or the visitor moving to another page of the site, which
  // picks the session up again and reports in. A beacon cannot carry an Authorization header,
  // so the session token goes in a text/plain body, which the end route alone accepts.
  addEventListener('pagehide', () => {
    if (!session || !navigator.sendBeacon) return;
    const body = new Blob([JSON.stringify({ token: session.token, leaving: true })], { type: 'text/plain' });
    navigator.sendBeacon(`${api}/chat/sessions/${session.sessionId}/end`, body);
  });

  $('.launcher')?.addEventListener('click', (event) => {
    panel.hidden = !panel.hidden;
    event.currentTarget.setAttribute('aria-expanded', String(!panel.hidden));
  });

  /** Live from here on: the client hears of messages, typing and the queue as they change. */
  function showChat() {
    startForm.hidden = true;
    endButton.hidden = false;
    log.hidden = false;
    compose.hidden = false;
  }

  /** Every message of the session, the visitor's own still on their way (pending) last. */
  function render(all) {
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
    const card = all.findLast((message) => message.survey)?.survey;
    if (card) showSurvey(card);
  }

  function note(text) {
    const element = document.createElement('p');
    element.textContent = text;
    return element;
  }

  /**
   * The survey of a completed chat: a 1–5 rating, an optional comment and the queue's own
   * questions. Built once per survey, outside the log, so a refresh never clears what is typed.
   */
  function showSurvey(card) {
    const answered = JSON.parse(sessionStorage.getItem(`${storageKey}:surveys`) || '[]');
    if (answered.includes(card.workItemId) || surveyForm.dataset.workItemId === card.workItemId) return;
    surveyForm.dataset.workItemId = card.workItemId;
    let rating;
    const stars = document.createElement('div');
    stars.className = 'stars';
    stars.setAttribute('role', 'group');
    stars.setAttribute('aria-label', 'Rating from 1 (poor) to 5 (excellent)');
    for (let value = 1; value <= 5; value++) {
      const star = document.createElement('button');
      star.type = 'button';
      star.textContent = String(value);
      star.setAttribute('aria-pressed', 'false');
      star.addEventListener('click', () => {
        rating = value;
        for (const other of stars.children) other.setAttribute('aria-pressed', String(other === star));
      });
      stars.append(star);
    }
    const fields = card.questions.map((question) => {
      const label = document.createElement('label');
      const input = document.createElement(question.type === 'yesNo' ? 'select' : 'input');
      input.name = `q_${question.id}`;
      if (question.type === 'yesNo') {
        for (const [value, text] of [
          ['', '—'],
          ['yes', 'Yes'],
          ['no', 'No'],
        ])
          input.append(new Option(text, value));
      }
      label.append(`${question.text} `, input);
      return label;
    });
    const comment = document.createElement('label');
    comment.append('Anything to add? (optional) ', document.createElement('textarea'));
    comment.querySelector('textarea').name = 'comment';
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.textContent = 'Send';
    surveyForm.replaceChildren(note('How did we do?'), stars, ...fields, comment, submit);
    surveyForm.hidden = false;
    surveyForm.onsubmit = async (event) => {
      event.preventDefault();
      if (!rating) {
        errorBox.textContent = 'Please pick a rating from 1 to 5.';
        return;
      }
      const form = new FormData(surveyForm);
      const answers = {};
      for (const question of card.questions) {
        const value = String(form.get(`q_${question.id}`) || '').trim();
        if (value) answers[question.id] = value;
      }
      const text = String(form.get('comment') || '').trim();
      try {
        const reply = await chat.sessionRequest('POST', '/survey', {
          workItemId: card.workItemId,
          rating,
          ...(text ? { comment: text } : {}),
          answers,
        });
        answered.push(card.workItemId);
        sessionStorage.setItem(`${storageKey}:surveys`, JSON.stringify(answered));
        surveyForm.replaceChildren(note(reply.message || 'Thank you for your answer.'));
        errorBox.textContent = '';
      } catch (error) {
        errorBox.textContent = error.message;
      }
    };
  }

  /** Where the visitor stands while they wait: their place in line and about how long. */
  function showQueue(queue) {
    const waiting = queue?.state === 'waiting';
    const text = waiting && callbackRequested ? callbackRequested : queueText(queue);
    queueBox.hidden = !text;
    queueLine.textContent = text;
    callbackLink.hidden = !waiting || Boolean(callbackRequested) || queue.open === false;
  }

  function queueText(queue) {
    if (queue?.state === 'offered') return 'An agent is about to join.';
    if (queue?.state !== 'waiting') return '';
    if (queue.open === false) return closedText(queue.nextOpening);
    const place = queue.position ? `You are number ${queue.position} in line.` : 'You are in line.';
    const seconds = queue.estimatedWaitSeconds;
    if (seconds === null || seconds === undefined)
      return `${place} We will be with you as soon as an agent is free.`;
    const minutes = Math.max(1, Math.round(seconds / 60));
    return `${place} Estimated wait: about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }

  /** Outside the queue's hours: the message waits, and the visitor is told until when. */
  function closedText(nextOpening) {
    if (!nextOpening) return 'We are closed now. Your message will be answered when we open.';
    const at = new Date(nextOpening).toLocaleString(language, {
      weekday: 'long',
      hour: 'numeric',
      minute: '2-digit',
    });
    return `We are closed now. We open again ${at}; your message will be answered then.`;
  }

  /** The client retries with the same clientMessageId, which the server stores once. */
  function send(text, clientMessageId, deflection) {
    chat.send(text, { clientMessageId, deflection }).catch((error) => {
      errorBox.textContent = error.message;
    });
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
      session = await chat.start(body);
      sessionStorage.setItem(storageKey, JSON.stringify(session));
      showChat();
      compose.querySelector('textarea').focus();
    } catch (error) {
      errorBox.textContent = error.message;
    }
  });

  compose.addEventListener('submit', async (event) => {
    event.preventDefault();
    const textarea = compose.querySelector('textarea');
    const text = textarea.value.trim();
    if (!text) return;
    const clientMessageId = crypto.randomUUID();
    textarea.value = '';
    const articles = session.firstSent ? [] : await articlesFor(text);
    session.firstSent = true;
    sessionStorage.setItem(storageKey, JSON.stringify(session));
    // The offered message goes on the timeline at once, held until the customer answers the offer.
    if (articles.length) {
      send(text, clientMessageId, 'offered');
      offer(articles, clientMessageId);
    } else send(text, clientMessageId);
  });

  /** Up to three published articles for the first message; none when search is unavailable. */
  async function articlesFor(text) {
    try {
      const query = new URLSearchParams({ q: text.slice(0, 200), lang: language, limit: '3' });
      if (topic) query.set('queue', topic);
      return (await chat.request('GET', `/kb/search?${query}`)).results ?? [];
    } catch {
      return [];
    }
  }

  function offer(articles, clientMessageId) {
    let read;
    const list = document.createElement('ul');
    for (const article of articles.slice(0, 3)) {
      const item = document.createElement('li');
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'article';
      open.textContent = article.title;
      const snippet = document.createElement('div');
      snippet.className = 'snippet';
      snippet.textContent = article.snippet;
      const body = document.createElement('div');
      body.className = 'body';
      body.hidden = true;
      open.addEventListener('click', async () => {
        read = article.articleId;
        if (!body.hidden) {
          body.hidden = true;
          return;
        }
        try {
          // Rendered and sanitised by the server: Markdown with raw HTML shown as text.
          body.innerHTML = (
            await chat.request('GET', `/kb/published/${encodeURIComponent(article.articleId)}`)
          ).html;
        } catch {
          body.textContent = article.snippet;
        }
        body.hidden = false;
      });
      item.append(open, snippet, body);
      list.append(item);
    }
    const heading = document.createElement('h2');
    heading.textContent = 'These articles may answer your question';
    const actions = document.createElement('div');
    actions.className = 'actions';
    const answered = button('This answered my question', 'answered');
    const person = button('Talk to a person', 'person secondary');
    actions.append(answered, person);
    kbBox.replaceChildren(heading, list, actions);
    kbBox.hidden = false;

    function button(label, className) {
      const element = document.createElement('button');
      element.type = 'button';
      element.className = className;
      element.textContent = label;
      element.addEventListener('click', () => answer(className.split(' ')[0], read ?? articles[0].articleId));
      return element;
    }
    async function answer(outcome, articleId, attempt = 0) {
      try {
        await chat.sessionRequest('POST', '/deflection', {
          clientMessageId,
          outcome,
          ...(outcome === 'answered' ? { articleId } : {}),
        });
        const note = document.createElement('p');
        note.textContent =
          outcome === 'answered'
            ? 'Glad that helped. Write again any time if you need us.'
            : 'Thanks, a person will be with you shortly.';
        kbBox.replaceChildren(note);
        setTimeout(
          () => {
            kbBox.hidden = true;
          },
          outcome === 'answered' ? 4000 : 1500,
        );
        chat.refresh();
      } catch (error) {
        // The message may still be on its way to the server: its answer waits for it.
        if (attempt < 4) setTimeout(() => answer(outcome, articleId, attempt + 1), 500 * 2 ** attempt);
        else errorBox.textContent = error.message;
      }
    }
  }

  // While the visitor types, the agent is told at most every TYPING_SIGNAL_MS; a lost signal
  // only hides the hint for a moment.
  let lastTypingSignal = 0;
  compose.querySelector('textarea').addEventListener('input', (event) => {
    if (!session || !event.target.value.trim() || Date.now() - lastTypingSignal < TYPING_SIGNAL_MS) return;
    lastTypingSignal = Date.now();
    chat.typing().catch(() => undefined);
  });

  compose.querySelector('textarea').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      compose.requestSubmit();
    }
  });

  // Attachments, when the chat API has them, go through chat.sessionRequest like the routes above.

  if (session) {
    chat.resume(session);
    showChat();
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
})();
