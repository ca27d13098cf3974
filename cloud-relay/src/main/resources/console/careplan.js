'use strict';
// Care plans: the editor at #careplan/{residentId} (admins and the resident's clinicians) and "Care plan in brief" on
// the resident card. The relay checks every plan with the hub's own parser and decides who may see or change it;
// this page only asks and shows. While a push waits for the hub's answer the page asks again every 2 seconds.
(() => {
  const HG = window.HG_CONSOLE;
  if (!HG) return;
  const {el, api, failed, hhmm, when} = HG;
  const $ = id => document.getElementById(id);
  const POLL_MS = 2000;
  const path = id => '/api/residents/' + encodeURIComponent(id) + '/care-plan';
  const editor = role => role === 'ADMIN' || role === 'CLINICIAN';
  let poll = null;          // the pending push's timer
  let shown = null;         // the resident whose editor is on screen

  // ---------- words ----------
  // A push's state in plain words: sent and waiting, applied, or refused with the hub's reason.
  function pushWords(p) {
    if (!p) return 'Not sent to a hub yet.';
    if (p.state === 'APPLIED') return 'Applied by ' + p.hub + ' at ' + hhmm(p.answeredAt) + ' (version ' + p.version + ').';
    if (p.state === 'REFUSED') return 'Refused by ' + p.hub + ': ' + (p.reason || 'no reason given') + ' (version ' + p.version + ').';
    return 'Sent to ' + p.hub + ' at ' + hhmm(p.pushedAt) + ' — waiting for the hub (version ' + p.version + ').';
  }
  // Every hub of the resident runs the plan (a home hub, a hub for the blood-pressure kit): each hub's latest push,
  // and in one word for all of them: REFUSED if any refused, PENDING while any waits, else APPLIED.
  const pushesOf = plan => (plan.hubs || []).map(h => h.push).filter(Boolean);
  const overall = ps => !ps.length ? '' : ps.some(p => p.state === 'REFUSED') ? 'REFUSED'
    : ps.some(p => p.state === 'PENDING') ? 'PENDING' : 'APPLIED';
  const pushesWords = ps => ps.length ? ps.map(pushWords).join(' ') : pushWords(null);
  const hubsWords = plan => (plan.hubs || []).length ? plan.hubs.map(h => hubWords({...plan, hub: h})).join(' ')
    : hubWords({...plan, hub: null});
  // What one hub says it runs, compared with the cloud's latest version.
  function hubWords(plan) {
    const h = plan.hub;
    if (!h) return 'No hub is assigned to ' + (plan.name || 'this resident') + '.';
    if (!h.runs) return 'Hub ' + h.id + ' has not said yet which plan it runs.';
    const which = h.runsDefaults ? 'the standard plan (no changes)' : h.runsVersion ? 'version ' + h.runsVersion
      : 'a plan this service has no record of';
    const current = (h.runsDefaults && plan.defaults) || (h.runsVersion && h.runsVersion === plan.version);
    return 'Hub ' + h.id + ' runs ' + which + (current ? ', the latest.' : plan.version ? ', not the latest (version '
      + plan.version + ').' : '.') + ' Last reported ' + when(h.reportedAt) + '.';
  }
  function versionWords(plan) {
    return plan.defaults ? 'The hub\'s standard plan: nothing changed for this resident yet.'
      : 'Version ' + plan.version + ', saved by ' + plan.author + ' ' + when(plan.savedAt) + (plan.note ? ': “' + plan.note + '”' : '') + '.';
  }
  function briefLists(brief, headingLevel) {
    const h = headingLevel || 'h3';
    const list = (title, lines, empty) => [el(h, {text: title}), lines.length
      ? el('ul', {class: 'plain'}, ...lines.map(l => el('li', {'data-rule': l.id}, l.text + ' ',
        el('span', {class: 'tag ' + l.priority, text: l.priority})))) : el('p', {class: 'muted', text: empty})];
    return [
      ...list('Limits', brief.limits || [], 'No limits.'),
      ...list('Readings due', brief.schedules || [], 'No readings are scheduled.'),
      ...list('Inactivity', brief.inactivity || [], 'No inactivity rules.'),
      el('p', {class: 'hint', text: (brief.rules || 0) + ' rules in all, times in ' + brief.timeZone + '.'})
    ];
  }

  // ---------- the editor ----------
  function stopPolling() { if (poll) { clearTimeout(poll); poll = null; } }

  async function show(residentId) {
    stopPolling();
    shown = residentId;
    const box = $('carePlan');
    const back = document.querySelector('#careplanView a.back');
    if (HG.role() === 'ADMIN') { back.setAttribute('href', '#admin'); back.textContent = 'Back to admin'; }
    else { back.setAttribute('href', '#resident/' + encodeURIComponent(residentId)); back.textContent = 'Back to the resident'; }
    if (!residentId) return HG.denied('Choose a resident first.');
    box.replaceChildren(el('p', {text: 'Loading…'}));
    let plan;
    try {
      plan = await api(path(residentId));
    } catch (e) {
      if (failed(e)) return;
      return HG.denied(e.status === 403 || e.status === 404 ? 'You can only see the care plans of the people you care for.' : e.message);
    }
    if (shown !== residentId) return;
    $('careplanHeading').textContent = 'Care plan: ' + (plan.name || residentId);

    const error = el('div', {id: 'carePlanError', class: 'error', role: 'alert'});
    const result = el('p', {id: 'carePlanResult', class: 'done', role: 'status'});
    const state = el('p', {id: 'carePlanState', role: 'status', 'aria-live': 'polite'});
    const hubNow = el('p', {id: 'carePlanHub'});
    const yaml = el('textarea', {id: 'carePlanYaml', name: 'yaml', rows: '18', spellcheck: 'false', autocapitalize: 'none',
      autocomplete: 'off', wrap: 'off', class: 'code', 'aria-describedby': 'carePlanHint carePlanError', maxlength: '32000'});
    yaml.value = plan.yaml || '';
    const note = el('input', {id: 'carePlanNote', name: 'note', maxlength: '500', autocomplete: 'off'});
    const validateB = el('button', {type: 'button', id: 'carePlanValidate', class: 'secondary', text: 'Validate'});
    const saveB = el('button', {type: 'submit', id: 'carePlanSave', class: 'primary', text: 'Save as a new version'});
    const hubIds = (plan.hubs || []).map(h => h.id);
    const pushB = el('button', {type: 'button', id: 'carePlanPush', class: 'secondary',
      text: hubIds.length ? 'Push to ' + hubIds.join(' and ') : 'Push to hub'});
    if (!plan.hub) pushB.disabled = true;
    const versions = el('ol', {id: 'carePlanVersions', class: 'plain', reversed: true}, ...(plan.versions || []).map(v =>
      el('li', {}, el('strong', {text: 'Version ' + v.version}), ' by ' + v.author + ', ' + when(v.savedAt)
        + (v.note ? ': “' + v.note + '”' : ''))));

    const form = el('form', {id: 'carePlanForm', novalidate: true},
      el('label', {for: 'carePlanYaml', text: 'The care plan (YAML)'}),
      el('p', {id: 'carePlanHint', class: 'hint', text: 'List only what differs from the standard plan; '
        + 'an empty plan is the standard plan. The hub\'s own rules check it: a mistake is named by its place, '
        + 'for example vitals.limits[0].below.'}),
      error, yaml,
      el('label', {for: 'carePlanNote', text: 'Why it changed (optional, kept with the version)'}), note,
      el('div', {class: 'buttons'}, validateB, saveB, pushB), result);

    box.replaceChildren(
      el('section', {'aria-labelledby': 'cpStateHeading'}, el('h2', {id: 'cpStateHeading', text: 'At the hub'}),
        el('p', {id: 'carePlanVersion', text: versionWords(plan)}), hubNow, state),
      form,
      el('section', {'aria-labelledby': 'cpBriefHeading', id: 'carePlanBrief'},
        el('h2', {id: 'cpBriefHeading', text: 'The saved plan in brief'}), ...briefLists(plan.brief || {})),
      el('section', {'aria-labelledby': 'cpVersionsHeading'}, el('h2', {id: 'cpVersionsHeading', text: 'Versions'}),
        (plan.versions || []).length ? versions : el('p', {class: 'muted', text: 'None saved yet.'})));

    const showState = ps => {
      const all = overall(ps);
      state.textContent = pushesWords(ps);
      state.className = all === 'REFUSED' ? 'error' : all === 'APPLIED' ? 'done' : '';
      state.dataset.state = all;
    };
    showState(pushesOf(plan));
    hubNow.textContent = hubsWords(plan);

    const clearError = () => { error.replaceChildren(); yaml.removeAttribute('aria-invalid'); };
    const showError = e => {
      const b = e.body || {};
      if (b.field) {
        error.replaceChildren(el('strong', {text: 'There is a problem in ' + b.field + ': '}), b.reason || e.message);
        yaml.setAttribute('aria-invalid', 'true');
      } else {
        error.textContent = e.message || String(e);
      }
      yaml.focus();
    };
    const busy = on => { for (const b of [validateB, saveB, pushB]) b.disabled = on || (b === pushB && !plan.hub); };

    validateB.addEventListener('click', async () => {
      clearError(); result.textContent = '';
      busy(true);
      try {
        const v = await api(path(residentId) + '/validate', {method: 'POST', body: JSON.stringify({yaml: yaml.value})});
        result.textContent = 'Valid: the hub will accept it (' + v.brief.rules + ' rules).';
      } catch (e) {
        if (!failed(e)) showError(e);
      } finally { busy(false); }
    });

    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      clearError(); result.textContent = '';
      busy(true);
      try {
        const s = await api(path(residentId), {method: 'PUT', body: JSON.stringify({yaml: yaml.value, note: note.value || null})});
        await show(residentId);
        $('carePlanResult').textContent = s.created ? 'Saved as version ' + s.version + '.'
          : 'No change: version ' + s.version + ' already has this text.';
        $('carePlanSave').focus();
      } catch (e) {
        if (!failed(e)) showError(e);
        busy(false);
      }
    });

    pushB.addEventListener('click', async () => {
      clearError(); result.textContent = '';
      if (yaml.value !== (plan.yaml || '')) {
        error.textContent = 'Save the changes first: the hub is sent the saved version ' + plan.version + '.';
        yaml.focus();
        return;
      }
      busy(true);
      try {
        const p = await api(path(residentId) + '/push', {method: 'POST', body: '{}'});
        showState(p.pushes || [p]);
        if ((p.notSent || []).length) error.textContent = 'Not sent to ' + p.notSent.join(', ') + ': the message broker did not take it; push again.';
        watch(residentId);
      } catch (e) {
        if (!failed(e)) { error.textContent = 'Not sent: ' + e.message; pushB.focus(); }
      } finally { busy(false); }
    });

    if (overall(pushesOf(plan)) === 'PENDING') watch(residentId);

    // Until the hub answers, ask again every 2 s; stop when it has, or the page shows something else.
    function watch(id) {
      stopPolling();
      poll = setTimeout(async () => {
        poll = null;
        if (shown !== id || $('careplanView').hidden || !$('carePlanState')) return;
        try {
          const again = await api(path(id));
          if (shown !== id || $('careplanView').hidden) return;
          plan.hub = again.hub; plan.hubs = again.hubs;
          showState(pushesOf(again));
          hubNow.textContent = hubsWords(again);
          // Pending, or applied while the hub's heartbeat naming it is still on its way (a minute at most).
          if ((again.hubs || []).some(h => h.push && (h.push.state === 'PENDING' || (h.push.state === 'APPLIED'
            && h.runs !== h.push.digest && HG.now() - h.push.answeredAt < 60000)))) watch(id);
        } catch (e) {
          if (!failed(e)) watch(id);
        }
      }, POLL_MS);
    }
  }

  HG.addView('careplan', editor, residentId => show(residentId));
  window.addEventListener('hashchange', () => { if (!location.hash.startsWith('#careplan/')) { stopPolling(); shown = null; } });

  // ---------- the card's panel ----------
  HG.addCardPanel(residentId => {
    if (!HG.staff()) return null; // family and neighbours: the plan is for the care team and clinicians
    const section = el('section', {'aria-labelledby': 'carePlanBriefHeading', id: 'carePlanCard'},
      el('h2', {id: 'carePlanBriefHeading', text: 'Care plan in brief'}), el('p', {text: 'Loading…'}));
    api(path(residentId)).then(plan => {
      const parts = [el('p', {text: versionWords(plan)}), el('p', {text: hubsWords(plan)})];
      const ps = pushesOf(plan);
      if (ps.length && overall(ps) !== 'APPLIED') parts.push(el('p', {text: pushesWords(ps)}));
      parts.push(...briefLists(plan.brief || {}));
      if (plan.mayEdit && editor(HG.role())) parts.push(el('p', {}, el('a', {href: '#careplan/' + encodeURIComponent(residentId),
        id: 'carePlanEdit', text: 'Edit the care plan'})));
      section.replaceChildren(section.firstChild, ...parts);
    }).catch(e => { if (e.status === 403 || e.status === 404) section.remove(); else failed(e, section.lastChild); });
    return section;
  });
})();
