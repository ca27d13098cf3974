'use strict';
// The clinician's worklist (#worklist): open advisory alerts (home blood pressure stages, weight trend, missed
// readings) of the clinician's own residents, oldest first, each with the trend that triggered it, drawn as on the
// resident card, and a "Mark reviewed" form. The server decides whose alerts these are; this page only asks.
(() => {
  const C = window.HG_CONSOLE;
  const {el, api, failed, when} = C;
  const $ = id => document.getElementById(id);
  const enc = encodeURIComponent;
  // Ids from the hub may hold characters an element id should not: keep letters, digits, '-' and '_'.
  const safe = s => String(s).replace(/[^A-Za-z0-9_-]/g, '_');

  async function show() {
    const box = $('worklist');
    const status = el('p', {id: 'worklistStatus', class: 'done', role: 'status'});
    box.replaceChildren(status, el('p', {class: 'hint', text: 'Loading the worklist…'}));
    let items;
    try {
      ({items} = await api('/api/worklist'));
    } catch (e) {
      if (!failed(e)) box.replaceChildren(status, el('p', {class: 'error', role: 'alert',
        text: e.status === 403 ? 'The worklist is for clinicians.' : 'Cannot load the worklist: ' + e.message}));
      return;
    }
    const list = el('ol', {class: 'plain worklist', id: 'worklistItems'}, ...items.map(item));
    box.replaceChildren(status, el('p', {id: 'worklistCount', class: 'hint'}), list);
    count();
    // Charts after the items are in the page: each takes the width it is given.
    for (const li of list.children) li.loadTrend();
  }

  function count() {
    const n = document.querySelectorAll('#worklistItems > li').length;
    $('worklistCount').textContent = n === 0 ? 'Nothing to review.'
      : n === 1 ? '1 alert to review.' : n + ' alerts to review, oldest first.';
  }

  function item(i) {
    const key = safe(i.alarmId);
    const trend = el('div', {class: 'worklist-trend', id: 'trend-' + key});
    const note = el('textarea', {id: 'note-' + key, name: 'note', rows: 2, maxlength: 500, required: true,
      'aria-describedby': 'noteHint-' + key + ' noteError-' + key});
    const error = el('p', {class: 'error', id: 'noteError-' + key});
    const button = el('button', {type: 'submit', class: 'act', text: 'Mark reviewed'});
    const form = el('form', {class: 'review', 'data-alarm': i.alarmId, novalidate: true},
      el('label', {for: 'note-' + key, text: 'Review note'}),
      el('p', {class: 'hint', id: 'noteHint-' + key,
        text: 'What you decided, for the care team (up to 500 characters). Family never see this note.'}),
      note, error, button);
    const heading = el('h2', {tabindex: '-1'},
      el('a', {href: '#resident/' + enc(i.resident), text: i.residentName || i.resident}), ': ' + i.what);
    const li = el('li', {class: 'summary-card worklist-item', 'data-alarm': i.alarmId},
      heading,
      el('p', {class: 'when'}, 'Raised ', el('time', {datetime: new Date(i.raisedAt).toISOString(), text: when(i.raisedAt)}),
        i.priority ? ' (' + i.priority.toLowerCase() + ' priority)' : ''),
      el('p', {class: 'detail', text: i.detail}),
      trend, form);
    li.loadTrend = () => loadTrend(i, trend);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      error.textContent = '';
      const text = note.value.trim();
      if (!text) {
        error.textContent = 'Enter a review note: say what you decided.';
        note.setAttribute('aria-invalid', 'true');
        note.focus();
        return;
      }
      note.removeAttribute('aria-invalid');
      button.disabled = true;
      try {
        await api('/api/worklist/' + enc(i.alarmId) + '/review', {method: 'POST', body: JSON.stringify({note: text})});
      } catch (e) {
        button.disabled = false;
        if (!failed(e)) {
          error.textContent = e.status === 404 ? 'This alert was already closed: reload the worklist.'
            : 'Could not mark it reviewed: ' + e.message;
          note.focus();
        }
        return;
      }
      // Gone from the list; focus moves to the next item (or the heading) so the keyboard keeps its place.
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      count();
      $('worklistStatus').textContent = 'Marked reviewed: ' + (i.residentName || i.resident) + ', ' + i.what + '.';
      (next ? next.querySelector('h2') : $('worklistHeading')).focus();
    });
    return li;
  }

  // The trend behind the alert, from the trends route, for the window the server named around it.
  function loadTrend(i, box) {
    const t = i.trend;
    box.replaceChildren(el('p', {class: 'hint', text: 'Loading the readings…'}));
    api('/api/residents/' + enc(i.resident) + '/trends?type=' + enc(t.type) + '&points=200&from='
        + new Date(t.from).toISOString() + '&to=' + new Date(t.to).toISOString())
      .then(a => {
        const points = a.trend && a.trend.points || [];
        if (!points.length) {
          box.replaceChildren(el('p', {text: 'No ' + ((C.VITALS[t.type] || [t.type])[0]).toLowerCase()
            + ' readings from ' + when(t.from) + ' to ' + when(t.to) + '.'}));
          return;
        }
        // The rule's own lines where it has them (home BP stages), else the plan's limits for the measure.
        const thresholds = i.lines && i.lines.length ? i.lines : a.thresholds || [];
        box.replaceChildren(el('p', {class: 'hint', text: 'Readings from ' + when(t.from) + ' to ' + when(t.to)
          + '. Dashed lines: ' + (i.lines && i.lines.length ? 'the home blood pressure stages.' : 'the care plan\'s limits.')}));
        box.append(C.chart({type: a.trend.type, points, thresholds}, t.from, t.to, box));
      })
      .catch(e => { if (!failed(e)) box.replaceChildren(el('p', {class: 'error', text: 'Cannot draw the readings: ' + e.message})); });
  }

  C.addView('worklist', role => role === 'CLINICIAN' || role === 'ADMIN', show);
})();
