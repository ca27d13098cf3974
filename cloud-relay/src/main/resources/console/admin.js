'use strict';
// The administrator's views, over the directory's and the escalation's admin APIs: residents found by a search the
// server runs (#people), one resident's record and care circle (#person/id), a hub and its devices (#hub/id),
// accounts and roles (#users), the escalation policies as YAML (#policies), and one contact's channels and quiet
// hours (#contact/id, reached from a care circle: #contact/id/resident). Every list is a page (50), never the
// whole service; every change is audited by the server, which also decides who may do what (ADMIN only).
(() => {
  const C = window.HG_CONSOLE;
  if (!C) return;
  const {el, api, failed, summaryList} = C;
  const $ = id => document.getElementById(id);
  const enc = encodeURIComponent;
  const PAGE = 50;
  const admin = role => role === 'ADMIN';
  const ROLES = {RESPONDER: 'Responder (monitoring centre)', ON_CALL: 'On call out of hours', CLINICIAN: 'Clinician',
    FAMILY: 'Family', NEIGHBOUR: 'Neighbour or friend', SERVICE_MANAGER: 'Service manager'};
  const SEES = {ALERTS: 'Alerts only', STATUS: 'Alerts and hub status', TRENDS: 'Alerts, status and shared trends'};
  const ACCOUNT_ROLES = {ADMIN: 'Admin', RESPONDER: 'Responder', CLINICIAN: 'Clinician', FAMILY: 'Family',
    NEIGHBOUR: 'Neighbour'};
  const nameOf = r => [r.calledName || r.preferredName || r.givenName, r.familyName].filter(Boolean).join(' ');
  const orNull = v => { const t = (v == null ? '' : String(v)).trim(); return t ? t : null; };
  const list = v => (v || '').split(',').map(x => x.trim()).filter(Boolean);

  // ---------- small form helpers ----------
  let uid = 0;
  /** A labelled field; {field} names the server's field for its errors, {hint} adds a described-by hint. */
  function field(label, attrs = {}, opts = {}) {
    const id = attrs.id || 'f' + (++uid);
    const tag = opts.textarea ? 'textarea' : opts.select ? 'select' : 'input';
    const hint = opts.hint ? el('p', {class: 'hint', id: id + 'Hint', text: opts.hint}) : null;
    const input = el(tag, {...attrs, id, 'data-field': opts.field, 'aria-describedby': hint ? id + 'Hint' : null},
      ...(opts.select || []).map(([v, t]) => el('option', {value: v, text: t, selected: v === attrs.value})));
    if (opts.textarea && attrs.value != null) input.value = attrs.value;
    return {input, box: el('div', {class: 'field'}, el('label', {for: id, text: label}), hint, input)};
  }
  function check(label, checked, opts = {}) {
    const id = 'f' + (++uid);
    const input = el('input', {type: 'checkbox', id, checked: !!checked, 'data-field': opts.field});
    return {input, box: el('div', {class: 'check'}, input, el('label', {for: id, text: label}))};
  }
  /** Shows the server's error on the form: in the alert, and on the field it names (focused, described by it). */
  function showError(form, alert, e, prefix) {
    if (failed(e)) return;
    form.querySelectorAll('[aria-invalid]').forEach(x => { x.removeAttribute('aria-invalid'); restoreDescribed(x); });
    alert.textContent = prefix + ': ' + (e.message || e);
    const f = e.body && e.body.field;
    const input = f && ([...form.querySelectorAll('[data-field]')].find(x => x.dataset.field === f)
      || [...form.querySelectorAll('[data-field]')].find(x => f.startsWith(x.dataset.field + '.')
        || f.startsWith(x.dataset.field + '[')));
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.dataset.described = input.getAttribute('aria-describedby') || '';
      input.setAttribute('aria-describedby', [alert.id, input.dataset.described].filter(Boolean).join(' '));
      input.focus();
    } else {
      alert.setAttribute('tabindex', '-1');
      alert.focus();
    }
  }
  function restoreDescribed(x) {
    if (x.dataset.described == null) return;
    if (x.dataset.described) x.setAttribute('aria-describedby', x.dataset.described); else x.removeAttribute('aria-describedby');
    delete x.dataset.described;
  }
  function clearErrors(form, alert, done) {
    alert.textContent = '';
    if (done) done.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach(x => { x.removeAttribute('aria-invalid'); restoreDescribed(x); });
  }
  const pageWords = (offset, shown, total, noun) => total ? (offset + 1) + '–' + (offset + shown) + ' of ' + total
    + ' ' + noun : 'No ' + noun + ' found.';
  /** Previous and next page buttons; after a turn, focus stays on the button pressed (or its partner). */
  function pager(box, label, offset, total, go) {
    if (total <= PAGE && offset === 0) { box.replaceChildren(); return; } // one page: nothing to turn
    const turn = async (to, which) => {
      await go(to);
      const buttons = [...box.querySelectorAll('button')];
      const again = buttons.find(b => b.dataset.page === which && !b.disabled) || buttons.find(b => !b.disabled);
      if (again) again.focus();
    };
    box.replaceChildren(el('nav', {class: 'pager', 'aria-label': label},
      el('button', {type: 'button', class: 'secondary', 'data-page': 'prev', text: 'Previous page',
        disabled: offset <= 0, onclick: () => turn(Math.max(0, offset - PAGE), 'prev')}), ' ',
      el('button', {type: 'button', class: 'secondary', 'data-page': 'next', text: 'Next page',
        disabled: offset + PAGE >= total, onclick: () => turn(offset + PAGE, 'next')})));
  }

  // ---------- #people: search and page through the residents ----------
  const people = {q: '', offset: 0, timer: null, seq: 0, user: null};
  async function showPeople() {
    // A search is this user's: whoever signs in next on this screen starts afresh.
    if (people.user !== C.user()) Object.assign(people, {q: '', offset: 0, user: C.user()});
    $('peopleQ').value = people.q;
    await loadPeople();
  }
  async function loadPeople() {
    const seq = ++people.seq;
    $('peopleError').textContent = '';
    let page;
    try {
      page = await api('/api/directory/residents?limit=' + PAGE + '&offset=' + people.offset
        + (people.q ? '&q=' + enc(people.q) : ''));
    } catch (e) {
      if (!failed(e)) $('peopleError').textContent = 'Cannot load the residents: ' + e.message;
      return;
    }
    if (seq !== people.seq) return; // a later search has answered, or will
    const total = page.total ?? page.length;
    $('peopleList').replaceChildren(...page.map(r => el('li', {'data-resident': r.id},
      el('a', {href: '#person/' + enc(r.id), class: 'name', text: nameOf(r)}),
      el('span', {class: 'muted', text: ' ' + r.id + (r.town ? ', ' + r.town : '')}),
      el('span', {class: 'links'},
        el('a', {href: '#careplan/' + enc(r.id), 'aria-label': 'Edit care plan for ' + nameOf(r), text: 'Edit care plan'}),
        el('a', {href: '#resident/' + enc(r.id), 'aria-label': 'Resident card for ' + nameOf(r), text: 'Card'})))));
    $('peopleCount').textContent = pageWords(people.offset, page.length, total, 'residents')
      + (people.q ? ' matching “' + people.q + '”' : '');
    pager($('peoplePager'), 'Pages of residents', people.offset, total, to => { people.offset = to; return loadPeople(); });
  }
  $('peopleSearch').addEventListener('submit', ev => {
    ev.preventDefault();
    clearTimeout(people.timer);
    people.q = $('peopleQ').value.trim(); people.offset = 0;
    loadPeople();
  });
  // Searching as one types, after a pause: one request per pause, not per key.
  $('peopleQ').addEventListener('input', () => {
    clearTimeout(people.timer);
    people.timer = setTimeout(() => {
      const q = $('peopleQ').value.trim();
      if (q === people.q) return;
      people.q = q; people.offset = 0;
      loadPeople();
    }, 300);
  });

  // ---------- #person/{id}: the record and the care circle ----------
  async function showPerson(id) {
    const box = $('person');
    box.replaceChildren(el('p', {text: 'Loading…'}));
    let r, circle;
    try {
      [r, circle] = await Promise.all([api('/api/directory/residents/' + enc(id)),
        api('/api/directory/residents/' + enc(id) + '/circle')]);
    } catch (e) {
      if (failed(e)) return;
      $('personEditHeading').textContent = 'Resident';
      box.replaceChildren(el('p', {class: 'error', role: 'alert', text: e.status === 404 ? 'There is no resident '
        + id + '.' : 'Cannot load the resident: ' + e.message}));
      return;
    }
    $('personEditHeading').textContent = nameOf(r);
    const links = el('ul', {class: 'admin-links inline-list'},
      el('li', {}, el('a', {href: '#resident/' + enc(id), text: 'Open the resident card'})),
      el('li', {}, el('a', {href: '#careplan/' + enc(id), id: 'personCarePlan', text: 'Edit the care plan'})),
      ...(r.hubs || []).map(h => el('li', {}, el('a', {href: '#hub/' + enc(h), 'data-hub': h,
        text: 'Hub ' + h + ' and its devices'}))));
    box.replaceChildren(el('p', {class: 'muted', text: 'Resident id ' + r.id + ((r.hubs || []).length ? ''
      : '. No hub assigned: assign one on the admin page.')}), links, recordForm(r), circleEditor(r, circle));
  }

  function recordForm(r) {
    const s = r.safety || {}, a = r.address || {};
    const alert = el('p', {class: 'error', role: 'alert', id: 'recordError'});
    const done = el('p', {class: 'done', role: 'status', id: 'recordDone'});
    const f = {
      givenName: field('Given name', {value: r.givenName, autocomplete: 'off'}, {field: 'givenName'}),
      familyName: field('Family name', {value: r.familyName, autocomplete: 'off'}, {field: 'familyName'}),
      preferredName: field('Preferred name (optional)', {value: r.preferredName, autocomplete: 'off'}, {field: 'preferredName'}),
      birthDate: field('Date of birth', {type: 'date', value: r.birthDate}, {field: 'birthDate'}),
      lines: field('Address (one line each)', {rows: 3, value: (a.lines || []).join('\n')}, {textarea: true, field: 'address.lines'}),
      town: field('Town', {value: a.town, autocomplete: 'off'}, {field: 'address.town'}),
      postcode: field('Postcode', {value: a.postcode, autocomplete: 'off', autocapitalize: 'characters'}, {field: 'address.postcode'}),
      phone: field('Phone', {type: 'tel', value: r.phone, autocomplete: 'off'}, {field: 'phone'}),
      nhsNumber: field('NHS number', {value: r.nhsNumber, inputmode: 'numeric', autocomplete: 'off'},
        {field: 'nhsNumber', hint: '10 digits; spaces are fine.'}),
      keySafeCode: field('Key safe code', {id: 'personKeySafe', value: s.keySafeCode, autocomplete: 'off', spellcheck: 'false'},
        {field: 'safety.keySafeCode'}),
      access: field('Getting in (access instructions)', {rows: 3, value: s.accessInstructions}, {textarea: true, field: 'safety.accessInstructions'}),
      eol: field('End-of-life wishes (optional)', {rows: 2, value: s.endOfLifeWishes}, {textarea: true, field: 'safety.endOfLifeWishes'}),
      allergies: field('Allergies', {value: (s.allergies || []).join(', '), autocomplete: 'off'},
        {field: 'safety.allergies', hint: 'Separate them with commas.'}),
      conditions: field('Conditions', {value: (s.conditions || []).join(', '), autocomplete: 'off'},
        {field: 'safety.conditions', hint: 'Separate them with commas.'}),
      languages: field('Languages', {value: (s.languages || []).join(', '), autocomplete: 'off'},
        {field: 'safety.languages', hint: 'Language codes, e.g. en, cy, gu; separate them with commas.'}),
      gp: field('GP', {value: r.gp, autocomplete: 'off'}, {field: 'gp'})
    };
    const dnacpr = check('DNACPR in place (do not attempt CPR)', s.dnacpr, {field: 'safety.dnacpr'});
    const form = el('form', {id: 'personForm', novalidate: true, 'aria-labelledby': 'recordHeading'},
      el('h2', {id: 'recordHeading', text: 'Details'}), alert, done,
      el('fieldset', {}, el('legend', {text: 'Name and contact'}), f.givenName.box, f.familyName.box, f.preferredName.box,
        f.birthDate.box, f.lines.box, f.town.box, f.postcode.box, f.phone.box, f.nhsNumber.box, f.gp.box),
      el('fieldset', {}, el('legend', {text: 'Key safety information'}), f.keySafeCode.box, f.access.box, dnacpr.box,
        f.eol.box, f.allergies.box, f.conditions.box, f.languages.box),
      el('p', {}, el('button', {type: 'submit', class: 'primary', text: 'Save details'})));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      clearErrors(form, alert, done);
      const body = {id: r.id, givenName: orNull(f.givenName.input.value), familyName: orNull(f.familyName.input.value),
        preferredName: orNull(f.preferredName.input.value), birthDate: orNull(f.birthDate.input.value),
        address: {lines: f.lines.input.value.split('\n').map(x => x.trim()).filter(Boolean),
          town: orNull(f.town.input.value), postcode: orNull(f.postcode.input.value)},
        phone: orNull(f.phone.input.value), nhsNumber: orNull(f.nhsNumber.input.value),
        nhsVerification: r.nhsVerification || null,
        safety: {accessInstructions: orNull(f.access.input.value), keySafeCode: orNull(f.keySafeCode.input.value),
          dnacpr: dnacpr.input.checked, endOfLifeWishes: orNull(f.eol.input.value),
          allergies: list(f.allergies.input.value), conditions: list(f.conditions.input.value),
          languages: list(f.languages.input.value)},
        gp: orNull(f.gp.input.value)};
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      try {
        const res = await api('/api/directory/residents/' + enc(r.id), {method: 'PUT', body: JSON.stringify(body)});
        done.textContent = res.change === 'UNCHANGED' ? 'Nothing had changed.' : 'Details saved.';
        $('personEditHeading').textContent = nameOf({preferredName: body.preferredName, givenName: body.givenName,
          familyName: body.familyName});
      } catch (e) {
        showError(form, alert, e, 'Could not save the details');
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  /**
   * The care circle in the order it is called: by role, and within a role in the order kept here. Up and down move a
   * person within their role; nothing is saved until "Save care circle".
   */
  function circleEditor(r, circle) {
    const roleOrder = Object.keys(ROLES);
    let members = circle.map(m => ({contact: m.contact, name: m.name, role: m.role, order: m.order, sees: m.sees,
      calls: m.calls || '', channels: m.channels || []}));
    const sort = () => { members = members.slice().sort((x, y) => roleOrder.indexOf(x.role) - roleOrder.indexOf(y.role)
      || x.order - y.order); members.forEach(renumber); };
    function renumber(m) { m.order = members.filter(x => x.role === m.role).indexOf(m) + 1; }
    sort();
    const alert = el('p', {class: 'error', role: 'alert', id: 'circleError'});
    const done = el('p', {class: 'done', role: 'status', id: 'circleDone'});
    const say = el('p', {class: 'visually-hidden', 'aria-live': 'polite', id: 'circleSay'});
    const listBox = el('ol', {class: 'circle-edit', id: 'circleEdit'});
    let dirty = false; // changes not saved yet: every draw after the first is one

    function draw(focus) {
      if (focus !== undefined) dirty = true;
      listBox.replaceChildren(...members.map((m, i) => {
        const sameRole = members.filter(x => x.role === m.role);
        const pos = sameRole.indexOf(m);
        const role = field('Role', {value: m.role, 'aria-label': 'Role of ' + m.name}, {select: Object.entries(ROLES)});
        role.input.addEventListener('change', () => {
          m.role = role.input.value; m.order = 99; sort(); draw({contact: m.contact, what: 'role'});
          say.textContent = m.name + ' is now ' + ROLES[m.role].toLowerCase() + ', ' + m.order + ' of '
            + members.filter(x => x.role === m.role).length + '.';
        });
        const sees = field('Sees', {value: m.sees, 'aria-label': 'What ' + m.name + ' sees'}, {select: Object.entries(SEES)});
        sees.input.addEventListener('change', () => { m.sees = sees.input.value; dirty = true; });
        const calls = field('Calls the resident', {value: m.calls, autocomplete: 'off',
          'aria-label': 'What ' + m.name + ' calls the resident', placeholder: r.calledName || r.givenName}, {});
        calls.input.addEventListener('input', () => { m.calls = calls.input.value; dirty = true; });
        const move = (delta, what) => {
          const j = members.indexOf(sameRole[pos + delta]);
          [members[i], members[j]] = [members[j], members[i]];
          members.forEach(renumber);
          draw({contact: m.contact, what});
          say.textContent = m.name + ' moved to ' + m.order + ' of ' + sameRole.length + ' ('
            + ROLES[m.role].toLowerCase() + ').';
        };
        const up = el('button', {type: 'button', class: 'secondary', 'data-move': 'up', disabled: pos === 0,
          'aria-label': 'Move ' + m.name + ' up', text: 'Up', onclick: () => move(-1, 'up')});
        const down = el('button', {type: 'button', class: 'secondary', 'data-move': 'down',
          disabled: pos === sameRole.length - 1, 'aria-label': 'Move ' + m.name + ' down', text: 'Down',
          onclick: () => move(1, 'down')});
        const remove = el('button', {type: 'button', class: 'secondary', 'data-move': 'remove',
          'aria-label': 'Remove ' + m.name + ' from the circle', text: 'Remove', onclick: () => {
            members.splice(i, 1); members.forEach(renumber);
            const next = members[Math.min(i, members.length - 1)];
            draw(next ? {contact: next.contact, what: 'remove'} : null);
            if (!next) addQ.focus();
            say.textContent = m.name + ' removed; save the circle to keep this.';
          }});
        const reach = m.channels.map(c => c.address).join(', ');
        // The contact's own record (channels, quiet hours); leaving asks first when the circle has unsaved changes.
        const editContact = el('a', {href: '#contact/' + enc(m.contact) + '/' + enc(r.id), class: 'edit-contact',
          'aria-label': 'Edit contact ' + m.name, text: 'Edit contact', onclick: ev => {
            if (dirty && !confirm('The care circle has changes that are not saved. Leave without saving them?')) {
              ev.preventDefault();
            }
          }});
        return el('li', {'data-contact': m.contact},
          el('p', {class: 'who'}, el('strong', {text: m.name}), ' ',
            el('span', {class: 'muted', text: ROLES[m.role] + ', ' + m.order + (reach ? ' · ' + reach : '')}), ' ',
            editContact),
          el('div', {class: 'row'}, role.box, sees.box, calls.box),
          el('div', {class: 'buttons'}, up, down, remove));
      }));
      if (!members.length) listBox.replaceChildren(el('li', {text: 'Nobody yet: add the monitoring centre first.'}));
      if (focus) {
        const li = listBox.querySelector('li[data-contact="' + CSS.escape(focus.contact) + '"]');
        const target = li && (focus.what === 'role' ? li.querySelector('select')
          : li.querySelector('button[data-move="' + focus.what + '"]:not([disabled])')
            || li.querySelector('button[data-move]:not([disabled])'));
        if (target) target.focus();
      }
    }

    // Adding: an existing contact found by the server's search, or a new one made here.
    const addRole = field('Their role', {id: 'circleAddRole', value: 'NEIGHBOUR'}, {select: Object.entries(ROLES)});
    const addQ = el('input', {id: 'circleAddQ', type: 'search', autocomplete: 'off', spellcheck: 'false'});
    const found = el('ul', {class: 'plain', id: 'circleFound'});
    const foundSay = el('p', {class: 'muted', role: 'status', id: 'circleFoundCount'});
    function add(c) {
      if (members.some(m => m.contact === c.id)) { alert.textContent = c.name + ' is in the circle already.'; return; }
      const m = {contact: c.id, name: c.name, role: addRole.input.value, order: 99, sees: 'ALERTS', calls: '',
        channels: c.channels || []};
      members.push(m); sort();
      draw({contact: m.contact, what: 'up'});
      alert.textContent = '';
      say.textContent = c.name + ' added as ' + ROLES[m.role].toLowerCase() + ', ' + m.order + ' of '
        + members.filter(x => x.role === m.role).length + '. Save the circle to keep this.';
    }
    async function search(ev) {
      ev.preventDefault();
      const q = addQ.value.trim();
      try {
        const page = await api('/api/directory/contacts?limit=10' + (q ? '&q=' + enc(q) : ''));
        found.replaceChildren(...page.map(c => el('li', {'data-contact': c.id}, el('span', {text: c.name + ' '}),
          el('span', {class: 'muted', text: '(' + c.id + ') '}),
          el('button', {type: 'button', class: 'secondary', 'aria-label': 'Add ' + c.name, text: 'Add',
            onclick: () => add(c)}))));
        foundSay.textContent = page.length ? 'Showing ' + page.length + ' of ' + (page.total ?? page.length) + ' contacts.'
          : 'No contact found. Add a new one below.';
      } catch (e) { failed(e, alert); }
    }
    const newName = field('Name', {id: 'newContactName', autocomplete: 'off'}, {field: 'name'});
    const newPhone = field('Mobile number for text messages', {id: 'newContactPhone', type: 'tel', autocomplete: 'off'},
      {field: 'channels[0].address'});
    const newForm = el('form', {novalidate: true, id: 'newContact', class: 'subform'},
      el('h4', {text: 'Or add someone new'}), newName.box, newPhone.box,
      el('p', {}, el('button', {type: 'submit', class: 'secondary', text: 'Add new contact to the circle'})));
    newForm.addEventListener('submit', async ev => {
      ev.preventDefault();
      clearErrors(newForm, alert);
      const name = newName.input.value.trim();
      const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)
        || 'contact';
      const body = {id: slug + '-' + Math.random().toString(36).slice(2, 6), name,
        channels: newPhone.input.value.trim() ? [{channel: 'SMS', address: newPhone.input.value.trim()}] : []};
      try {
        await api('/api/directory/contacts', {method: 'POST', body: JSON.stringify(body)});
        newForm.reset();
        add(body);
      } catch (e) { showError(newForm, alert, e, 'Could not add the contact'); }
    });

    const save = el('button', {type: 'button', class: 'primary', id: 'circleSave', text: 'Save care circle'});
    save.addEventListener('click', async () => {
      alert.textContent = ''; done.textContent = '';
      save.disabled = true;
      try {
        const body = members.map(m => ({contact: m.contact, role: m.role, order: m.order, sees: m.sees,
          calls: orNull(m.calls)}));
        const res = await api('/api/directory/residents/' + enc(r.id) + '/circle', {method: 'PUT', body: JSON.stringify(body)});
        done.textContent = res.change === 'UNCHANGED' ? 'Nothing had changed.' : 'Care circle saved.';
        dirty = false;
      } catch (e) {
        if (!failed(e)) { alert.textContent = 'Could not save the care circle: ' + e.message; alert.setAttribute('tabindex', '-1'); alert.focus(); }
      } finally { save.disabled = false; }
    });
    draw();
    return el('section', {'aria-labelledby': 'circleEditHeading', class: 'circle-editor'},
      el('h2', {id: 'circleEditHeading', text: 'Care circle, in the order to call'}),
      el('p', {class: 'hint', text: 'By role, then in the order shown. Use Up and Down to change who is called first; '
        + 'changes are kept when you save the care circle.'}), alert, done, say, listBox,
      el('p', {}, save),
      el('h3', {text: 'Add someone to the circle'}), addRole.box,
      el('form', {role: 'search', 'aria-label': 'Contacts', class: 'search', onsubmit: search},
        el('label', {for: 'circleAddQ', text: 'Find a contact by name or id'}),
        el('div', {class: 'inline'}, addQ, el('button', {type: 'submit', class: 'secondary', text: 'Find'}))),
      foundSay, found, newForm);
  }

  // ---------- #contact/{id}[/{resident}]: one contact's channels, in the order to try, and quiet hours ----------
  // The escalation engine tries a contact's channels in this order, so a wrong or old number means someone is never
  // told: the server validates every address (naming channels[i].address) and audits the change.
  const CHANNELS = {SMS: 'Text message (SMS)', EMAIL: 'E-mail', CONSOLE: 'Console (the alarm queue)',
    WEBHOOK: 'Webhook (another system)'};
  const ADDRESS = {
    SMS: {label: 'Mobile number', type: 'tel', hint: 'For example +447700900123 or 07700 900123.'},
    EMAIL: {label: 'E-mail address', type: 'email', hint: 'For example sam@example.org.'},
    CONSOLE: {label: 'Console login or team', type: 'text', hint: 'Whose alarm queue shows it, e.g. responders.'},
    WEBHOOK: {label: 'Webhook URL', type: 'url', hint: 'An https:// address.'}};
  const nth = n => n + (n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd'
    : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th');
  let contactSeq = 0;
  async function showContact(id, residentId) {
    const seq = ++contactSeq;
    const box = $('contactEdit'), back = $('contactBack');
    back.setAttribute('href', residentId ? '#person/' + enc(residentId) : '#people');
    back.textContent = residentId ? 'Back to the resident' : 'Back to residents';
    $('contactHeading').textContent = 'Contact';
    box.replaceChildren(el('p', {text: 'Loading…'}));
    let c, r = null;
    try {
      [c, r] = await Promise.all([api('/api/directory/contacts/' + enc(id)),
        residentId ? api('/api/directory/residents/' + enc(residentId)).catch(e => failed(e) ? Promise.reject(e) : null)
          : null]);
    } catch (e) {
      if (failed(e) || seq !== contactSeq) return;
      box.replaceChildren(el('p', {class: 'error', role: 'alert', text: e.status === 404 ? 'There is no contact '
        + id + '.' : 'Cannot load the contact: ' + e.message}));
      return;
    }
    if (seq !== contactSeq) return; // another contact was asked for meanwhile
    if (r) back.textContent = 'Back to ' + nameOf(r);
    $('contactHeading').textContent = c.name;
    box.replaceChildren(contactForm(c));
  }

  function contactForm(c) {
    let key = 0;
    const points = (c.channels || []).map(p => ({key: ++key, channel: p.channel, address: p.address || ''}));
    const alert = el('p', {class: 'error', role: 'alert', id: 'contactError'});
    const done = el('p', {class: 'done', role: 'status', id: 'contactDone'});
    const say = el('p', {class: 'visually-hidden', 'aria-live': 'polite', id: 'contactSay'});
    const name = field('Name', {id: 'contactName', value: c.name, autocomplete: 'off'},
      {field: 'name', hint: 'As messages name them to others, e.g. Sam Hughes.'});
    const listBox = el('ol', {class: 'channels', id: 'contactChannels'});
    const kindOf = p => CHANNELS[p.channel] || p.channel;

    function draw(focus) {
      const n = points.length;
      listBox.replaceChildren(...points.map((p, i) => {
        const a = ADDRESS[p.channel] || ADDRESS.CONSOLE;
        const kind = field('Channel', {id: 'contactChannel' + i, value: p.channel},
          {field: 'channels[' + i + '].channel', select: Object.entries(CHANNELS)});
        kind.input.addEventListener('change', () => {
          p.channel = kind.input.value;
          draw({key: p.key, what: 'channel'});
          say.textContent = 'Channel ' + (i + 1) + ' is now ' + kindOf(p) + '.';
        });
        const address = field(a.label, {id: 'contactAddress' + i, type: a.type, value: p.address, autocomplete: 'off',
          spellcheck: 'false', autocapitalize: 'none'}, {field: 'channels[' + i + '].address', hint: a.hint});
        address.input.addEventListener('input', () => { p.address = address.input.value; });
        const move = (delta, what) => {
          points.splice(i, 1);
          points.splice(i + delta, 0, p);
          draw({key: p.key, what});
          say.textContent = kindOf(p) + ' moved to ' + (i + delta + 1) + ' of ' + n + ': tried '
            + (i + delta === 0 ? 'first' : nth(i + delta + 1)) + '.';
        };
        const label = 'channel ' + (i + 1) + ' (' + kindOf(p) + ')';
        const up = el('button', {type: 'button', class: 'secondary', 'data-move': 'up', disabled: i === 0,
          'aria-label': 'Move ' + label + ' up', text: 'Up', onclick: () => move(-1, 'up')});
        const down = el('button', {type: 'button', class: 'secondary', 'data-move': 'down', disabled: i === n - 1,
          'aria-label': 'Move ' + label + ' down', text: 'Down', onclick: () => move(1, 'down')});
        const remove = el('button', {type: 'button', class: 'secondary', 'data-move': 'remove',
          'aria-label': 'Remove ' + label, text: 'Remove', onclick: () => {
            points.splice(i, 1);
            const next = points[Math.min(i, points.length - 1)];
            draw(next ? {key: next.key, what: 'remove'} : null);
            if (!next) addButton.focus();
            say.textContent = kindOf(p) + ' removed. ' + (points.length ? '' : 'Nobody can reach them now. ')
              + 'Save to keep this.';
          }});
        return el('li', {'data-key': p.key, 'data-channel': p.channel},
          el('fieldset', {},
            el('legend', {text: nth(i + 1) + ' to try: ' + kindOf(p)}),
            el('div', {class: 'row'}, kind.box, address.box),
            el('div', {class: 'buttons'}, up, down, remove)));
      }));
      if (!points.length) {
        listBox.replaceChildren(el('li', {class: 'none', text: 'No channel: messages cannot reach this contact.'}));
      }
      if (focus) {
        const li = listBox.querySelector('li[data-key="' + focus.key + '"]');
        const target = li && (focus.what === 'channel' ? li.querySelector('select')
          : li.querySelector('button[data-move="' + focus.what + '"]:not([disabled])')
            || li.querySelector('button[data-move]:not([disabled])'));
        if (target) target.focus();
      }
    }
    const addButton = el('button', {type: 'button', class: 'secondary', id: 'contactAddChannel', text: 'Add a channel',
      onclick: () => {
        const used = new Set(points.map(p => p.channel));
        const p = {key: ++key, channel: ['SMS', 'EMAIL'].find(x => !used.has(x)) || 'SMS', address: ''};
        points.push(p);
        draw({key: p.key, what: 'channel'});
        say.textContent = kindOf(p) + ' added as ' + points.length + ' of ' + points.length
          + '. Choose the channel and enter the address.';
      }});

    const q = c.quietHours || {};
    const quietHint = el('p', {class: 'hint', id: 'contactQuietHint', text: 'When not to wake them, in the service\'s '
      + 'time zone; it may run past midnight (22:00 to 07:00). Leave both empty for none. CRITICAL alarms (a pendant, '
      + 'a fall, smoke) and the final step of an escalation still come through.'});
    const from = field('From', {id: 'contactQuietFrom', type: 'time', value: q.from ? q.from.slice(0, 5) : null},
      {field: 'quietHours.from'});
    const to = field('To', {id: 'contactQuietTo', type: 'time', value: q.to ? q.to.slice(0, 5) : null},
      {field: 'quietHours.to'});
    // field() sets its own aria-describedby (none here): tie both times to the hint.
    from.input.setAttribute('aria-describedby', 'contactQuietHint');
    to.input.setAttribute('aria-describedby', 'contactQuietHint');
    const clearQuiet = el('button', {type: 'button', class: 'secondary', id: 'contactQuietClear', text: 'No quiet hours',
      onclick: () => { from.input.value = ''; to.input.value = ''; say.textContent = 'Quiet hours cleared. Save to keep this.'; }});

    const save = el('button', {type: 'submit', class: 'primary', id: 'contactSave', text: 'Save contact'});
    const form = el('form', {novalidate: true, id: 'contactForm', 'aria-labelledby': 'contactHeading'}, alert, done, say,
      el('p', {class: 'muted', text: 'Contact id ' + c.id + '. One contact may be in several residents\' care circles: '
        + 'a change here applies to all of them.'}),
      name.box,
      el('h2', {id: 'contactChannelsHeading', text: 'Channels, in the order to try'}),
      el('p', {class: 'hint', text: 'Messages go by the first channel; the next ones are tried when it fails. Use Up '
        + 'and Down to change the order; nothing is kept until you save.'}),
      listBox, el('p', {}, addButton),
      el('fieldset', {class: 'quiet'},
        el('legend', {text: 'Quiet hours (optional)'}), quietHint,
        el('div', {class: 'row'}, from.box, to.box), el('p', {}, clearQuiet)),
      el('div', {class: 'buttons'}, save));
    /** The server's field in words: "channels[1].address: …" is the second channel's address. */
    const inWords = m => String(m).replace(/^channels\[(\d+)\]\.(channel|address): /, (_, i, f) => nth(+i + 1)
      + ' channel (' + (points[+i] ? kindOf(points[+i]) : '?') + '), ' + (f === 'address' ? 'address' : 'kind') + ': ')
      .replace(/^quietHours\.(from|to): /, (_, f) => 'Quiet hours, ' + f + ': ');
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      clearErrors(form, alert, done);
      const f = from.input.value, t = to.input.value;
      const body = {id: c.id, name: orNull(name.input.value),
        channels: points.map(p => ({channel: p.channel, address: orNull(p.address)})),
        quietHours: f || t ? {from: f || null, to: t || null} : null};
      save.disabled = true;
      try {
        const res = await api('/api/directory/contacts/' + enc(c.id), {method: 'PUT', body: JSON.stringify(body)});
        done.textContent = res.change === 'UNCHANGED' ? 'Nothing had changed.' : 'Contact saved.';
        if (body.name) $('contactHeading').textContent = body.name;
      } catch (e) {
        showError(form, alert, {...e, message: inWords(e.message)}, 'Could not save the contact');
      } finally {
        save.disabled = false;
      }
    });
    draw();
    return form;
  }

  // ---------- #hub/{id}: the hub, who it serves, its devices ----------
  async function showHub(id) {
    const box = $('hubDetail');
    box.replaceChildren(el('p', {text: 'Loading…'}));
    let h;
    try {
      h = await api('/api/directory/hubs/' + enc(id));
    } catch (e) {
      if (failed(e)) return;
      box.replaceChildren(el('p', {class: 'error', role: 'alert', text: e.status === 404 ? 'There is no hub ' + id + '.'
        : 'Cannot load the hub: ' + e.message}));
      return;
    }
    $('hubDetailHeading').textContent = 'Hub ' + h.id;
    const alert = el('p', {class: 'error', role: 'alert', id: 'deviceError'});
    const done = el('p', {class: 'done', role: 'status', id: 'deviceDone'});
    const devices = el('ul', {class: 'plain', id: 'hubDevices'});
    const drawDevices = list => devices.replaceChildren(...(list.length ? list.map(d => el('li', {'data-device': d.id},
      el('strong', {text: d.id}), ' ' + d.kind + (d.model ? ' — ' + d.model : ''))) : [el('li', {text: 'No devices yet.'})]));
    drawDevices(h.devices || []);
    const devId = field('Device id', {id: 'deviceId', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none'},
      {field: 'id', hint: 'As the hub names it, e.g. pendant-2.'});
    const kind = field('Kind', {id: 'deviceKind', autocomplete: 'off', list: 'deviceKinds'},
      {field: 'kind', hint: 'pendant, wearable, fall-detector, blood-pressure, pulse-oximeter, scale, activity…'});
    const model = field('Model (optional)', {id: 'deviceModel', autocomplete: 'off'}, {field: 'model'});
    const form = el('form', {novalidate: true, id: 'deviceForm'}, el('h2', {text: 'Register a device'}), alert, done,
      devId.box, kind.box,
      el('datalist', {id: 'deviceKinds'}, ...['pendant', 'wearable', 'fall-detector', 'blood-pressure', 'pulse-oximeter',
        'scale', 'thermometer', 'activity', 'smoke', 'co'].map(k => el('option', {value: k}))),
      model.box, el('p', {}, el('button', {type: 'submit', class: 'primary', text: 'Register device'})));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      clearErrors(form, alert, done);
      const body = {id: devId.input.value.trim(), kind: orNull(kind.input.value), model: orNull(model.input.value)};
      if (!body.id) return showError(form, alert, {message: 'id: is required', body: {field: 'id'}}, 'Could not register');
      try {
        const res = await api('/api/directory/hubs/' + enc(h.id) + '/devices/' + enc(body.id), {method: 'PUT',
          body: JSON.stringify(body)});
        done.textContent = 'Device ' + body.id + (res.change === 'CREATED' ? ' registered.' : ' updated.');
        form.reset();
        drawDevices(await api('/api/directory/hubs/' + enc(h.id) + '/devices'));
      } catch (e) { showError(form, alert, e, 'Could not register the device'); }
    });
    box.replaceChildren(summaryList([
      ['Resident now', h.resident ? el('a', {href: '#person/' + enc(h.resident), text: h.resident}) : 'Nobody'],
      ['Broker sign-in', h.password ? 'Password set' : h.certificateFingerprint ? 'Client certificate' : 'None'],
      ['History', (h.history || []).length ? el('ul', {class: 'plain'}, ...h.history.map(x => el('li', {},
        x.resident + ' from ' + C.day(x.from) + (x.to ? ' to ' + C.day(x.to) : ' (now)')))) : 'None']
    ]), el('h2', {text: 'Devices'}), devices, form);
  }

  // ---------- #users: accounts and roles ----------
  const users = {all: [], q: '', offset: 0, user: null};
  async function showUsers() {
    if (users.user !== C.user()) Object.assign(users, {all: [], q: '', offset: 0, user: C.user()});
    const box = $('users');
    const alert = el('p', {class: 'error', role: 'alert', id: 'usersError'});
    const done = el('p', {class: 'done', role: 'status', id: 'usersDone'});
    const count = el('p', {class: 'muted', role: 'status', id: 'usersCount'});
    const tbody = el('tbody', {id: 'usersList'});
    const pagerBox = el('div');
    const filter = el('input', {id: 'usersQ', type: 'search', autocomplete: 'off', spellcheck: 'false', value: users.q});
    const login = field('Login', {id: 'userLogin', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none'},
      {field: 'login', hint: 'Lower-case letters, digits, dots and dashes.'});
    const role = field('Role', {id: 'userRole', value: 'RESPONDER'}, {field: 'role', select: Object.entries(ACCOUNT_ROLES)});
    const password = field('Password', {id: 'userPassword', type: 'password', autocomplete: 'new-password'},
      {field: 'password', hint: 'At least 12 characters. When editing, leave it empty to keep the current one.'});
    const contact = field('Contact id (clinicians, family and neighbours)', {id: 'userContact', autocomplete: 'off',
      spellcheck: 'false'}, {field: 'contact', hint: 'Links the account to the contact the care circles name: it sees those residents only.'});
    const disabled = check('Disabled (cannot sign in)', false, {field: 'disabled'});
    let editing = null;
    const formHeading = el('h2', {id: 'userFormHeading', tabindex: '-1', text: 'Create an account'});
    const submit = el('button', {type: 'submit', class: 'primary', text: 'Create account'});
    const cancel = el('button', {type: 'button', class: 'secondary', text: 'Cancel editing', hidden: true});
    const form = el('form', {novalidate: true, id: 'userForm', 'aria-labelledby': 'userFormHeading'}, formHeading,
      alert, done, login.box, role.box, password.box, contact.box, disabled.box, el('div', {class: 'buttons'}, submit, cancel));
    function edit(a) {
      editing = a ? a.login : null;
      clearErrors(form, alert, done);
      login.input.value = a ? a.login : ''; login.input.readOnly = !!a;
      role.input.value = a ? a.role : 'RESPONDER';
      password.input.value = '';
      contact.input.value = a && a.contact ? a.contact : '';
      disabled.input.checked = !!(a && a.disabled);
      formHeading.textContent = a ? 'Edit ' + a.login : 'Create an account';
      submit.textContent = a ? 'Save account' : 'Create account';
      cancel.hidden = !a;
      if (a) formHeading.focus();
    }
    cancel.addEventListener('click', () => { const was = editing; edit(null);
      const b = tbody.querySelector('button[data-login="' + CSS.escape(was) + '"]'); if (b) b.focus(); });
    function draw() {
      const q = users.q.toLowerCase();
      const shown = users.all.filter(a => !q || a.login.toLowerCase().includes(q) || (a.contact || '').includes(q)
        || a.role.toLowerCase().includes(q));
      if (users.offset >= shown.length) users.offset = Math.max(0, Math.floor((shown.length - 1) / PAGE) * PAGE);
      const page = shown.slice(users.offset, users.offset + PAGE);
      tbody.replaceChildren(...page.map(a => el('tr', {'data-login': a.login},
        el('td', {'data-label': 'Login', text: a.login}),
        el('td', {'data-label': 'Role', text: ACCOUNT_ROLES[a.role] || a.role}),
        el('td', {'data-label': 'Contact', text: a.contact || '—'}),
        el('td', {'data-label': 'State', text: (a.disabled ? 'Disabled' : 'Active') + (a.secondFactor ? ', 2-step' : '')}),
        el('td', {'data-label': 'Action'}, el('button', {type: 'button', class: 'secondary', 'data-login': a.login,
          'aria-label': 'Edit ' + a.login, text: 'Edit', onclick: () => edit(a)})))));
      count.textContent = pageWords(users.offset, page.length, shown.length, 'accounts');
      pager(pagerBox, 'Pages of accounts', users.offset, shown.length, to => { users.offset = to; draw(); });
    }
    async function load() {
      try { users.all = await api('/api/directory/accounts'); draw(); } catch (e) { failed(e, alert); }
    }
    filter.addEventListener('input', () => { users.q = filter.value.trim(); users.offset = 0; draw(); });
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      clearErrors(form, alert, done);
      const body = {login: login.input.value.trim(), role: role.input.value, contact: orNull(contact.input.value),
        disabled: disabled.input.checked};
      if (password.input.value) body.password = password.input.value;
      if (!editing && !body.password) return showError(form, alert, {message: 'password: is required for a new account',
        body: {field: 'password'}}, 'Could not create the account');
      if (body.password && body.password.length < 12) return showError(form, alert, {message:
        'password: at least 12 characters', body: {field: 'password'}}, 'Could not save the account');
      try {
        const res = editing ? await api('/api/directory/accounts/' + enc(editing), {method: 'PUT', body: JSON.stringify(body)})
          : await api('/api/directory/accounts', {method: 'POST', body: JSON.stringify(body)});
        password.input.value = ''; // never kept in the page
        done.textContent = 'Account ' + body.login + (res.change === 'CREATED' ? ' created.' : res.change === 'UNCHANGED'
          ? ': nothing had changed.' : ' saved.');
        const was = editing;
        await load();
        if (was) { edit(null); done.textContent = 'Account ' + body.login + ' saved.'; }
        else { login.input.value = ''; contact.input.value = ''; disabled.input.checked = false; }
      } catch (e) {
        password.input.value = '';
        showError(form, alert, e, 'Could not save the account');
      }
    });
    box.replaceChildren(
      el('form', {role: 'search', 'aria-label': 'Accounts', class: 'search', onsubmit: ev => ev.preventDefault()},
        el('label', {for: 'usersQ', text: 'Filter by login, role or contact'}), filter),
      count,
      el('table', {class: 'health users'}, el('caption', {class: 'visually-hidden', text: 'Console accounts'}),
        el('thead', {}, el('tr', {}, ...['Login', 'Role', 'Contact', 'State', 'Action'].map(t => el('th', {scope: 'col', text: t})))),
        tbody), pagerBox, form);
    edit(null);
    await load();
  }

  // ---------- #policies: the escalation policies as YAML ----------
  async function showPolicies() {
    const box = $('policies');
    box.replaceChildren(el('p', {text: 'Loading…'}));
    let p;
    try {
      p = await api('/api/escalation/policies');
    } catch (e) {
      if (failed(e)) return;
      box.replaceChildren(el('p', {class: 'error', role: 'alert', text: e.status === 404
        ? 'This relay does not run escalation.' : 'Cannot load the policies: ' + e.message}));
      return;
    }
    const summary = summaryList(Object.entries(p.default.priorities).map(([prio, name]) => [prio, el('span', {},
      el('strong', {text: name}), ': ' + ((p.default.policies.find(x => x.name === name) || {}).summary || ''))]));
    const parts = [
      el('p', {class: 'hint', text: (p.builtIn ? 'This service uses the built-in policies until you save your own. '
        : '') + 'Time zone ' + p.zone + '. Advisories (LOW, INFO) may not notify FAMILY or NEIGHBOUR. '
        + 'Every change is audited.'}),
      el('h2', {text: 'Which chain runs for each priority'}), summary,
      policyEditor({id: 'policyDefault', heading: 'Default policies', label: 'Default policies (YAML)',
        hint: 'zone, policies (each with steps, repeat and final) and priorities. Steps: notify a role, contact:<id> '
          + 'or webhook:<url> via channels; wait 60s, 3m or 1h; only-between 09:00-17:00.',
        yaml: p.default.yaml, rows: 18, url: '/api/escalation/policies/default', after: showPolicies}),
      el('h2', {text: 'Residents with their own choices'}),
      p.residents.length ? el('div', {}, ...p.residents.map(r => policyEditor({id: 'policyResident-' + r.resident,
        heading: (r.name || r.resident) + ' (' + r.resident + ')', label: 'Choices for ' + (r.name || r.resident) + ' (YAML)',
        hint: 'One line per priority: PRIORITY: policy name. Empty removes the choices.', yaml: r.yaml, rows: 4,
        url: '/api/escalation/policies/residents/' + enc(r.resident), after: showPolicies, level: 'h3'})))
        : el('p', {text: 'None: every resident follows the default.'}),
      newOverride()
    ];
    box.replaceChildren(...parts);
  }

  function policyEditor(o) {
    const alert = el('p', {class: 'error', role: 'alert', id: o.id + 'Error'});
    const done = el('p', {class: 'done', role: 'status', id: o.id + 'Done'});
    const area = field(o.label, {id: o.id, rows: o.rows, spellcheck: 'false', autocapitalize: 'none', autocomplete: 'off',
      class: 'code', value: o.yaml}, {textarea: true, hint: o.hint, field: 'document'});
    const run = async dryRun => {
      clearErrors(form, alert, done);
      if (o.before) { const stop = o.before(); if (stop) return; }
      try {
        const res = await api((typeof o.url === 'function' ? o.url() : o.url) + (dryRun ? '?dryRun=true' : ''),
          {method: 'PUT', body: area.input.value});
        if (dryRun) { done.textContent = 'Valid: nothing is saved until you press Save.'; return; }
        done.textContent = res.change === 'UNCHANGED' ? 'Nothing had changed.' : 'Saved.';
        if (o.after) {
          // Redrawn from the server: the message moves to the new form, and focus to its text.
          const id = o.id, said = done.textContent;
          await o.after();
          if ($(id + 'Done')) $(id + 'Done').textContent = said;
          if ($(id)) $(id).focus();
        }
      } catch (e) {
        if (failed(e)) return;
        // Every field error lands on the textarea: the message names the field's path in the document.
        alert.textContent = (dryRun ? 'Not valid: ' : 'Not saved: ') + (e.body && e.body.field
          ? 'the field ' + e.body.field + ': ' + e.message.slice(e.body.field.length + 2) : e.message);
        area.input.setAttribute('aria-invalid', 'true');
        area.input.dataset.described = area.input.getAttribute('aria-describedby') || '';
        area.input.setAttribute('aria-describedby', [alert.id, area.input.dataset.described].filter(Boolean).join(' '));
        area.input.focus();
      }
    };
    const form = el('form', {novalidate: true, class: 'policy', id: o.id + 'Form', onsubmit: ev => { ev.preventDefault(); run(false); }},
      el(o.level || 'h2', {text: o.heading}), ...(o.extra || []), area.box, alert, done,
      el('div', {class: 'buttons'},
        el('button', {type: 'button', class: 'secondary', id: o.id + 'Validate', text: 'Validate', onclick: () => run(true)}),
        el('button', {type: 'submit', class: 'primary', id: o.id + 'Save', text: 'Save'})));
    return form;
  }

  function newOverride() {
    const resident = field('Resident id', {id: 'policyNewResident', autocomplete: 'off', spellcheck: 'false',
      autocapitalize: 'none'}, {field: 'id'});
    return policyEditor({id: 'policyNew', heading: 'Give a resident their own choices', label: 'Their choices (YAML)',
      hint: 'For example CRITICAL: emergency. The policy must be one of the default policies above.',
      yaml: '', rows: 3, level: 'h3', extra: [resident.box],
      before: () => {
        if (resident.input.value.trim()) return false;
        $('policyNewError').textContent = 'Not saved: enter the resident id.';
        resident.input.setAttribute('aria-invalid', 'true');
        resident.input.focus();
        return true;
      },
      url: () => '/api/escalation/policies/residents/' + enc(resident.input.value.trim()), after: showPolicies});
  }

  C.addView('people', admin, showPeople);
  C.addView('person', admin, id => showPerson(id));
  C.addView('hub', admin, id => showHub(id));
  C.addView('contact', admin, (id, resident) => showContact(id, resident));
  C.addView('users', admin, showUsers);
  C.addView('policies', admin, showPolicies);
})();
