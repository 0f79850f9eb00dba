import { readFile } from 'node:fs/promises';
import { BpmnModdle } from 'bpmn-moddle';
import bpmnlint from 'bpmnlint';

import { moddleExtensions } from '../src/shared/moddle.js';
import { createLintConfig } from '../src/designer/lint/config.js';

export function createModdle() {
  return new BpmnModdle(moddleExtensions);
}

export async function fromXML(xml) {
  const moddle = createModdle();
  const { rootElement, warnings } = await moddle.fromXML(xml);
  return { moddle, definitions: rootElement, warnings };
}

export async function toXML(moddle, definitions) {
  const { xml } = await moddle.toXML(definitions, { format: true });
  return xml;
}

export async function readWorkflow(name) {
  return readFile(new URL(`../../../../workflows/${name}`, import.meta.url), 'utf8');
}

export async function readFixture(name) {
  return readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Lint an XML string; returns the reports as [{ rule, id, message, category }]. */
export async function lint(xml, options) {
  const { definitions } = await fromXML(xml);
  const linter = new bpmnlint.Linter(createLintConfig(options));
  const results = await linter.lint(definitions);
  return Object.entries(results).flatMap(([rule, reports]) => reports.map((r) => ({ rule, ...r })));
}

/** A process around the given flow elements (no diagram). */
export function processXML(body, { laneSet = '' } = {}) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0"
  id="Definitions_1" targetNamespace="https://kinerja-workflows.org/test">
  <bpmn:process id="Process_1" isExecutable="true">
    ${laneSet}
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}
