import { test } from 'node:test';
import assert from 'node:assert/strict';

import { parseConfig, normalizeCulture, createFormatter } from '../src/shared/config.js';
import { createHttp, describeFailure } from '../src/shared/http.js';
import { fillTemplate } from '../src/shared/url.js';
import { createTranslate, dictionaryFor, sentenceCase } from '../src/designer/i18n/translate.js';
import id from '../src/designer/i18n/id.js';
import en from '../src/designer/i18n/en.js';

test('the configuration is parsed and checked', () => {
  const config = parseConfig('{"draftUrl":"/d","culture":"en-GB"}', {
    required: ['draftUrl'],
    defaults: { processKey: null }
  });
  assert.deepEqual(config, { processKey: null, draftUrl: '/d', culture: 'en' });
  assert.throws(() => parseConfig('{"culture":"id"}', { required: ['draftUrl'] }), /lacks draftUrl/);
  assert.throws(() => parseConfig('not json'), /not JSON/);
  assert.throws(() => parseConfig('[]'), /object/);
  assert.equal(normalizeCulture(undefined), 'id');
  assert.equal(normalizeCulture('id-ID'), 'id');
});

test('URL templates are filled with encoded values', () => {
  assert.equal(
    fillTemplate('/due?start={start}&duration={duration}&basis={basis}', {
      start: '2026-01-05T08:00:00.000Z',
      duration: 'PT60M',
      basis: 'working'
    }),
    '/due?start=2026-01-05T08%3A00%3A00.000Z&duration=PT60M&basis=working'
  );
  assert.equal(fillTemplate('/v/{version}/xml', { version: 3 }), '/v/3/xml');
  assert.equal(fillTemplate('/v/{other}', {}), '/v/{other}');
});

test('every non-GET request carries the anti-forgery header, GET does not', async () => {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init });
    return new Response(JSON.stringify({ ok: 1 }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' }
    });
  };
  const http = createHttp({ antiforgery: { header: 'RequestVerificationToken', token: 'abc' }, fetchImpl });
  assert.deepEqual((await http.get('/a')).data, { ok: 1 });
  await http.put('/b', { xml: '<x/>' });
  await http.post('/c', { xml: '<y/>' });
  assert.equal(calls[0].init.headers.RequestVerificationToken, undefined);
  assert.equal(calls[1].init.method, 'PUT');
  assert.equal(calls[1].init.headers.RequestVerificationToken, 'abc');
  assert.equal(calls[1].init.body, '{"xml":"<x/>"}');
  assert.equal(calls[2].init.headers.RequestVerificationToken, 'abc');
  assert.equal(calls[2].init.headers['Content-Type'], 'application/json');
});

test('a 422 problem answer is read as JSON; failures are described', async () => {
  const fetchImpl = async () =>
    new Response(JSON.stringify({ title: 'Invalid', problems: [{ elementId: 'T', message: 'm' }] }), {
      status: 422,
      headers: { 'Content-Type': 'application/problem+json' }
    });
  const response = await createHttp({ fetchImpl }).post('/p', {});
  assert.equal(response.ok, false);
  assert.equal(response.data.problems[0].elementId, 'T');
  assert.equal(describeFailure(response), 'Invalid');
  assert.equal(describeFailure({ status: 500, data: 'boom' }), 'The server answered 500.');
});

test('translate: Indonesian by default, English on request, replacements filled', () => {
  const tid = createTranslate(dictionaryFor('id'));
  const ten = createTranslate(dictionaryFor('en'));
  assert.equal(tid('Save draft'), 'Simpan draf');
  assert.equal(tid('Create task'), 'Buat tugas');
  assert.equal(
    tid('Published {key} version {version}', { key: 'sop-x', version: 4 }),
    'sop-x versi 4 telah diterbitkan'
  );
  assert.equal(ten('Save draft'), 'Save draft');
  assert.equal(tid('Some text nobody translated'), 'Some text nobody translated');
  assert.equal(dictionaryFor('xx'), dictionaryFor('id'));
});

// What the properties panel's header shows for each kind of element an SOP may hold.
const panelHeaders = [
  'Process',
  'Collaboration',
  'Participant',
  'Lane',
  'Text Annotation',
  'Group',
  'User Task',
  'Service Task',
  'Send Task',
  'Receive Task',
  'Manual Task',
  'Script Task',
  'Business Rule Task',
  'Task',
  'Call Activity',
  'Expanded Sub Process',
  'Collapsed Sub Process',
  'Event Sub Process',
  'Transaction',
  'Start Event',
  'Timer Start Event',
  'Message Start Event',
  'Conditional Start Event',
  'Signal Start Event',
  'End Event',
  'Message End Event',
  'Terminate End Event',
  'Error End Event',
  'Escalation End Event',
  'Signal End Event',
  'Intermediate Throw Event',
  'Timer Intermediate Catch Event',
  'Message Intermediate Catch Event',
  'Message Intermediate Throw Event',
  'Signal Intermediate Catch Event',
  'Signal Intermediate Throw Event',
  'Conditional Intermediate Catch Event',
  'Escalation Intermediate Throw Event',
  'Timer Boundary Event',
  'Message Boundary Event',
  'Error Boundary Event',
  'Escalation Boundary Event',
  'Conditional Boundary Event',
  'Signal Boundary Event',
  'Timer Boundary Event (Non Interrupting)',
  'Message Boundary Event (Non Interrupting)',
  'Timer Start Event (Non Interrupting)',
  'Exclusive Gateway',
  'Parallel Gateway',
  'Inclusive Gateway',
  'Event Based Gateway',
  'Complex Gateway',
  'Sequence Flow',
  'Default Flow',
  'Conditional Flow',
  'Message Flow',
  'Association',
  'Data Object Reference',
  'Data Store Reference'
];

test('the properties panel names every kind of element in Indonesian', () => {
  const tid = createTranslate(dictionaryFor('id'));
  assert.equal(
    sentenceCase('Timer Boundary Event (Non Interrupting)'),
    'Timer boundary event (non-interrupting)'
  );
  assert.equal(tid('User Task'), 'Tugas pengguna');
  assert.equal(tid('Timer Boundary Event (Non Interrupting)'), 'Peristiwa batas pewaktu (tidak menyela)');
  const untranslated = panelHeaders.filter((label) => tid(label) === label);
  assert.deepEqual(untranslated, []);
});

test('every text of our UI has an Indonesian translation', () => {
  const missing = Object.keys(en).filter((key) => !(key in id));
  assert.deepEqual(missing, []);
  // ${…} is a literal expression example, not a placeholder
  const placeholders = (s) => (s.match(/(?<!\$)\{[^}]+\}/g) || []).sort();
  for (const key of Object.keys(en)) {
    assert.deepEqual(placeholders(id[key]), placeholders(key), `placeholders of "${key}"`);
  }
});

test('dates are formatted for the culture', () => {
  const f = createFormatter('id');
  assert.match(f.dateTime('2026-01-05T01:00:00Z'), /2026/);
  assert.equal(f.short('not a date'), 'not a date');
});
