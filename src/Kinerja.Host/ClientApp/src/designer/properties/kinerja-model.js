// Pure logic behind the "Kinerja" properties: reading our attributes from
// moddle elements and planning the changes that write them.
//
// Nothing here touches the DOM or bpmn-js services. A change is planned as a
// list of updates `{ moddleElement, properties }`: in the browser each one is
// run as an `element.updateModdleProperties` command (one undoable step for the
// whole list); in the unit tests `applyUpdates` sets them directly. `factory`
// is anything with `create(type, attrs)`: bpmn-js's bpmnFactory or a moddle.

export const TIME_BASES = ['working', 'calendar'];

export const REMINDER_ATTRS = [
  'reminderAtPercent',
  'dueNotice',
  'escalate',
  'escalateTo',
  'escalationRepeat'
];

export const HEADER_ATTRS = [
  'number',
  'title',
  'unit',
  'createdOn',
  'revisedOn',
  'effectiveOn',
  'approvedBy'
];

export const HEADER_DATE_ATTRS = ['createdOn', 'revisedOn', 'effectiveOn'];

// The SOP header's lists: moddle property → element type.
export const HEADER_LISTS = [
  { prop: 'legalBases', type: 'kinerja:LegalBasis' },
  { prop: 'relatedSops', type: 'kinerja:RelatedSop' },
  { prop: 'qualifications', type: 'kinerja:Qualification' },
  { prop: 'equipment', type: 'kinerja:Equipment' },
  { prop: 'warnings', type: 'kinerja:Warning' },
  { prop: 'records', type: 'kinerja:Record' }
];

export const DOCUMENT_LISTS = [
  { kind: 'requiredInput', type: 'kinerja:RequiredInput' },
  { kind: 'outputDocument', type: 'kinerja:OutputDocument' }
];

// ---------------------------------------------------------------- types ---

export function is(element, type) {
  const bo = element && (element.businessObject || element);
  return !!(bo && typeof bo.$instanceOf === 'function' && bo.$instanceOf(type));
}

export function getBusinessObject(element) {
  return (element && element.businessObject) || element;
}

/**
 * An attribute by its qualified name, whether the moddle knows the namespace
 * (typed property) or not (kept in $attrs).
 */
export function getAttr(bo, name) {
  if (!bo) {
    return undefined;
  }
  let value;
  try {
    value = bo.get(name);
  } catch {
    value = undefined;
  }
  if (value === undefined && bo.$attrs) {
    value = bo.$attrs[name];
  }
  return value;
}

function blank(value) {
  return value === undefined || value === null || String(value).trim() === '';
}

function clean(value) {
  return blank(value) ? undefined : value;
}

// ------------------------------------------------------------ durations ---

// ISO 8601 durations as the engine reads them: PnYnMnWnDTnHnMnS, at least one
// component, and a T only when a time component follows.
const ISO_DURATION =
  /^P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/;

export function isIsoDuration(value) {
  return typeof value === 'string' && ISO_DURATION.test(value.trim());
}

/**
 * @return {string|null} an error message (a translation key) or null
 */
export function validateIsoDuration(value) {
  if (blank(value)) {
    return null;
  }
  return isIsoDuration(value) ? null : 'Must be an ISO 8601 duration, e.g. PT5M, PT60M, P1D, P5D.';
}

/** A rough human reading of an ISO duration, for hints: P1DT2H → { days: 1, hours: 2 }. */
export function parseIsoDuration(value) {
  if (!isIsoDuration(value)) {
    return null;
  }
  const m = ISO_DURATION.exec(value.trim());
  const num = (s) => (s ? parseFloat(s.slice(0, -1).replace(',', '.')) : 0);
  return {
    years: num(m[1]),
    months: num(m[2]),
    weeks: num(m[3]),
    days: num(m[4]),
    hours: num(m[6]),
    minutes: num(m[7]),
    seconds: num(m[8])
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validateIsoDate(value) {
  if (blank(value)) {
    return null;
  }
  if (!DATE.test(value) || Number.isNaN(Date.parse(value + 'T00:00:00Z'))) {
    return 'Must be a date as yyyy-MM-dd.';
  }
  return null;
}

export function validatePercent(value) {
  if (blank(value)) {
    return null;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    return 'Must be a whole number from 1 to 100.';
  }
  return null;
}

// ---------------------------------------------------- extension elements ---

export function getExtensions(bo, type) {
  const ext = bo && bo.get('extensionElements');
  const values = (ext && ext.get('values')) || [];
  return type ? values.filter((v) => is(v, type)) : values;
}

export function getExtension(bo, type) {
  return getExtensions(bo, type)[0];
}

function create(factory, type, attrs, parent) {
  const element = factory.create(type, attrs || {});
  if (parent) {
    element.$parent = parent;
  }
  return element;
}

/**
 * @return {{ extensionElements, updates }} the existing or a new
 *   bpmn:ExtensionElements and the updates that attach a new one
 */
export function planEnsureExtensionElements(bo, factory) {
  let extensionElements = bo.get('extensionElements');
  if (extensionElements) {
    return { extensionElements, updates: [] };
  }
  extensionElements = create(factory, 'bpmn:ExtensionElements', { values: [] }, bo);
  return {
    extensionElements,
    updates: [{ moddleElement: bo, properties: { extensionElements } }]
  };
}

function planAddExtension(bo, type, attrs, factory) {
  const { extensionElements, updates } = planEnsureExtensionElements(bo, factory);
  const item = create(factory, type, attrs, extensionElements);
  updates.push({
    moddleElement: extensionElements,
    properties: { values: [...extensionElements.get('values'), item] }
  });
  return { item, updates };
}

function planRemoveExtension(bo, item) {
  const extensionElements = bo.get('extensionElements');
  if (!extensionElements) {
    return [];
  }
  const values = extensionElements.get('values').filter((v) => v !== item);
  const updates = [{ moddleElement: extensionElements, properties: { values } }];
  if (values.length === 0) {
    updates.push({ moddleElement: bo, properties: { extensionElements: undefined } });
  }
  return updates;
}

// ---------------------------------------------------------- attributes ---

/** Set (or with '' / undefined remove) one attribute. */
export function planSetAttr(moddleElement, name, value) {
  return [{ moddleElement, properties: { [name]: clean(value) } }];
}

// ---------------------------------------------------------- user tasks ---

export function getTimeStandard(bo) {
  return getAttr(bo, 'kinerja:timeStandard');
}

export function getTimeBasis(bo) {
  return getAttr(bo, 'kinerja:timeBasis') || 'working';
}

export function planSetTimeStandard(bo, value) {
  return planSetAttr(bo, 'kinerja:timeStandard', clean(value) && String(value).trim());
}

/** 'working' is the default and is written by leaving the attribute out. */
export function planSetTimeBasis(bo, value) {
  return planSetAttr(bo, 'kinerja:timeBasis', value === 'calendar' ? 'calendar' : undefined);
}

export function parseGroups(value) {
  return String(value || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function formatGroups(groups) {
  return groups
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
}

// ---------------------------------------------------- reminder policy ---

export function getReminderPolicy(bo) {
  return getExtension(bo, 'kinerja:ReminderPolicy');
}

/** The policy's attributes, undefined where the host default applies. */
export function readReminderPolicy(bo) {
  const policy = getReminderPolicy(bo);
  const result = {};
  for (const attr of REMINDER_ATTRS) {
    result[attr] = policy ? policy.get(attr) : undefined;
  }
  return result;
}

function coerceReminder(attr, value) {
  if (blank(value)) {
    return undefined;
  }
  if (attr === 'reminderAtPercent') {
    const n = Number(value);
    return Number.isInteger(n) ? n : undefined;
  }
  if (attr === 'dueNotice' || attr === 'escalate') {
    if (value === true || value === 'true') {
      return true;
    }
    if (value === false || value === 'false') {
      return false;
    }
    return undefined;
  }
  return String(value).trim();
}

/**
 * Set one attribute of kinerja:reminderPolicy, creating the element when
 * needed and removing it when no attribute is left (host defaults apply).
 */
export function planSetReminder(bo, attr, value, factory) {
  if (!REMINDER_ATTRS.includes(attr)) {
    throw new Error(`unknown reminder attribute <${attr}>`);
  }
  const coerced = coerceReminder(attr, value);
  const policy = getReminderPolicy(bo);
  if (!policy) {
    if (coerced === undefined) {
      return [];
    }
    return planAddExtension(bo, 'kinerja:ReminderPolicy', { [attr]: coerced }, factory).updates;
  }
  const others = REMINDER_ATTRS.filter((a) => a !== attr && policy.get(a) !== undefined);
  if (coerced === undefined && others.length === 0) {
    return planRemoveExtension(bo, policy);
  }
  return [{ moddleElement: policy, properties: { [attr]: coerced } }];
}

// ----------------------------------- required inputs, output documents ---

function documentType(kind) {
  const list = DOCUMENT_LISTS.find((l) => l.kind === kind);
  if (!list) {
    throw new Error(`unknown document list <${kind}>`);
  }
  return list.type;
}

export function getDocuments(bo, kind) {
  return getExtensions(bo, documentType(kind));
}

export function planAddDocument(bo, kind, factory, attrs = {}) {
  return planAddExtension(bo, documentType(kind), attrs, factory);
}

export function planRemoveDocument(bo, item) {
  return planRemoveExtension(bo, item);
}

export function planSetDocumentAttr(item, attr, value) {
  return planSetAttr(item, attr, value);
}

// ---------------------------------------------------------- SOP header ---

/** The process an element stands for: itself, or a participant's processRef. */
export function getProcess(element) {
  const bo = getBusinessObject(element);
  if (is(bo, 'bpmn:Process')) {
    return bo;
  }
  if (is(bo, 'bpmn:Participant')) {
    return bo.get('processRef') || null;
  }
  return null;
}

export function getSopHeader(processBo) {
  return processBo ? getExtension(processBo, 'kinerja:SopHeader') : undefined;
}

/** The header as a plain object: attributes and lists of texts. */
export function readSopHeader(processBo) {
  const header = getSopHeader(processBo);
  const result = {};
  for (const attr of HEADER_ATTRS) {
    result[attr] = header ? header.get(attr) : undefined;
  }
  for (const { prop } of HEADER_LISTS) {
    result[prop] = header ? header.get(prop).map((item) => item.get('text') || '') : [];
  }
  return result;
}

function listType(prop) {
  const list = HEADER_LISTS.find((l) => l.prop === prop);
  if (!list) {
    throw new Error(`unknown SOP header list <${prop}>`);
  }
  return list.type;
}

function planEnsureSopHeader(processBo, factory) {
  const header = getSopHeader(processBo);
  if (header) {
    return { header, updates: [] };
  }
  const { item, updates } = planAddExtension(processBo, 'kinerja:SopHeader', {}, factory);
  return { header: item, updates };
}

export function planSetHeaderAttr(processBo, attr, value, factory) {
  if (!HEADER_ATTRS.includes(attr)) {
    throw new Error(`unknown SOP header attribute <${attr}>`);
  }
  if (blank(value) && !getSopHeader(processBo)) {
    return [];
  }
  const { header, updates } = planEnsureSopHeader(processBo, factory);
  return [...updates, ...planSetAttr(header, attr, value)];
}

export function planAddHeaderItem(processBo, prop, factory, text = '') {
  const type = listType(prop);
  const { header, updates } = planEnsureSopHeader(processBo, factory);
  const item = create(factory, type, text ? { text } : {}, header);
  updates.push({ moddleElement: header, properties: { [prop]: [...header.get(prop), item] } });
  return { item, updates };
}

export function planSetHeaderItemText(item, text) {
  return [{ moddleElement: item, properties: { text: blank(text) ? undefined : text } }];
}

export function planRemoveHeaderItem(processBo, prop, item) {
  listType(prop);
  const header = getSopHeader(processBo);
  if (!header) {
    return [];
  }
  return [{ moddleElement: header, properties: { [prop]: header.get(prop).filter((i) => i !== item) } }];
}

// ---------------------------------------------------------------- lanes ---

export function getLaneRole(laneBo) {
  return getAttr(laneBo, 'kinerja:candidateGroups');
}

export function planSetLaneRole(laneBo, value) {
  return planSetAttr(laneBo, 'kinerja:candidateGroups', clean(value) && formatGroups(parseGroups(value)));
}

// ------------------------------------------------------------ applying ---

/** Apply planned updates directly (tests, and anything outside bpmn-js). */
export function applyUpdates(updates) {
  for (const { moddleElement, properties } of updates) {
    for (const [key, value] of Object.entries(properties)) {
      moddleElement.set(key, value);
    }
  }
}

/** Turn planned updates into commands for properties-panel.multi-command-executor. */
export function toCommands(element, updates) {
  return updates.map(({ moddleElement, properties }) => ({
    cmd: 'element.updateModdleProperties',
    context: { element, moddleElement, properties }
  }));
}
