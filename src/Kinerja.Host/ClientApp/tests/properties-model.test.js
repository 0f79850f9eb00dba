import { test } from 'node:test';
import assert from 'node:assert/strict';

import { fromXML, toXML, processXML, readWorkflow } from './helpers.js';
import * as model from '../src/designer/properties/kinerja-model.js';

async function load(body, options) {
  const { moddle, definitions } = await fromXML(processXML(body, options));
  const process = definitions.rootElements.find((e) => e.$type === 'bpmn:Process');
  const byId = (id) => process.flowElements.find((e) => e.id === id);
  return { moddle, definitions, process, byId };
}

async function roundTrip(moddle, definitions) {
  const xml = await toXML(moddle, definitions);
  return { xml, ...(await fromXML(xml)) };
}

test('set the time standard → the XML has kinerja:timeStandard', async () => {
  const { moddle, definitions, byId } = await load('<bpmn:userTask id="Task_1" />');
  const task = byId('Task_1');
  model.applyUpdates(model.planSetTimeStandard(task, ' P5D '));
  const { xml } = await roundTrip(moddle, definitions);
  assert.match(xml, /<bpmn:userTask id="Task_1" kinerja:timeStandard="P5D"/);
  assert.equal(model.getTimeStandard(task), 'P5D');
});

test('clearing the time standard removes the attribute', async () => {
  const { moddle, definitions, byId } = await load(
    '<bpmn:userTask id="Task_1" kinerja:timeStandard="P1D" />'
  );
  model.applyUpdates(model.planSetTimeStandard(byId('Task_1'), ''));
  const { xml } = await roundTrip(moddle, definitions);
  assert.doesNotMatch(xml, /timeStandard/);
});

test('time basis: calendar is written, working (the default) is left out', async () => {
  const { moddle, definitions, byId } = await load('<bpmn:userTask id="Task_1" />');
  const task = byId('Task_1');
  assert.equal(model.getTimeBasis(task), 'working');
  model.applyUpdates(model.planSetTimeBasis(task, 'calendar'));
  assert.match(await toXML(moddle, definitions), /kinerja:timeBasis="calendar"/);
  assert.equal(model.getTimeBasis(task), 'calendar');
  model.applyUpdates(model.planSetTimeBasis(task, 'working'));
  assert.doesNotMatch(await toXML(moddle, definitions), /timeBasis/);
});

test('ISO 8601 durations are validated', () => {
  for (const ok of ['PT5M', 'PT60M', 'P5D', 'P1D', 'P1W', 'P1Y2M3DT4H5M6S', 'PT0.5H']) {
    assert.equal(model.validateIsoDuration(ok), null, ok);
  }
  for (const bad of ['P', 'PT', 'P1DT', '5D', 'P5', 'PT5', '1 hari', 'P-1D']) {
    assert.notEqual(model.validateIsoDuration(bad), null, bad);
  }
  assert.equal(model.validateIsoDuration(''), null);
  assert.deepEqual(model.parseIsoDuration('P1DT2H').days, 1);
});

test('add a required input → a kinerja:requiredInput element; remove it again', async () => {
  const { moddle, definitions, byId } = await load('<bpmn:userTask id="Task_1" />');
  const task = byId('Task_1');
  const { item, updates } = model.planAddDocument(task, 'requiredInput', moddle, { name: 'Disposisi' });
  model.applyUpdates(updates);
  model.applyUpdates(model.planSetDocumentAttr(item, 'description', 'Disposisi Kabag'));
  const firstTrip = await roundTrip(moddle, definitions);
  let xml = firstTrip.xml;
  const reread = firstTrip.definitions;
  assert.match(xml, /<kinerja:requiredInput name="Disposisi" description="Disposisi Kabag" \/>/);
  const rereadTask = reread.rootElements[0].flowElements[0];
  assert.deepEqual(
    model.getDocuments(rereadTask, 'requiredInput').map((d) => d.name),
    ['Disposisi']
  );

  model.applyUpdates(model.planRemoveDocument(task, item));
  ({ xml } = await roundTrip(moddle, definitions));
  assert.doesNotMatch(xml, /requiredInput/);
  assert.doesNotMatch(xml, /extensionElements/);
});

test('output documents sit beside other extension elements', async () => {
  const { moddle, definitions, byId } = await load(`<bpmn:userTask id="Task_1">
      <bpmn:extensionElements>
        <camunda:formData><camunda:formField id="catatan" label="Catatan" type="string" /></camunda:formData>
      </bpmn:extensionElements>
    </bpmn:userTask>`);
  const task = byId('Task_1');
  model.applyUpdates(
    model.planAddDocument(task, 'outputDocument', moddle, { name: 'Dokumen LKjIP' }).updates
  );
  model.applyUpdates(model.planAddDocument(task, 'outputDocument', moddle, { name: 'Arsip' }).updates);
  const { xml } = await roundTrip(moddle, definitions);
  assert.match(xml, /<camunda:formField id="catatan"/);
  assert.match(
    xml,
    /<kinerja:outputDocument name="Dokumen LKjIP" \/>\s*<kinerja:outputDocument name="Arsip" \/>/
  );
});

test('reminder policy: attributes typed, element created on first and removed after last', async () => {
  const { moddle, definitions, byId } = await load('<bpmn:userTask id="Task_1" />');
  const task = byId('Task_1');
  assert.deepEqual(model.planSetReminder(task, 'escalateTo', '', moddle), []);

  model.applyUpdates(model.planSetReminder(task, 'reminderAtPercent', '75', moddle));
  model.applyUpdates(model.planSetReminder(task, 'dueNotice', 'false', moddle));
  model.applyUpdates(model.planSetReminder(task, 'escalate', true, moddle));
  model.applyUpdates(model.planSetReminder(task, 'escalateTo', 'kabag-organisasi', moddle));
  model.applyUpdates(model.planSetReminder(task, 'escalationRepeat', 'P1D', moddle));
  const firstTrip = await roundTrip(moddle, definitions);
  let xml = firstTrip.xml;
  const reread = firstTrip.definitions;
  assert.match(
    xml,
    /<kinerja:reminderPolicy reminderAtPercent="75" dueNotice="false" escalate="true" escalateTo="kabag-organisasi" escalationRepeat="P1D" \/>/
  );
  assert.deepEqual(model.readReminderPolicy(reread.rootElements[0].flowElements[0]), {
    reminderAtPercent: 75,
    dueNotice: false,
    escalate: true,
    escalateTo: 'kabag-organisasi',
    escalationRepeat: 'P1D'
  });

  for (const attr of model.REMINDER_ATTRS) {
    model.applyUpdates(model.planSetReminder(task, attr, '', moddle));
  }
  ({ xml } = await roundTrip(moddle, definitions));
  assert.doesNotMatch(xml, /reminderPolicy/);
  assert.throws(() => model.planSetReminder(task, 'bogus', 'x', moddle));
});

test('SOP header: attributes and lists are written and read back', async () => {
  const { moddle, definitions, process } = await load('<bpmn:startEvent id="Start_1" />');
  assert.deepEqual(model.planSetHeaderAttr(process, 'number', '', moddle), []);
  model.applyUpdates(model.planSetHeaderAttr(process, 'number', '061/2696/Org/2021', moddle));
  model.applyUpdates(model.planSetHeaderAttr(process, 'effectiveOn', '2021-01-05', moddle));
  for (const text of ['Perpres 29/2014', 'Permenpan RB 53/2014']) {
    model.applyUpdates(model.planAddHeaderItem(process, 'legalBases', moddle, text).updates);
  }
  const { item, updates } = model.planAddHeaderItem(process, 'equipment', moddle);
  model.applyUpdates(updates);
  model.applyUpdates(model.planSetHeaderItemText(item, 'Komputer'));
  model.applyUpdates(model.planAddHeaderItem(process, 'warnings', moddle, 'Jangan terlambat').updates);

  const { xml, definitions: reread } = await roundTrip(moddle, definitions);
  assert.match(xml, /<kinerja:sopHeader number="061\/2696\/Org\/2021" effectiveOn="2021-01-05">/);
  assert.match(xml, /<kinerja:legalBasis>Perpres 29\/2014<\/kinerja:legalBasis>/);
  assert.match(xml, /<kinerja:equipment>Komputer<\/kinerja:equipment>/);
  const header = model.readSopHeader(reread.rootElements[0]);
  assert.equal(header.number, '061/2696/Org/2021');
  assert.deepEqual(header.legalBases, ['Perpres 29/2014', 'Permenpan RB 53/2014']);
  assert.deepEqual(header.equipment, ['Komputer']);
  assert.deepEqual(header.warnings, ['Jangan terlambat']);
  assert.deepEqual(header.records, []);

  const first = model.getSopHeader(process).get('legalBases')[0];
  model.applyUpdates(model.planRemoveHeaderItem(process, 'legalBases', first));
  assert.deepEqual(model.readSopHeader(process).legalBases, ['Permenpan RB 53/2014']);
});

test('the seed SOP header round-trips unchanged through read and re-write', async () => {
  const { moddle, definitions } = await fromXML(await readWorkflow('sop-pengumpulan-data-kinerja.bpmn'));
  const process = definitions.rootElements.find((e) => e.$type === 'bpmn:Process');
  const before = model.readSopHeader(process);
  assert.equal(before.number, '061/2696/Org/2021');
  assert.equal(before.legalBases.length, 3);
  assert.equal(before.relatedSops.length, 4);
  assert.equal(before.qualifications.length, 4);
  assert.equal(before.equipment.length, 3);
  assert.equal(before.warnings.length, 1);
  assert.equal(before.records.length, 2);

  const { definitions: reread } = await roundTrip(moddle, definitions);
  const after = model.readSopHeader(reread.rootElements.find((e) => e.$type === 'bpmn:Process'));
  assert.deepEqual(after, before);
});

test('the process behind a participant carries the header', async () => {
  const { definitions } = await fromXML(await readWorkflow('sop-pengumpulan-data-kinerja.bpmn'));
  const collaboration = definitions.rootElements.find((e) => e.$type === 'bpmn:Collaboration');
  const participant = collaboration.participants[0];
  assert.equal(model.getProcess(participant).id, 'sop-pengumpulan-data-kinerja');
  assert.equal(model.getProcess({ businessObject: participant }).id, 'sop-pengumpulan-data-kinerja');
  assert.equal(model.getProcess(collaboration), null);
});

test('lane role: written as kinerja:candidateGroups, normalised', async () => {
  const laneSet = '<bpmn:laneSet id="LaneSet_1"><bpmn:lane id="Lane_1" name="Kabag" /></bpmn:laneSet>';
  const { moddle, definitions, process } = await load('', { laneSet });
  const lane = process.laneSets[0].lanes[0];
  model.applyUpdates(model.planSetLaneRole(lane, ' kabag-organisasi , sekda '));
  assert.equal(model.getLaneRole(lane), 'kabag-organisasi,sekda');
  assert.match(
    await toXML(moddle, definitions),
    /<bpmn:lane id="Lane_1" name="Kabag" kinerja:candidateGroups="kabag-organisasi,sekda" \/>/
  );
  model.applyUpdates(model.planSetLaneRole(lane, ''));
  assert.equal(model.getLaneRole(lane), undefined);
});

test('dates and percentages are validated', () => {
  assert.equal(model.validateIsoDate('2021-01-05'), null);
  assert.equal(model.validateIsoDate(''), null);
  assert.notEqual(model.validateIsoDate('05-01-2021'), null);
  assert.notEqual(model.validateIsoDate('2021-13-45'), null);
  assert.equal(model.validatePercent('80'), null);
  assert.notEqual(model.validatePercent('0'), null);
  assert.notEqual(model.validatePercent('101'), null);
  assert.notEqual(model.validatePercent('8.5'), null);
});

test('commands for the multi-command executor', () => {
  const element = { id: 'Task_1' };
  const moddleElement = {};
  assert.deepEqual(model.toCommands(element, [{ moddleElement, properties: { a: 1 } }]), [
    { cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties: { a: 1 } } }
  ]);
});
