// Before the first message is queued, up to three help articles that may answer it are offered:
// "This answered my question" closes it without waiting for anyone; "Talk to a person" queues it
// at once, in the place the customer had when they wrote.

/** Up to three published articles for the first message; none when search is unavailable. */
export async function articlesFor(widget, text) {
  try {
    const query = new URLSearchParams({ q: text.slice(0, 200), lang: widget.language, limit: '3' });
    if (widget.topic) query.set('queue', widget.topic);
    return (await widget.chat.request('GET', `/kb/search?${query}`)).results ?? [];
  } catch {
    return [];
  }
}

export function offer(widget, articles, clientMessageId) {
  const { kbBox } = widget.ui;
  const seen = { read: undefined };
  const list = document.createElement('ul');
  for (const article of articles.slice(0, 3)) list.append(articleItem(widget, article, seen));
  const heading = document.createElement('h2');
  heading.textContent = 'These articles may answer your question';
  const actions = document.createElement('div');
  actions.className = 'actions';
  const choice = (label, className) => {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = className;
    element.textContent = label;
    element.addEventListener('click', () =>
      answer(widget, clientMessageId, className.split(' ')[0], seen.read ?? articles[0].articleId),
    );
    return element;
  };
  actions.append(
    choice('This answered my question', 'answered'),
    choice('Talk to a person', 'person secondary'),
  );
  kbBox.replaceChildren(heading, list, actions);
  kbBox.hidden = false;
}

function articleItem(widget, article, seen) {
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
    seen.read = article.articleId;
    if (!body.hidden) {
      body.hidden = true;
      return;
    }
    try {
      // Rendered and sanitised by the server: Markdown with raw HTML shown as text.
      body.innerHTML = (
        await widget.chat.request('GET', `/kb/published/${encodeURIComponent(article.articleId)}`)
      ).html;
    } catch {
      body.textContent = article.snippet;
    }
    body.hidden = false;
  });
  item.append(open, snippet, body);
  return item;
}

async function answer(widget, clientMessageId, outcome, articleId, attempt = 0) {
  const { kbBox } = widget.ui;
  try {
    await widget.chat.sessionRequest('POST', '/deflection', {
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
    widget.chat.refresh();
  } catch (error) {
    // The message may still be on its way to the server: its answer waits for it.
    if (attempt < 4)
      setTimeout(() => answer(widget, clientMessageId, outcome, articleId, attempt + 1), 500 * 2 ** attempt);
    else widget.showError(error.message);
  }
}
