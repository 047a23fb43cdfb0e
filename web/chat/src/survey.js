// The survey of a completed chat: a 1–5 rating, an optional comment and the queue's own
// questions. Built once per survey, outside the log, so a refresh never clears what is typed.

export function note(text) {
  const element = document.createElement('p');
  element.textContent = text;
  return element;
}

export function showSurvey(widget, card) {
  const { surveyForm } = widget.ui;
  const answeredKey = `${widget.storageKey}:surveys`;
  const answered = JSON.parse(sessionStorage.getItem(answeredKey) || '[]');
  if (answered.includes(card.workItemId) || surveyForm.dataset.workItemId === card.workItemId) return;
  surveyForm.dataset.workItemId = card.workItemId;
  const rating = { value: undefined };
  const comment = document.createElement('label');
  comment.append('Anything to add? (optional) ', document.createElement('textarea'));
  comment.querySelector('textarea').name = 'comment';
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = 'Send';
  surveyForm.replaceChildren(
    note('How did we do?'),
    stars(rating),
    ...card.questions.map(questionField),
    comment,
    submit,
  );
  surveyForm.hidden = false;
  surveyForm.onsubmit = async (event) => {
    event.preventDefault();
    if (!rating.value) {
      widget.showError('Please pick a rating from 1 to 5.');
      return;
    }
    try {
      const reply = await widget.chat.sessionRequest(
        'POST',
        '/survey',
        answersOf(surveyForm, card, rating.value),
      );
      answered.push(card.workItemId);
      sessionStorage.setItem(answeredKey, JSON.stringify(answered));
      surveyForm.replaceChildren(note(reply.message || 'Thank you for your answer.'));
      widget.showError('');
    } catch (error) {
      widget.showError(error.message);
    }
  };
}

function stars(rating) {
  const group = document.createElement('div');
  group.className = 'stars';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Rating from 1 (poor) to 5 (excellent)');
  for (let value = 1; value <= 5; value++) {
    const star = document.createElement('button');
    star.type = 'button';
    star.textContent = String(value);
    star.setAttribute('aria-pressed', 'false');
    star.addEventListener('click', () => {
      rating.value = value;
      for (const other of group.children) other.setAttribute('aria-pressed', String(other === star));
    });
    group.append(star);
  }
  return group;
}

function questionField(question) {
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
}

function answersOf(form, card, rating) {
  const data = new FormData(form);
  const answers = {};
  for (const question of card.questions) {
    const value = String(data.get(`q_${question.id}`) || '').trim();
    if (value) answers[question.id] = value;
  }
  const text = String(data.get('comment') || '').trim();
  return { workItemId: card.workItemId, rating, ...(text ? { comment: text } : {}), answers };
}
