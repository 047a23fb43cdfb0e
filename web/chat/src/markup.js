/** The widget's look: inside its shadow root, so neither the page's styles nor its own leak. */
export const STYLES = `
      :host { all: initial; font-family: system-ui, sans-serif; }
      .panel { width: 340px; height: 460px; display: flex; flex-direction: column;
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
      .panel.inline { width: 100%; }
      form.compose { flex-wrap: wrap; }
      form.compose textarea { flex: 1 1 60%; }
      .attach { background: #fff; color: #0972d3; border: 1px solid #0972d3; }
      .picked { list-style: none; margin: 0; padding: 6px 14px 0; display: flex; flex-direction: column; gap: 4px; font-size: 0.9em; }
      .picked li { display: flex; gap: 6px; align-items: center; }
      .picked li span { flex: 1; overflow-wrap: anywhere; }
      .picked li button { background: none; color: #0972d3; padding: 0 4px; text-decoration: underline; }
      .file-status { margin: 0; padding: 0 14px; font-size: 0.85em; color: #414d5c; }
      .file-status.failed { color: #b91c1c; }
      .msg-files { margin: 4px 0 0; padding-left: 18px; font-size: 0.9em; }
      [hidden] { display: none !important; }
`;

/** The panel (and, floating, its launcher); `accept` lists the types a file may have. */
export function panelHtml(inline, accept) {
  const launcher = inline
    ? ''
    : '<button class="launcher" type="button" aria-expanded="false" aria-controls="panel">Chat with us</button>';
  return `<style>${STYLES}</style>
    ${launcher}
    <section id="panel" class="panel ${inline ? 'inline' : 'floating'}" role="dialog" aria-label="Chat" ${inline ? '' : 'hidden'}>
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
      <ul class="picked" aria-label="Files to send" hidden></ul>
      <p class="file-status" role="status" aria-live="polite"></p>
      <form class="compose" aria-label="Send a message" hidden>
        <button type="button" class="attach" aria-label="Attach a file">Attach</button>
        <input type="file" name="files" multiple hidden tabindex="-1" accept="${accept}" />
        <textarea name="text" rows="2" aria-label="Message" placeholder="Type a message"></textarea>
        <button type="submit">Send</button>
      </form>
    </section>`;
}
