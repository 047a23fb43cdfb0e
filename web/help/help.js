// OneThread help page: customers search the published articles (GET /kb/search) and read one
// (GET /kb/published/{articleId}), rendered and sanitised by the platform. "Talk to a person"
// is always one link away. Options on the script tag: data-api (the API's origin, else this
// page's), data-topic (the queue whose articles to search), data-chat (the chat page's URL).
// Pages: ?q=<question> lists answers, ?article=<id> shows one.
(() => {
  const script = document.currentScript;
  const api = (script?.dataset.api || location.origin).replace(/\/$/, '');
  const topic = script?.dataset.topic || undefined;
  const language = (document.documentElement.lang || navigator.language || 'en').slice(0, 10);
  const $ = (selector) => document.querySelector(selector);
  const status = $('.status');
  const results = $('.results');
  const article = $('article');
  const person = $('.person');
  if (script?.dataset.chat) person.href = script.dataset.chat;

  async function call(path) {
    const response = await fetch(`${api}${path}`);
    if (!response.ok)
      throw Object.assign(new Error(`status ${response.status}`), { status: response.status });
    return response.json();
  }

  async function search(question) {
    $('input[name="q"]').value = question;
    status.textContent = 'Searching…';
    const query = new URLSearchParams({ q: question.slice(0, 200), lang: language, limit: '10' });
    if (topic) query.set('queue', topic);
    try {
      const { results: found = [] } = await call(`/kb/search?${query}`);
      results.replaceChildren(...found.map(resultItem));
      status.textContent = found.length
        ? `${found.length} ${found.length === 1 ? 'article' : 'articles'} may answer this.`
        : 'No article answers this yet. A person can help.';
    } catch {
      status.textContent = 'Search is not available just now. A person can help.';
    }
  }

  function resultItem(hit) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `?${new URLSearchParams({ article: hit.articleId })}`;
    link.textContent = hit.title;
    const snippet = document.createElement('p');
    snippet.className = 'snippet';
    snippet.textContent = hit.snippet;
    item.append(link, snippet);
    return item;
  }

  async function read(articleId) {
    $('.back').hidden = false;
    status.textContent = 'Loading…';
    try {
      const shown = await call(`/kb/published/${encodeURIComponent(articleId)}`);
      const title = document.createElement('h2');
      title.textContent = shown.title;
      // Rendered by the platform: Markdown with raw HTML shown as text, then its allow-list sanitiser.
      const body = document.createElement('div');
      body.innerHTML = shown.html;
      article.replaceChildren(title, body);
      article.lang = shown.language;
      article.hidden = false;
      document.title = `${shown.title} · Help`;
      status.textContent = '';
    } catch (error) {
      status.textContent =
        error.status === 404
          ? 'This article is no longer published.'
          : 'The article is not available just now.';
    }
  }

  const params = new URLSearchParams(location.search);
  const articleId = params.get('article');
  const question = params.get('q')?.trim();
  if (articleId) read(articleId);
  else if (question) search(question);
})();
