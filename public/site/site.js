// The demo site's own script: it shows what the widget hands over. It is a module, so it adds
// no globals of its own, and it sets text only with textContent.
const demo = document.querySelector('form.demo');
demo?.addEventListener('submit', (event) => {
  event.preventDefault(); // a static demo: no server takes the form
  demo.hidden = true;
  document.querySelector('#demo-thanks').hidden = false;
});

document.addEventListener('tandem:lead', (event) => {
  const packet = event.detail;
  const panel = document.querySelector('#handoff');
  if (!panel) return;
  panel.hidden = false;
  const score = packet.packet.score;
  panel.querySelector('[data-field=who]').textContent =
    `${packet.contacts[0].name ?? ''} <${packet.contacts[0].email}>`;
  panel.querySelector('[data-field=score]').textContent = score
    ? `${score.score} (fit ${score.fit}, behaviour ${score.behaviour})`
    : 'not scored';
  panel.querySelector('[data-field=ops]').textContent = String(packet.ops.length);
});
