'use strict';
// The Hearthgate console: the responder's live queue, the resident card, the health overview and the family view.
// No framework: the DOM, fetch and one WebSocket. The server decides what each caller may see; this page only asks.
(() => {
  const W = window.HG_WORDS;
  const $ = id => document.getElementById(id);
  const TARGET_S = 60, AMBER_S = 30;          // the answer target, and when the timer warns
  const PAGE = 100;                           // rows drawn at once; "Show more" adds another page
  const URGENCY = {CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4};
  const WAITING = new Set(['RAISED', 'RECEIVED']);

  const state = {
    token: null, role: null, user: null, socket: null, socketOpen: false, brokerUp: null,
    alarms: new Map(),      // id -> alarm as last drawn
    rows: new Map(),        // id -> <tr>
    known: null,            // ids seen so far (null until the first load: nothing is "new" before it)
    shown: PAGE, total: 0, serverOffset: 0, sound: false, audio: null, unseen: 0,
    refreshing: false, again: false, focusAfter: null
  };

  // What the console's other scripts (careplan.js, worklist.js) add: views by hash name, panels on the card.
  const extensions = {views: {}, cardPanels: []};

  // ---------- helpers ----------
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  };
  const now = () => Date.now() + state.serverOffset;
  const hhmm = ms => new Date(ms).toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit'});
  const day = ms => new Date(ms).toLocaleDateString('en-GB', {weekday: 'short', day: 'numeric', month: 'short'});
  const when = ms => {
    if (!ms) return '';
    const d = new Date(ms), today = new Date(now());
    return d.toDateString() === today.toDateString() ? 'today at ' + hhmm(ms) : day(ms) + ' at ' + hhmm(ms);
  };
  const ago = ms => {
    if (!ms) return 'never';
    const s = Math.max(0, Math.round((now() - ms) / 1000));
    if (s < 90) return s + ' seconds ago';
    if (s < 5400) return Math.round(s / 60) + ' minutes ago';
    if (s < 172800) return Math.round(s / 3600) + ' hours ago';
    return Math.round(s / 86400) + ' days ago';
  };
  const clock = s => Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  const what = code => W.events[code] || code;
  const api = (path, opts = {}) => fetch(path, {...opts, headers: {'Content-Type': 'application/json',
      'Authorization': 'Bearer ' + state.token}})
    .then(r => r.ok ? r.json().then(v => {
      // A paged list says how many there are in all (X-Total-Count): kept on the array as .total.
      const total = r.headers.get('x-total-count');
      if (total != null && Array.isArray(v)) v.total = Number(total);
      return v;
    }) : r.json().catch(() => ({})).then(e => Promise.reject({status: r.status,
      message: e.error || ('HTTP ' + r.status), body: e})));
  const failed = (e, where) => {
    if (e && e.status === 401) { signOut('Your session has ended: please sign in again.'); return true; }
    if (where) where.textContent = (e && e.message) || String(e);
    return false;
  };
  const staff = () => state.role === 'ADMIN' || state.role === 'RESPONDER' || state.role === 'CLINICIAN';

  // ---------- sound and title ----------
  function beep(critical) {
    if (!state.sound || !state.audio) return;
    const ctx = state.audio, t = ctx.currentTime;
    for (let i = 0; i < (critical ? 3 : 1); i++) {
      const o = ctx.createOscillator(), g = ctx.createGain();
      o.frequency.value = i % 2 ? 660 : 880;
      g.gain.setValueAtTime(0.0001, t + i * 0.35);
      g.gain.exponentialRampToValueAtTime(0.3, t + i * 0.35 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.35 + 0.3);
      o.connect(g).connect(ctx.destination);
      o.start(t + i * 0.35); o.stop(t + i * 0.35 + 0.32);
    }
  }
  function setSound(on) {
    // The sign-in click (or this toggle) is the user gesture browsers require before a page may play sound.
    if (on && !state.audio && window.AudioContext) state.audio = new AudioContext();
    if (on && state.audio && state.audio.state === 'suspended') state.audio.resume();
    state.sound = on && !!state.audio;
    $('soundToggle').textContent = state.sound ? 'Sound on' : 'Sound off';
    $('soundToggle').setAttribute('aria-pressed', String(state.sound));
  }
  function title() {
    const waiting = [...state.alarms.values()].filter(a => WAITING.has(a.state)).length;
    $('navCount').textContent = waiting ? String(waiting) : '';
    $('navCount').setAttribute('aria-label', waiting + ' waiting');
    document.title = (state.unseen ? '(' + state.unseen + ') New alarm — ' : waiting ? '(' + waiting + ') ' : '')
      + 'Hearthgate console';
  }
  document.addEventListener('visibilitychange', () => { if (!document.hidden) { state.unseen = 0; title(); } });
  window.addEventListener('focus', () => { state.unseen = 0; title(); });

  // ---------- the queue ----------
  // Most urgent first; then alarms still waiting for a person before acknowledged ones; then the longest waiting.
  const byUrgency = (a, b) => (URGENCY[a.priority] ?? 9) - (URGENCY[b.priority] ?? 9)
    || (WAITING.has(b.state) ? 1 : 0) - (WAITING.has(a.state) ? 1 : 0)
    || (a.receivedAt || a.raisedAt || 0) - (b.receivedAt || b.raisedAt || 0);

  function timerCell(td, a) {
    const from = a.receivedAt || a.raisedAt;
    let span = td.firstChild;
    if (!span) { span = el('span'); td.append(span); }
    if (!WAITING.has(a.state)) {
      const took = a.acknowledgedAt ? Math.max(0, Math.round((a.acknowledgedAt - from) / 1000)) : null;
      span.className = 'answered';
      span.textContent = took == null ? '—' : 'answered in ' + clock(took);
      return;
    }
    const s = Math.max(0, Math.floor((now() - from) / 1000));
    const cls = s >= TARGET_S ? 'late' : s >= AMBER_S ? 'amber' : '';
    if (span.className !== cls) span.className = cls;
    span.textContent = clock(s) + (s >= TARGET_S ? ' over target' : '');
  }

  function actionButton(a, action, label, cls) {
    const b = el('button', {type: 'button', class: cls, 'data-alarm': a.id, 'data-action': action,
      'aria-label': label + ': ' + what(a.code) + (a.residentName ? ', ' + a.residentName : ''), text: label});
    b.addEventListener('click', () => act(a.id, action, b));
    return b;
  }

  function drawRow(a, tr) {
    tr = tr || el('tr');
    tr.className = a.priority;
    tr.dataset.alarm = a.id;
    tr.replaceChildren();
    const timer = el('td', {class: 'timer', 'data-label': 'Waiting'});
    timerCell(timer, a);
    const name = a.residentName || 'Resident ' + a.resident;
    const resident = el('td', {class: 'resident', 'data-label': 'Resident'},
      el('a', {href: '#resident/' + encodeURIComponent(a.resident) + '/' + encodeURIComponent(a.id), text: name}),
      a.town ? el('span', {class: 'town', text: a.town}) : null);
    const stateCell = el('td', {class: 'state', 'data-label': 'State', text: W.states[a.state] || a.state},
      a.claimedBy ? el('span', {class: 'claimed', text: a.claimedBy === state.user ? 'Taken by you'
        : 'Taken by ' + a.claimedBy}) : null);
    const actions = el('td', {class: 'actions'});
    if (a.state !== 'RESOLVED' && a.state !== 'CANCELLED' && !a.claimedBy) actions.append(actionButton(a, 'claim', 'Take', 'secondary'));
    if (WAITING.has(a.state)) actions.append(actionButton(a, 'ack', 'Acknowledge', 'act'));
    if (a.state === 'ACKNOWLEDGED') actions.append(actionButton(a, 'resolve', 'Resolve', 'act'));
    tr.append(timer,
      el('td', {class: 'priority', 'data-label': 'Priority'}, el('span', {class: 'tag ' + a.priority, text: a.priority})),
      el('td', {class: 'what', 'data-label': 'What happened'}, what(a.code), el('span', {class: 'code', text: a.code})),
      resident, stateCell, actions);
    return tr;
  }

  const sameRow = (x, y) => x && y && x.state === y.state && x.claimedBy === y.claimedBy
    && x.residentName === y.residentName && x.acknowledgedAt === y.acknowledgedAt;

  function drawQueue(list) {
    const started = performance.now();
    const f = document.activeElement;
    const keep = state.focusAfter || (f && f.dataset && f.dataset.alarm ? {alarm: f.dataset.alarm, action: f.dataset.action} : null);
    state.focusAfter = null;
    list.sort(byUrgency);
    const fresh = state.known ? list.filter(a => !state.known.has(a.id) && WAITING.has(a.state)) : [];
    const next = new Map(list.map(a => [a.id, a]));
    const body = $('alarms');
    // Rows are kept and moved, not rebuilt: a queue of 500 with a live event every second stays smooth.
    for (const [id, tr] of state.rows) if (!next.has(id) || list.indexOf(next.get(id)) >= state.shown) { tr.remove(); state.rows.delete(id); }
    list.slice(0, state.shown).forEach((a, i) => {
      let tr = state.rows.get(a.id);
      if (!tr) { tr = drawRow(a); state.rows.set(a.id, tr); }
      else if (!sameRow(state.alarms.get(a.id), a)) drawRow(a, tr);
      if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
    });
    state.alarms = next;
    state.known = state.known || new Set();
    list.forEach(a => state.known.add(a.id));
    $('empty').hidden = list.length > 0;
    $('count').textContent = '(' + state.total + ')';
    $('more').hidden = state.total <= state.shown;
    $('more').textContent = 'Show more alarms (' + Math.min(state.shown, list.length) + ' of ' + state.total + ' shown)';
    if (fresh.length) announce(fresh);
    title();
    state.lastDrawMs = performance.now() - started;
    if (keep) {
      const mine = body.querySelector('tr[data-alarm="' + CSS.escape(keep.alarm) + '"]');
      const target = mine && (mine.querySelector('button[data-action="' + keep.after + '"]')
          || mine.querySelector('button[data-action="' + keep.action + '"]') || mine.querySelector('button'))
        || (keep.after ? body.querySelector('button') || $('queueHeading') : null);
      if (target && target !== document.activeElement) target.focus();
    }
  }

  function announce(fresh) {
    const a = fresh.slice().sort(byUrgency)[0];
    $('announce').textContent = 'New ' + a.priority.toLowerCase() + ' alarm: ' + what(a.code)
      + (a.residentName ? ', ' + a.residentName : '') + (a.town ? ', ' + a.town : '')
      + (fresh.length > 1 ? ', and ' + (fresh.length - 1) + ' more' : '');
    if (document.hidden || !document.hasFocus()) state.unseen += fresh.length;
    beep(fresh.some(x => x.priority === 'CRITICAL'));
  }

  // One refresh at a time; events arriving meanwhile ask for one more, not one each.
  function refreshQueue() {
    if (state.refreshing) { state.again = true; return state.refreshing; }
    state.refreshing = load().finally(() => { state.refreshing = null; });
    return state.refreshing;
  }
  async function load() {
    try {
      do {
        state.again = false;
        const r = await fetch('/api/alarms?limit=500', {headers: {'Authorization': 'Bearer ' + state.token}});
        if (r.status === 401) { signOut('Your session has ended: please sign in again.'); return; }
        if (!r.ok) throw new Error('cannot load the queue (HTTP ' + r.status + ')');
        state.total = Number(r.headers.get('x-total-count')) || 0;
        const list = await r.json();
        if (state.token) drawQueue(list);
      } while (state.again);
    } catch (e) {
      setStatus(e.message || String(e), false);
    }
  }

  setInterval(() => {
    for (const [id, tr] of state.rows) {
      const a = state.alarms.get(id);
      if (a && WAITING.has(a.state)) timerCell(tr.firstChild, a);
    }
  }, 1000);

  async function act(id, action, button) {
    const a = state.alarms.get(id);
    if (action === 'resolve') return openResolve(a, button);
    button.disabled = true;
    $('actionError').textContent = '';
    try {
      await api('/api/alarms/' + encodeURIComponent(id) + '/' + action, {method: 'POST',
        body: JSON.stringify(action === 'ack' ? {note: 'Help is on the way'} : {})});
      state.focusAfter = {alarm: id, after: action === 'ack' ? 'resolve' : 'ack'};
    } catch (e) {
      if (failed(e)) return;
      $('actionError').textContent = e.status === 409 && e.body && e.body.claimedBy
        ? e.body.claimedBy + ' has already taken this alarm (' + what(a.code) + (a.residentName ? ', ' + a.residentName : '') + ').'
        : 'Could not ' + (action === 'ack' ? 'acknowledge' : 'take') + ' the alarm: ' + e.message;
      state.focusAfter = {alarm: id, action};
    }
    button.disabled = false;
    await refreshQueue();
    if (!$('cardView').hidden) route();
  }

  // ---------- resolve with an outcome ----------
  let resolving = null;
  $('outcomes').append(...W.outcomes.map(([k, label]) => el('label', {},
    el('input', {type: 'radio', name: 'outcome', value: k}), label)));
  function openResolve(a, button) {
    resolving = {a, button};
    $('resolveWhat').textContent = what(a.code) + (a.residentName ? ' — ' + a.residentName : '');
    $('resolveError').textContent = '';
    $('resolveNote').value = '';
    document.querySelectorAll('input[name=outcome]').forEach(r => { r.checked = false; });
    $('resolveDialog').showModal();
    document.querySelector('input[name=outcome]').focus();
  }
  $('resolveCancel').addEventListener('click', () => $('resolveDialog').close());
  $('resolveDialog').addEventListener('close', () => {
    if (resolving && resolving.button.isConnected) resolving.button.focus();
    resolving = null;
  });
  $('resolveForm').addEventListener('submit', async ev => {
    ev.preventDefault();
    const chosen = document.querySelector('input[name=outcome]:checked');
    if (!chosen) {
      $('resolveError').textContent = 'Choose how it ended.';
      document.querySelector('input[name=outcome]').focus();
      return;
    }
    const {a} = resolving;
    $('resolveConfirm').disabled = true;
    try {
      await api('/api/alarms/' + encodeURIComponent(a.id) + '/resolve', {method: 'POST',
        body: JSON.stringify({outcome: chosen.value, note: $('resolveNote').value || undefined})});
      resolving = null;
      $('resolveDialog').close();
      state.focusAfter = {alarm: a.id, after: 'none'};
      await refreshQueue();
      if (!$('cardView').hidden) route();
    } catch (e) {
      if (!failed(e)) $('resolveError').textContent = 'Could not resolve: ' + e.message;
    } finally {
      $('resolveConfirm').disabled = false;
    }
  });

  // ---------- the resident card ----------
  const age = b => {
    const d = Array.isArray(b) ? new Date(b[0], b[1] - 1, b[2]) : b ? new Date(b) : null;
    if (!d || isNaN(d)) return null;
    const t = new Date(now());
    let y = t.getFullYear() - d.getFullYear();
    if (t.getMonth() < d.getMonth() || (t.getMonth() === d.getMonth() && t.getDate() < d.getDate())) y--;
    return y;
  };
  const dateText = b => Array.isArray(b) ? new Date(b[0], b[1] - 1, b[2]).toLocaleDateString('en-GB',
    {day: 'numeric', month: 'long', year: 'numeric'}) : b || '';
  const summaryList = rows => el('dl', {class: 'summary'}, ...rows.filter(r => r && r[1] != null && r[1] !== '')
    .flatMap(([k, v]) => [el('dt', {text: k}), el('dd', {}, v)]));
  const telLink = n => el('a', {class: 'tel', href: 'tel:' + String(n).replace(/[^+0-9]/g, ''), text: n});

  async function showCard(residentId, alarmId) {
    const card = $('card');
    card.replaceChildren(el('p', {text: 'Loading…'}));
    let data;
    try {
      data = await api('/api/residents/' + encodeURIComponent(residentId));
    } catch (e) {
      if (failed(e)) return;
      return denied(e.status === 403 || e.status === 404 ? 'You can only see the people you care for.' : e.message);
    }
    if (!data.resident) { location.hash = staff() ? '#queue' : '#family'; return; }
    const r = data.resident, s = r.safety || {};
    const name = [r.preferredName || r.givenName, r.familyName].filter(Boolean).join(' ');
    $('cardHeading').textContent = name + (age(r.birthDate) != null ? ', ' + age(r.birthDate) : '');
    const parts = [];
    const alarm = alarmId ? state.alarms.get(alarmId) : null;
    if (alarm) {
      parts.push(el('div', {class: 'alertbox', id: 'cardAlarm'},
        el('h2', {text: what(alarm.code)}),
        el('p', {}, el('span', {class: 'tag ' + alarm.priority, text: alarm.priority}), ' ',
          (W.states[alarm.state] || alarm.state) + ', raised ' + when(alarm.raisedAt)
          + (alarm.claimedBy ? '. Taken by ' + (alarm.claimedBy === state.user ? 'you' : alarm.claimedBy) : '')),
        el('p', {class: 'actions'}, ...cardActions(alarm))));
    }
    const safety = [];
    if (s.dnacpr) safety.push(el('p', {class: 'big', id: 'dnacpr'}, el('strong', {text: 'DNACPR in place'}),
      s.endOfLifeWishes ? ': ' + s.endOfLifeWishes : ''));
    parts.push(el('section', {'aria-labelledby': 'safetyHeading', id: 'safety'},
      el('h2', {id: 'safetyHeading', text: 'Key safety information'}), ...safety,
      summaryList([
        ['Key safe code', s.keySafeCode ? el('span', {class: 'keysafe', id: 'keySafe', text: s.keySafeCode})
          : s.keySafeCodeUnreadable ? el('span', {class: 'keysafe-unreadable', id: 'keySafeUnreadable',
            text: 'Cannot be read: check the relay\'s field key'}) : null],
        ['Getting in', s.accessInstructions],
        ['Allergies', (s.allergies || []).length ? s.allergies.join(', ') : 'None recorded'],
        ['Conditions', (s.conditions || []).join(', ')],
        ['DNACPR', s.dnacpr ? 'Yes' : 'No'],
        ['Languages', (s.languages || []).join(', ')]
      ])));
    const addr = r.address || {};
    parts.push(el('div', {class: 'cols'},
      el('section', {'aria-labelledby': 'personHeading'}, el('h2', {id: 'personHeading', text: 'Person'}),
        summaryList([
          ['Name', [r.givenName, r.familyName].filter(Boolean).join(' ') + (r.preferredName ? ' (known as ' + r.preferredName + ')' : '')],
          ['Born', r.birthDate ? dateText(r.birthDate) + ' (age ' + age(r.birthDate) + ')' : null],
          ['Address', [...(addr.lines || []), addr.town, addr.postcode].filter(Boolean).join(', ')],
          ['Phone', r.phone ? telLink(r.phone) : null],
          ['NHS number', r.nhsNumber],
          ['GP', r.gp]
        ])),
      el('section', {'aria-labelledby': 'circleHeading'}, el('h2', {id: 'circleHeading', text: 'Who to call, in order'}),
        (data.circle || []).length ? el('ol', {class: 'circle', id: 'circle'}, ...data.circle.map(m => el('li', {},
          el('strong', {text: m.name}), ' ', el('span', {class: 'role', text: '(' + (W.circleRoles[m.role] || m.role) + ')'}),
          ...(m.channels || []).filter(c => c.channel === 'SMS' || /^\+?[0-9 ]{6,}$/.test(c.address))
            .map(c => [' ', telLink(c.address)]).flat())))
          : el('p', {text: 'No care circle recorded.'}))));
    const health = el('section', {'aria-labelledby': 'hubHeading'}, el('h2', {id: 'hubHeading', text: 'Hub and devices'}),
      el('p', {text: 'Loading…'}));
    const timeline = alarmId ? el('section', {'aria-labelledby': 'timelineHeading', id: 'timeline', hidden: true},
      el('h2', {id: 'timelineHeading', text: 'What has happened so far'}), el('p', {text: 'Loading…'})) : null;
    if (timeline) parts.push(timeline);
    const recent = el('section', {'aria-labelledby': 'recentHeading'}, el('h2', {id: 'recentHeading', text: 'Recent alarms'}),
      el('p', {text: 'Loading…'}));
    const trends = el('section', {'aria-labelledby': 'trendsHeading', id: 'trends', hidden: true},
      el('h2', {id: 'trendsHeading', text: 'Vitals, last 7 days'}), el('p', {text: 'Loading…'}));
    parts.push(trends);
    parts.push(el('div', {class: 'cols'}, recent, health));
    // Panels from the console's other scripts (care plan, worklist): each returns a section or nothing.
    for (const panel of extensions.cardPanels) {
      const section = panel(residentId, data);
      if (section) parts.push(section);
    }
    card.replaceChildren(...parts);
    $('cardHeading').focus();
    // The panels below come from other routes; each fills in on its own, or says it has nothing. The timeline is
    // there only where the relay runs escalation (404 otherwise): then the panel stays out.
    if (timeline) api('/api/alarms/' + encodeURIComponent(alarmId) + '/timeline').then(t => {
      const lines = [];
      if (alarm) lines.push([alarm.raisedAt, 'Raised at home: ' + what(alarm.code)], [alarm.receivedAt, 'Received here']);
      for (const e of t.timeline || []) lines.push([e.at, timelineWords(e)]);
      if (alarm && alarm.acknowledgedAt) lines.push([alarm.acknowledgedAt, 'Acknowledged by ' + alarm.acknowledgedBy]);
      lines.sort((x, y) => (x[0] || 0) - (y[0] || 0));
      timeline.replaceChildren(timeline.firstChild, el('ol', {class: 'timeline'}, ...lines.map(([at, text]) =>
        el('li', {}, el('time', {text: at ? hhmm(at) + ':' + String(new Date(at).getSeconds()).padStart(2, '0') : ''}), text))));
      timeline.hidden = false;
    }).catch(e => { if (e.status !== 404) failed(e, timeline.lastChild); if (e.status !== 404) timeline.hidden = false; });
    loadCharts(residentId, trends);
    api('/api/alarms?open=false&limit=10&resident=' + encodeURIComponent(residentId)).then(list => {
      recent.replaceChildren(recent.firstChild, list.length ? el('ul', {class: 'plain', id: 'recent'},
        ...list.map(a => el('li', {}, el('strong', {text: what(a.code)}), ' ' + when(a.raisedAt) + ' — '
          + (W.states[a.state] || a.state) + (a.acknowledgedBy ? ' by ' + a.acknowledgedBy : ''))))
        : el('p', {text: 'No alarms.'}));
    }).catch(e => failed(e, recent.lastChild));
    // The resident's hub(s) and every device: battery, last heard from, state; then overdue readings, open alarms.
    api('/api/health?resident=' + encodeURIComponent(residentId)).then(hubs => {
      health.replaceChildren(health.firstChild, hubs.length ? el('div', {id: 'hubDevices'}, summaryList(hubs.flatMap(h => [
        ['Hub ' + h.hub, el('span', {}, el('span', {class: 'tag ' + h.status, text: W.hubStates[h.status] || h.status}),
          ' last heard from ' + ago(h.lastSeen))],
        ...(h.devices || []).map(d => [deviceName(d), el('span', {'data-device': d.device},
          el('span', {class: 'tag ' + d.state, text: W.deviceStates[d.state] || d.state}),
          ' ' + [d.battery != null ? 'battery ' + Math.round(d.battery) + '%' : null,
            d.lastSeen ? 'last heard from ' + ago(d.lastSeen) : 'never heard from',
            d.state === 'FAULT' && d.detail ? d.detail : null].filter(Boolean).join(' · '))]),
        ...(h.overdue || []).map(o => ['Reading overdue', readingWords(o)]),
        ...(h.problems || []).map(p => ['Open alarm', what(p)])])))
        : el('p', {text: 'No hub assigned.'}));
    }).catch(e => { if (e.status === 403) health.remove(); else failed(e, health.lastChild); });
  }

  // ---------- charts (uPlot) ----------
  // One chart per vital with readings in the last 7 days (the trends API answers one type at a time) into the
  // hidden section {@code box}; none, or no trends for this caller: the section stays out.
  function loadCharts(residentId, box) {
    const to = now(), from = to - 7 * 86400000;
    return Promise.all(Object.keys(VITALS).map(type => api('/api/residents/' + encodeURIComponent(residentId)
        + '/trends?type=' + type + '&points=200&from=' + new Date(from).toISOString() + '&to=' + new Date(to).toISOString())
      .catch(e => e.status === 400 || e.status === 403 || e.status === 404 ? null : Promise.reject(e))))
      .then(answers => {
        const charts = answers.filter(a => a && a.trend && a.trend.points && a.trend.points.length);
        if (!charts.length) return;
        box.replaceChildren(box.firstChild, el('p', {class: 'hint',
          text: 'Dashed lines: the care plan\'s limits, where the hub raises an alarm.'}));
        box.hidden = false;
        for (const a of charts) box.append(chart({type: a.trend.type, points: a.trend.points,
          thresholds: a.thresholds || []}, from, to, box));
      }).catch(e => { if (!failed(e, box.lastChild)) box.hidden = false; });
  }

  const VITALS = {
    bloodPressure: ['Blood pressure', 'mmHg', ['systolic', 'diastolic']],
    heartRate: ['Pulse', 'beats a minute', ['value']],
    spo2: ['Oxygen level (SpO2)', '%', ['value']],
    bodyTemperature: ['Temperature', '°C', ['value']],
    bodyWeight: ['Weight', 'kg', ['value']],
    bloodGlucose: ['Blood sugar', 'mmol/L', ['value']]
  };
  const SYMBOL = {BELOW: '<', AT_OR_BELOW: '≤', ABOVE: '>', AT_OR_ABOVE: '≥'};
  const LINE = ['#1d70b8', '#4c2c92', '#00703c'];
  function chart(c, from, to, box) {
    const [name, unit, fields] = VITALS[c.type] || [c.type, c.unit, Object.keys(c.points[0].fields)];
    const xs = c.points.map(p => Math.round(p.at / 1000));
    const data = [xs], series = [{}];
    fields.forEach((f, i) => {
      data.push(c.points.map(p => p.fields[f] ? Math.round(p.fields[f].mean * 10) / 10 : null));
      series.push({label: f === 'value' ? name : f, stroke: LINE[i % LINE.length], width: 2, points: {show: true, size: 6}});
    });
    // Each limit is a constant series: uPlot draws it across the chart as a dashed line.
    for (const l of c.thresholds) {
      data.push(xs.map(() => l.value));
      series.push({label: (l.field === 'value' ? '' : l.field + ' ') + SYMBOL[l.comparison] + ' ' + l.value,
        stroke: l.priority === 'HIGH' || l.priority === 'CRITICAL' ? '#b41e0e' : '#8a6d00', width: 1.5, dash: [6, 4],
        points: {show: false}});
    }
    const last = c.points[c.points.length - 1];
    const latest = fields.map(f => last.fields[f] ? Math.round(last.fields[f].mean * 10) / 10 : '?').join('/');
    const fig = el('figure', {class: 'chart', 'data-type': c.type},
      el('figcaption', {}, el('strong', {text: name + ' (' + unit + ')'}), ' latest ' + latest + ', around ' + when(last.at)
        + (c.thresholds.length ? '. Limits: ' + c.thresholds.map(l => (l.field === 'value' ? '' : l.field + ' ')
          + SYMBOL[l.comparison] + ' ' + l.value).join(', ') : '') + '.'));
    const width = Math.max(260, Math.min(900, (box.clientWidth || $('main').clientWidth || 600) - 8));
    // The whole range asked for, not just the readings: one reading must not stretch the axis over years.
    const range = from && to ? [Math.floor(from / 1000), Math.ceil(to / 1000)] : undefined;
    fig.plot = new uPlot({width, height: 220, series, scales: {x: {time: true, range}},
      axes: [{}, {size: 50}], legend: {show: true}}, data, fig);
    fig.querySelector('.uplot') && fig.querySelector('.uplot').setAttribute('aria-hidden', 'true');
    return fig;
  }

  // A timeline line in words: the escalation names its kinds (escalation.started, step.notify, notification.sent…).
  function timelineWords(e) {
    const k = e.kind || '', d = e.detail ? ': ' + e.detail : '';
    if (k.startsWith('notification.')) return 'Message ' + k.slice(13) + d;
    if (k.startsWith('step.')) return 'Escalation step (' + k.slice(5) + ')' + d;
    if (k.startsWith('escalation.')) return 'Escalation ' + k.slice(11) + d;
    if (k.startsWith('attend.')) return 'Answer from a link (' + k.slice(7) + ')' + d;
    if (k === 'outcome') return 'Resolved' + d;
    return k + d;
  }

  function cardActions(a) {
    const out = [];
    if (!a.claimedBy && (WAITING.has(a.state) || a.state === 'ACKNOWLEDGED')) out.push(actionButton(a, 'claim', 'Take', 'secondary'));
    if (WAITING.has(a.state)) out.push(actionButton(a, 'ack', 'Acknowledge', 'act'));
    if (a.state === 'ACKNOWLEDGED') out.push(actionButton(a, 'resolve', 'Resolve', 'act'));
    return out.flatMap((b, i) => i ? [' ', b] : [b]);
  }

  // ---------- the health overview ----------
  // Hubs worst first (offline, sensors missing, flat batteries, overdue, other problems, late heartbeats, well), each
  // with its devices' problems in words; a page at a time, the rest a click away.
  const HEALTH_PAGE = 100;
  const DEVICE_ORDER = ['MISSING', 'FAULT', 'LOW_BATTERY', 'OVERDUE', 'NEVER_SEEN'];
  let healthShown = HEALTH_PAGE;
  const duration = ms => {
    const m = Math.max(1, Math.round(ms / 60000));
    if (m < 90) return m + (m === 1 ? ' minute' : ' minutes');
    const h = Math.round(m / 60);
    return h < 48 ? h + ' hours' : Math.round(h / 24) + ' days';
  };
  // "Bedroom motion sensor", "Pendant"; a kind without words is named by its id.
  function deviceName(d) {
    const kind = W.deviceKinds[d.kind];
    if (!kind) return (d.room ? d.room + ' ' : '') + 'device ' + d.device;
    return d.room ? d.room + ' ' + kind.charAt(0).toLowerCase() + kind.slice(1) : kind;
  }
  function deviceWords(d) {
    const name = deviceName(d);
    switch (d.state) {
      case 'LOW_BATTERY': return name + ' battery ' + (d.battery != null ? Math.round(d.battery) + '%' : 'low') + ' — replace';
      case 'MISSING': case 'OVERDUE':
        return name + (d.lastSeen ? ' not heard from for ' + duration(now() - d.lastSeen) : ' has stopped reporting');
      case 'FAULT': return name + ' reports a fault' + (d.detail ? ' (' + d.detail + ')' : '');
      case 'NEVER_SEEN': return name + ' never heard from';
      default: return null;
    }
  }
  const readingWords = o => o.measure ? o.measure.charAt(0).toUpperCase() + o.measure.slice(1) + ' reading overdue'
    : 'A reading is overdue';
  function hubProblems(h) {
    const lines = (h.devices || []).filter(d => d.state !== 'OK')
      .sort((x, y) => DEVICE_ORDER.indexOf(x.state) - DEVICE_ORDER.indexOf(y.state) || (x.since || 0) - (y.since || 0))
      .map(deviceWords);
    for (const o of h.overdue || []) lines.push(readingWords(o));
    for (const p of h.problems || []) lines.push(what(p) + ' (open alarm)');
    return lines;
  }
  async function showHealth(more) {
    const body = $('hubs');
    healthShown = more ? healthShown + HEALTH_PAGE : HEALTH_PAGE;
    try {
      const r = await fetch('/api/health?limit=' + healthShown, {headers: {'Authorization': 'Bearer ' + state.token}});
      if (!r.ok) throw {status: r.status, message: 'Cannot load the health overview (HTTP ' + r.status + ')'};
      const total = Number(r.headers.get('x-total-count')) || 0;
      const hubs = await r.json();
      body.replaceChildren(...hubs.map(h => {
        const problems = hubProblems(h);
        return el('tr', {class: h.status, 'data-hub': h.hub},
          el('td', {'data-label': 'State'}, el('span', {class: 'tag ' + h.status, text: W.hubStates[h.status] || h.status})),
          el('td', {'data-label': 'Resident'}, h.resident ? el('a', {href: '#resident/' + encodeURIComponent(h.resident),
            text: h.residentName || h.resident}) : 'No resident', h.town ? el('span', {class: 'muted', text: ', ' + h.town}) : null),
          el('td', {'data-label': 'Hub', text: h.hub}),
          el('td', {'data-label': 'Last heard from', text: ago(h.lastSeen)}),
          el('td', {'data-label': 'Problems', class: 'problems'}, problems.length
            ? el('ul', {class: 'plain'}, ...problems.map(p => el('li', {text: p}))) : 'None'));
      }));
      if (!hubs.length) body.replaceChildren(el('tr', {}, el('td', {colspan: 5, text: 'No hubs yet.'})));
      $('healthCount').textContent = total > hubs.length ? 'Worst ' + hubs.length + ' of ' + total + ' hubs shown.' : '';
      $('healthMore').hidden = total <= hubs.length;
    } catch (e) {
      if (!failed(e)) body.replaceChildren(el('tr', {}, el('td', {colspan: 5, text: e.message || String(e)})));
    }
  }
  $('healthMore').addEventListener('click', () => showHealth(true));


  // ---------- the family view ----------
  async function showFamily() {
    const box = $('relatives');
    try {
      const {relatives} = await api('/api/family');
      if (!relatives.length) { box.replaceChildren(el('p', {text: 'No one is linked to your account yet. Ask the care team.'})); return; }
      $('familyHeading').textContent = relatives.length === 1 ? relatives[0].name || 'Your relative' : 'Your relatives';
      box.replaceChildren(...relatives.map(r => {
        const parts = [];
        if (r.hub) {
          parts.push(el('p', {class: 'big ' + (r.hub.online ? 'ok' : 'notok'), id: 'hubWords',
            text: r.hub.online ? 'Hub online.' : 'Hub offline: the care team has been told.'}),
          el('p', {text: 'Last heard from ' + (r.hub.lastSeen ? when(r.hub.lastSeen) + ' (' + ago(r.hub.lastSeen) + ')' : 'not yet') + '.'}));
        }
        // The server sends these only as far as this person's place in the circle allows.
        const summary = [activityWords(r), pressureWords(r.bloodPressure)].filter(Boolean);
        if (summary.length) parts.push(el('p', {class: 'family-summary', text: summary.join(' ')}));
        const open = r.alerts.filter(a => a.state !== 'RESOLVED' && a.state !== 'CANCELLED');
        parts.push(el('p', {class: 'big ' + (open.length ? 'notok' : 'ok'),
          text: open.length ? 'An alert is open: ' + W.familyStates[open[0].state].toLowerCase() + '.' : 'No open alerts.'}));
        parts.push(el('h3', {text: 'Recent alerts'}), r.alerts.length ? el('ul', {class: 'plain', id: 'familyAlerts'},
          ...r.alerts.map(a => el('li', {'data-alarm': a.id}, el('strong', {text: what(a.code) + ', ' + when(a.raisedAt)}),
            familyEnd(a))))
          : el('p', {text: 'No alerts.'}));
        if (r.sees === 'TRENDS') {
          const shared = el('section', {class: 'family-trends', hidden: true}, el('h3', {text: 'Readings this week'}));
          parts.push(shared);
          loadCharts(r.id, shared);
        }
        const heading = relatives.length === 1 ? 'At home, and recent alerts' : r.name || 'Your relative';
        return el('section', {class: 'summary-card', 'data-resident': r.id}, el('h2', {text: heading}),
          el('div', {class: 'body'}, ...parts));
      }));
    } catch (e) {
      if (!failed(e)) box.replaceChildren(el('p', {class: 'error', text: 'Cannot load: ' + e.message}));
    }
  }

  // "Last activity 10:32 in the kitchen." Status only: the newest motion, bed or chair, or door reading.
  function activityWords(r) {
    if (!r.hub && !r.activity) return null;
    if (!r.activity) return 'No activity seen at home yet.';
    const a = r.activity, today = new Date(a.at).toDateString() === new Date(now()).toDateString();
    const room = (a.room || '').trim(), lower = room.toLowerCase();
    const where = !room ? '' : lower === 'bed' ? ' in bed' : lower === 'chair' ? ' in their chair'
      : a.kind === 'contact' ? ' at the ' + lower : ' in the ' + lower;
    return 'Last activity ' + (today ? hhmm(a.at) : when(a.at)) + where + '.';
  }

  // "Blood pressure this week: within target." Judged by the server against the care plan (NICE: 135/85 at home).
  function pressureWords(bp) {
    if (!bp) return null;
    if (bp.verdict === 'NO_READINGS') return 'Blood pressure this week: no readings.';
    return 'Blood pressure this week: ' + (bp.verdict === 'ABOVE'
      ? 'above target. The care team can see the readings.' : 'within target.');
  }

  function familyEnd(a) {
    const o = a.outcome && (W.outcomes.find(x => x[0] === a.outcome) || (W.reviewOutcomes || []).find(x => x[0] === a.outcome));
    return (o ? o[2] : W.familyStates[a.state] + '.') + (a.closedAt ? ' (' + when(a.closedAt) + ')' : '');
  }

  // ---------- admin: residents and hubs, over the directory's admin API ----------
  // Both lists are pages the server searched (10,000 residents, as many hubs): never the whole service at once.
  const ADMIN_PAGE = 50;
  const adminState = {hubQ: '', hubOffset: 0, residentOffset: 0};
  const personName = r => [r.calledName || r.preferredName || r.givenName, r.familyName].filter(Boolean).join(' ');
  const pageWords = (offset, shown, total, noun) => total ? (offset + 1) + '–' + (offset + shown) + ' of ' + total
    + ' ' + noun : 'No ' + noun + ' found.';
  function pagerNav(label, offset, total, go) {
    if (total <= ADMIN_PAGE && offset === 0) return document.createTextNode(''); // one page: nothing to turn
    const prev = el('button', {type: 'button', class: 'secondary', text: 'Previous page', disabled: offset <= 0,
      onclick: () => go(Math.max(0, offset - ADMIN_PAGE), prev)});
    const next = el('button', {type: 'button', class: 'secondary', text: 'Next page',
      disabled: offset + ADMIN_PAGE >= total, onclick: () => go(offset + ADMIN_PAGE, next)});
    return el('nav', {class: 'pager', 'aria-label': label}, prev, ' ', next);
  }

  async function showAdmin() {
    $('adminError').textContent = '';
    let residents, hubs;
    try {
      [residents, hubs] = await Promise.all([
        api('/api/directory/residents?limit=' + ADMIN_PAGE + '&offset=' + adminState.residentOffset),
        adminHubsPage()]);
    } catch (e) {
      if (failed(e)) return;
      $('adminError').textContent = e.status === 404 ? 'The directory\'s admin API is not available on this relay.'
        : 'Cannot load: ' + e.message;
      return;
    }
    drawAdminResidents(residents);
    drawAdminHubs(hubs);
  }
  const adminHubsPage = () => api('/api/directory/hubs?limit=' + ADMIN_PAGE + '&offset=' + adminState.hubOffset
    + (adminState.hubQ ? '&q=' + encodeURIComponent(adminState.hubQ) : ''));

  function drawAdminResidents(residents) {
    const total = residents.total ?? residents.length;
    $('adminResidents').replaceChildren(...residents.map(r => el('li', {'data-resident': r.id},
      el('a', {href: '#person/' + encodeURIComponent(r.id), text: personName(r)}),
      el('span', {class: 'muted', text: ' (' + r.id + (r.town ? ', ' + r.town : '') + ') '}),
      el('a', {href: '#careplan/' + encodeURIComponent(r.id), class: 'careplan-link',
        'aria-label': 'Edit care plan for ' + personName(r),
        text: 'Edit care plan'}))));
    $('adminResidentsCount').textContent = pageWords(adminState.residentOffset, residents.length, total, 'residents');
    $('adminResidentsPager').replaceChildren(pagerNav('Pages of residents', adminState.residentOffset, total,
      async (offset, button) => {
        adminState.residentOffset = offset;
        try {
          drawAdminResidents(await api('/api/directory/residents?limit=' + ADMIN_PAGE + '&offset=' + offset));
          focusPager('adminResidentsPager', button);
        } catch (e) { failed(e, $('adminError')); }
      }));
  }
  // After a page turn the same button keeps focus, or its partner when it has become disabled.
  function focusPager(box, button) {
    const buttons = [...$(box).querySelectorAll('button')];
    const same = buttons.find(b => b.textContent === button.textContent);
    (same && !same.disabled ? same : buttons.find(b => !b.disabled) || $('adminHeading')).focus();
  }

  function drawAdminHubs(hubs) {
    const total = hubs.total ?? hubs.length;
    $('adminHubs').replaceChildren(...hubs.map(h => {
      // The resident by id, with the server's search as suggestions: one shared list, not 10,000 options a hub.
      const input = el('input', {id: 'assign-' + h.id, value: h.resident || '', list: 'adminResidentChoices',
        autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none',
        'aria-label': 'Resident id for hub ' + h.id + ' (type a name to search; empty for nobody)'});
      input.addEventListener('input', () => suggestResidents(input.value));
      const button = el('button', {type: 'button', class: 'secondary', 'data-hub': h.id, text: 'Assign',
        'aria-label': 'Assign hub ' + h.id});
      const assign = async () => {
        button.disabled = true;
        $('adminError').textContent = ''; $('adminDone').textContent = '';
        const resident = input.value.trim() || null;
        try {
          await api('/api/directory/hubs/' + encodeURIComponent(h.id) + '/resident', {method: 'PUT',
            body: JSON.stringify({resident})});
          const again = await adminHubsPage();
          drawAdminHubs(again);
          const now = again.find(x => x.id === h.id);
          $('adminDone').textContent = 'Hub ' + h.id + ' now belongs to ' + (resident ? (now && now.residentName) || resident
            : 'nobody') + '.';
          const b = document.querySelector('#adminHubs button[data-hub="' + CSS.escape(h.id) + '"]');
          if (b) b.focus();
        } catch (e) {
          if (!failed(e)) $('adminError').textContent = 'Could not assign hub ' + h.id + ': ' + e.message;
          button.disabled = false;
          input.setAttribute('aria-invalid', 'true');
          input.focus();
        }
      };
      button.addEventListener('click', assign);
      input.addEventListener('keydown', ev => { if (ev.key === 'Enter') { ev.preventDefault(); assign(); } });
      return el('tr', {'data-hub': h.id}, el('td', {'data-label': 'Hub'},
        el('a', {href: '#hub/' + encodeURIComponent(h.id), text: h.id})),
        el('td', {'data-label': 'Resident', class: 'resident', text: h.resident ? h.residentName || h.resident : 'Nobody'}),
        el('td', {'data-label': 'Assign to', class: 'assign'}, input, ' ', button));
    }));
    if (!hubs.length) $('adminHubs').replaceChildren(el('tr', {}, el('td', {colspan: 3, text: 'No hubs found.'})));
    $('adminHubsCount').textContent = pageWords(adminState.hubOffset, hubs.length, total, 'hubs');
    $('adminHubsPager').replaceChildren(pagerNav('Pages of hubs', adminState.hubOffset, total, async (offset, button) => {
      adminState.hubOffset = offset;
      try { drawAdminHubs(await adminHubsPage()); focusPager('adminHubsPager', button); } catch (e) { failed(e, $('adminError')); }
    }));
  }
  let suggesting = null;
  function suggestResidents(text) {
    clearTimeout(suggesting);
    if (text.trim().length < 2) return;
    suggesting = setTimeout(() => api('/api/directory/residents?limit=10&q=' + encodeURIComponent(text.trim()))
      .then(list => $('adminResidentChoices').replaceChildren(...list.map(r => el('option', {value: r.id,
        label: personName(r) + (r.town ? ', ' + r.town : '')})))).catch(e => failed(e)), 250);
  }
  $('adminHubSearch').addEventListener('submit', async ev => {
    ev.preventDefault();
    adminState.hubQ = $('adminHubQ').value.trim();
    adminState.hubOffset = 0;
    try { drawAdminHubs(await adminHubsPage()); } catch (e) { if (!failed(e)) $('adminError').textContent = 'Cannot search: ' + e.message; }
  });
  $('newResident').addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = ev.target;
    $('adminError').textContent = ''; $('adminDone').textContent = '';
    const body = {id: f.id.value.trim(), givenName: f.givenName.value.trim(), familyName: f.familyName.value.trim()};
    if (f.town.value.trim()) body.address = {lines: [], town: f.town.value.trim()};
    try {
      await api('/api/directory/residents', {method: 'POST', body: JSON.stringify(body)});
      $('adminDone').textContent = body.givenName + ' ' + body.familyName + ' added.';
      f.reset();
      await showAdmin();
    } catch (e) {
      if (!failed(e)) $('adminError').textContent = 'Could not add the resident: ' + e.message;
    }
  });

  function denied(text) {
    showView('deniedView');
    $('deniedText').textContent = text;
    $('deniedBack').setAttribute('href', staff() ? '#queue' : '#family');
    $('deniedHeading').focus();
  }

  // ---------- views and routing ----------
  function showView(id) {
    for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== id;
    for (const a of document.querySelectorAll('#nav a')) {
      if (a.getAttribute('href') === '#' + id.replace('View', '')) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }
  function route() {
    if (!state.token) return;
    const h = decodeURIComponent(location.hash.slice(1));
    const [view, a, b] = h.split('/');
    if (view === 'resident' && a) { showView('cardView'); return showCard(a, b); }
    const extra = extensions.views[view];
    if (extra && extra.allowed(state.role)) { showView(view + 'View'); ($(view + 'View').querySelector('h1[tabindex]') || $(view + 'Heading')).focus(); return extra.show(a, b); }
    if (!staff()) { showView('familyView'); $('familyHeading').focus(); return showFamily(); }
    if (view === 'health' && (state.role === 'ADMIN' || state.role === 'RESPONDER')) { showView('healthView'); $('healthHeading').focus(); return showHealth(); }
    if (view === 'admin' && state.role === 'ADMIN') { showView('adminView'); $('adminHeading').focus(); return showAdmin(); }
    if (view === 'family') return denied('The family view is for family members and neighbours.');
    showView('queueView');
    if (view === 'queue') $('queueHeading').focus();
  }
  window.addEventListener('hashchange', route);
  $('more').addEventListener('click', () => { state.shown += PAGE; refreshQueue(); });

  // ---------- the live feed ----------
  function setStatus(text, ok) { $('status').textContent = text; $('status').className = 'status ' + (ok ? 'ok' : 'bad'); }
  // "live" only when this page hears the relay AND the relay hears the broker: either alone shows no new alarm.
  function showLive() {
    $('brokerAlert').hidden = state.brokerUp !== false || state.token === null;
    if (!state.socketOpen) return;
    if (state.brokerUp === false) setStatus('not connected to the alarm broker', false); else setStatus('live', true);
  }
  function live() {
    // The session token travels as a sub-protocol, never in the URL (where access logs would keep it).
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live',
      ['hearthgate.v1', 'bearer.' + state.token]);
    state.socket = ws;
    ws.onopen = () => { state.socketOpen = true; showLive(); if (staff()) refreshQueue(); };
    ws.onclose = () => {
      if (state.socket !== ws || state.token === null) return;
      state.socketOpen = false;
      setStatus('reconnecting…', false);
      api('/api/me').catch(e => failed(e));
      setTimeout(() => { if (state.token !== null && state.socket === ws) live(); }, 2000);
    };
    ws.onmessage = m => {
      const e = JSON.parse(m.data);
      if (e.at) state.serverOffset = e.at - Date.now();
      if (e.event === 'hello' || e.event === 'broker.state') { state.brokerUp = !!(e.data && e.data.connected); showLive(); }
      if (e.event === 'hello') return;
      if (e.event === 'escalation.page' && e.data && e.data.login === state.user) {
        $('announce').textContent = 'You are asked to take an alarm: ' + (e.data.text || '');
        beep(true);
        if (document.hidden || !document.hasFocus()) { state.unseen++; title(); }
      }
      if (staff()) refreshQueue(); else if (!$('familyView').hidden) showFamily();
    };
  }

  function signOut(message) {
    if (state.token) fetch('/api/logout', {method: 'POST', headers: {'Authorization': 'Bearer ' + state.token}}).catch(() => {});
    state.token = null; state.socketOpen = false; state.brokerUp = null; state.known = null;
    state.alarms.clear(); state.rows.clear();
    // Nothing of this session stays in the page for whoever signs in next on this screen.
    for (const id of ['alarms', 'card', 'hubs', 'relatives', 'adminHubs', 'adminResidents', 'announce', 'actionError',
      'adminResidentChoices', 'adminHubsCount', 'adminResidentsCount', 'peopleList', 'peopleCount', 'person',
      'hubDetail', 'users', 'policies',
      'worklist', 'carePlan',
      'resolveWhat', 'adminError', 'adminDone']) $(id).replaceChildren();
    $('resolveNote').value = '';
    if ($('resolveDialog').open) $('resolveDialog').close();
    $('cardHeading').textContent = 'Resident'; $('familyHeading').textContent = 'Your relative';
    showLive();
    if (state.socket) { const s = state.socket; state.socket = null; s.close(); }
    setStatus('not connected', false);
    for (const v of document.querySelectorAll('.view')) v.hidden = true;
    $('nav').hidden = true; $('login').hidden = false;
    $('loginError').textContent = message || '';
    document.title = 'Hearthgate console';
    $('password').value = ''; $('password').focus();
  }
  $('signOut').addEventListener('click', () => signOut('You have signed out.'));
  $('soundToggle').addEventListener('click', () => setSound(!state.sound));
  function setLarge(on) {
    document.documentElement.classList.toggle('large', on);
    $('largeToggle').setAttribute('aria-pressed', String(on));
    $('largeToggle').textContent = on ? 'Normal text' : 'Larger text';
    try { localStorage.setItem('hg.large', on ? '1' : ''); } catch (e) { /* private mode: not remembered */ }
  }
  $('largeToggle').addEventListener('click', () => setLarge(!document.documentElement.classList.contains('large')));
  try { setLarge(localStorage.getItem('hg.large') === '1'); } catch (e) { setLarge(false); }

  $('login').addEventListener('submit', async ev => {
    ev.preventDefault();
    const user = $('user'), password = $('password');
    if (!user.value || !password.value) {
      $('loginError').textContent = 'Enter your user name and password.';
      const missing = user.value ? password : user;
      missing.setAttribute('aria-invalid', 'true'); missing.focus();
      return;
    }
    // This click is the one that lets the page play sound later.
    const wantSound = $('wantSound').checked;
    if (wantSound) setSound(true);
    let r;
    try {
      r = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({user: user.value, password: password.value, code: $('code').value || undefined})});
    } catch (e) {
      $('loginError').textContent = 'Cannot reach the server: check the connection and try again.';
      return;
    }
    if (!r.ok) {
      const why = await r.json().catch(() => ({}));
      if (why.codeRequired) {
        $('codeField').hidden = false; $('loginError').textContent = 'Enter the 6-digit code from your authenticator app.';
        $('code').focus();
        return;
      }
      $('loginError').textContent = r.status === 401 ? 'Wrong user or password.'
        : r.status === 429 || r.status === 503 ? (why.error || 'Too many attempts: try again later.')
        : 'Sign-in failed (HTTP ' + r.status + ').';
      password.setAttribute('aria-invalid', 'true'); password.select(); password.focus();
      return;
    }
    const session = await r.json();
    state.token = session.token; state.role = session.role; state.user = session.user;
    state.shown = PAGE;
    user.removeAttribute('aria-invalid'); password.removeAttribute('aria-invalid');
    password.value = ''; $('code').value = ''; $('codeField').hidden = true; $('loginError').textContent = '';
    $('login').hidden = true; $('nav').hidden = false;
    for (const a of document.querySelectorAll('[data-staff]')) a.hidden = !staff();
    for (const a of document.querySelectorAll('[data-family]')) a.hidden = staff();
    for (const a of document.querySelectorAll('[data-admin]')) a.hidden = state.role !== 'ADMIN';
    for (const a of document.querySelectorAll('[data-clinical]')) a.hidden = state.role !== 'ADMIN' && state.role !== 'CLINICIAN';
    // The health overview covers the whole service: for responders and admins, not clinicians.
    for (const a of document.querySelectorAll('[data-team]')) a.hidden = state.role !== 'ADMIN' && state.role !== 'RESPONDER';
    document.body.classList.toggle('family-user', !staff());
    if (!staff()) setSound(false);
    const target = location.hash && location.hash !== '#' ? location.hash : staff() ? '#queue' : '#family';
    if (location.hash !== target) location.hash = target; else route();
    if (staff()) refreshQueue();
    live();
  });
  $('user').focus();
  // The console's other scripts build on these; the server still decides what each caller may see.
  window.HG_CONSOLE = {el, api, failed, when, ago, hhmm, day, what, now, summaryList, chart, VITALS, denied, showView,
    role: () => state.role, user: () => state.user, staff,
    /** A view at #name/a/b, drawn into the section #nameView (heading #nameHeading) for the roles allowed. */
    addView: (name, allowed, show) => { extensions.views[name] = {allowed, show}; },
    /** A panel on the resident card: panel(residentId, cardData) returns a section element, or null. */
    addCardPanel: panel => extensions.cardPanels.push(panel),
    route: () => route()};
  // For tests and diagnostics: the page's state, read-only.
  window.hearthgate = {alarmCount: () => state.alarms.size, rowCount: () => state.rows.size,
    lastDrawMs: () => state.lastDrawMs};
})();
