import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { validate } from '@bpmn-io/element-templates-validator';
import { diff } from 'bpmn-js-differ';

import { fromXML, lint, readWorkflow } from './helpers.js';
import {
  countBySeverity,
  flattenLintIssues,
  mergeProblems,
  normalizeImportProblems,
  normalizeServerProblems
} from '../src/designer/problems.js';
import { markersFor, summarizeDiff } from '../src/designer/diff.js';
import { fileName, hasDiagram, processIdOf } from '../src/designer/diagram-utils.js';
import { multiInstanceOf, templateById, templates } from '../src/designer/templates/index.js';

const newSop = () => readFile(new URL('../src/designer/new-sop.bpmn', import.meta.url), 'utf8');

test('lint issues are flattened; an issue shown on a participant keeps its own element id', () => {
  const list = flattenLintIssues({
    Task_1: [{ id: 'Task_1', message: 'm1', category: 'error', rule: 'kinerja/user-task-role' }],
    Participant_1: [
      { id: 'Participant_1', actualElementId: 'Process_1', message: 'm2', category: 'warn', rule: 'x' },
      { id: 'Participant_1', message: 'off', category: 'off', rule: 'y' }
    ]
  });
  assert.deepEqual(
    list.map((p) => [p.elementId, p.severity, p.source]),
    [
      ['Task_1', 'error', 'lint'],
      ['Process_1', 'warn', 'lint']
    ]
  );
});

test('server problems keep element, line and column; merged list puts errors first and drops duplicates', () => {
  const server = normalizeServerProblems([
    { elementId: 'Task_2', line: 12, column: 7, message: 'No role' },
    { elementId: null, line: 1, column: 1, message: 'Bad file', severity: 'warning' }
  ]);
  assert.deepEqual(server[0], {
    source: 'server',
    elementId: 'Task_2',
    severity: 'error',
    rule: null,
    line: 12,
    column: 7,
    message: 'No role'
  });
  const lintList = [
    { source: 'lint', elementId: 'Task_1', severity: 'warn', rule: 'r', message: 'a' },
    { source: 'lint', elementId: 'Task_2', severity: 'error', rule: 'r', message: 'No role' }
  ];
  const merged = mergeProblems(lintList, server);
  assert.deepEqual(
    merged.map((p) => `${p.severity} ${p.elementId} ${p.message}`),
    ['error Task_2 No role', 'warn null Bad file', 'warn Task_1 a']
  );
  assert.deepEqual(countBySeverity(merged), { error: 1, warn: 2, info: 0 });
  assert.deepEqual(normalizeServerProblems(undefined), []);
});

test('a failed import becomes an error with line and column', () => {
  const error = new Error(
    'unparsable content </bpmn:process> detected\n\tline: 3\n\tcolumn: 40\n\tnested error: x'
  );
  const [first, second] = normalizeImportProblems(
    [{ message: 'unresolved reference <X>', element: { id: 'Flow_1' } }],
    error
  );
  assert.equal(first.severity, 'error');
  assert.equal(first.line, 3);
  assert.equal(first.column, 40);
  assert.equal(first.message, 'unparsable content </bpmn:process> detected');
  assert.deepEqual([second.elementId, second.severity], ['Flow_1', 'warn']);
});

test('hasDiagram tells a file without layout from one with it', async () => {
  const withDi = await fromXML(await readWorkflow('sop-pengumpulan-data-kinerja.bpmn'));
  assert.equal(hasDiagram(withDi.definitions), true);
  const noDi = await fromXML(
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x"><bpmn:process id="p"><bpmn:task id="t" /></bpmn:process></bpmn:definitions>'
  );
  assert.equal(hasDiagram(noDi.definitions), false);
  assert.equal(processIdOf(withDi.definitions), 'sop-pengumpulan-data-kinerja');
});

test('file names are safe', () => {
  assert.equal(
    fileName('sop-pengumpulan-data-kinerja', 'v3', 'bpmn'),
    'sop-pengumpulan-data-kinerja-v3.bpmn'
  );
  assert.equal(fileName('SOP Baru / Ä', null, 'svg'), 'sop-baru-a.svg');
  assert.equal(fileName('', null, 'bpmn'), 'sop.bpmn');
});

test('the diff of two versions names added, removed, changed and moved elements', async () => {
  const seed = await readWorkflow('sop-pengumpulan-data-kinerja.bpmn');
  const changed = seed
    .replace('kinerja:timeStandard="P5D"', 'kinerja:timeStandard="P3D"')
    .replace(
      '<dc:Bounds x="320" y="85" width="180" height="100" />',
      '<dc:Bounds x="330" y="85" width="180" height="100" />'
    )
    .replace(
      '<bpmn:endEvent id="EndEvent_Selesai"',
      '<bpmn:manualTask id="Task_Baru" name="Langkah baru" /><bpmn:endEvent id="EndEvent_Selesai"'
    );
  const a = await fromXML(seed);
  const b = await fromXML(changed);
  const summary = summarizeDiff(diff(a.definitions, b.definitions));
  const byId = Object.fromEntries(summary.map((s) => [s.id, s]));
  const reverse = summarizeDiff(diff(b.definitions, a.definitions));
  assert.deepEqual(
    reverse.filter((s) => s.kind === 'removed').map((s) => s.id),
    ['Task_Baru']
  );
  assert.equal(byId.Task_Baru.kind, 'added');
  assert.equal(byId.Task_Baru.name, 'Langkah baru');
  assert.equal(byId.Task_Kompilasi.kind, 'changed');
  assert.ok(
    byId.Task_Kompilasi.attrs.some((attr) => /timeStandard/.test(attr)),
    byId.Task_Kompilasi.attrs.join()
  );
  assert.equal(byId.Task_Disposisi.kind, 'layoutChanged');
  const { left, right } = markersFor(summary);
  assert.ok(markersFor(reverse).left.some(([id, m]) => id === 'Task_Baru' && m === 'kd-diff-removed'));
  assert.ok(!left.some(([id]) => id === 'Task_Baru'));
  assert.ok(right.some(([id, m]) => id === 'Task_Baru' && m === 'kd-diff-added'));
  assert.ok(right.some(([id, m]) => id === 'Task_Kompilasi' && m === 'kd-diff-changed'));
  assert.ok(right.some(([id, m]) => id === 'Task_Disposisi' && m === 'kd-diff-layout'));
});

test('the element templates are valid Camunda 7 templates', () => {
  assert.deepEqual(
    templates.map((t) => t.name),
    ['Langkah SOP', 'Pengumpulan per SKPD', 'Kirim email']
  );
  for (const template of templates) {
    const { valid, errors } = validate(template);
    assert.ok(valid, `${template.id}: ${JSON.stringify(errors)}`);
  }
});

test('the templates carry what the SOP building blocks need', () => {
  const binding = (template, name) =>
    template.properties.find((p) => p.binding.name === name && p.binding.type !== 'camunda:inputParameter');
  const langkah = templateById('kinerja.langkah-sop');
  assert.equal(langkah.elementType.value, 'bpmn:UserTask');
  assert.ok(binding(langkah, 'kinerja:timeStandard'));
  assert.ok(binding(langkah, 'camunda:candidateGroups'));

  const skpd = templateById('kinerja.pengumpulan-per-skpd');
  assert.equal(binding(skpd, 'camunda:candidateGroups').value, 'skpd:${kodeSkpd}');
  assert.deepEqual(multiInstanceOf(skpd), {
    collection: '${skpd}',
    elementVariable: 'kodeSkpd',
    isSequential: false
  });
  assert.equal(multiInstanceOf(langkah), null);

  const email = templateById('kinerja.kirim-email');
  assert.equal(email.elementType.value, 'bpmn:SendTask');
  assert.equal(binding(email, 'camunda:type').value, 'external');
  assert.equal(binding(email, 'camunda:topic').value, 'email');
});

test('the "SOP baru" template diagram asks for exactly the roles an admin must fill in', async () => {
  const reports = await lint(await newSop());
  assert.deepEqual(reports.map((r) => `${r.rule} ${r.id}`).sort(), [
    'kinerja/lane-role Lane_Pelaksana',
    'kinerja/user-task-role Task_Langkah1'
  ]);
});
