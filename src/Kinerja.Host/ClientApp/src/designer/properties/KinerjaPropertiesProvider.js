// The "Kinerja" groups of the properties panel: role, time standard with a
// deadline preview, reminder policy, required inputs and output documents on
// user tasks; the role of a lane; the SOP header on the process. The logic is
// in ./kinerja-model.js; this file only binds it to panel entries.
import { h } from '@bpmn-io/properties-panel/preact';
import { useEffect, useMemo, useState } from '@bpmn-io/properties-panel/preact/hooks';
import {
  Group,
  ListGroup,
  SelectEntry,
  TextAreaEntry,
  TextFieldEntry,
  isSelectEntryEdited,
  isTextAreaEntryEdited,
  isTextFieldEntryEdited
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';

import * as model from './kinerja-model.js';
import { fillTemplate } from '../../shared/url.js';

const LOW_PRIORITY = 400;

// ------------------------------------------------------------- helpers ---

function useUpdate(element) {
  const commandStack = useService('commandStack');
  return (updates) => {
    if (updates.length) {
      commandStack.execute('properties-panel.multi-command-executor', model.toCommands(element, updates));
    }
  };
}

function translated(translate, message) {
  return message ? translate(message) : null;
}

/**
 * A validate function that keeps its identity across renders: the panel
 * re-validates the stored value whenever `validate` changes, which would
 * wipe the error shown for a rejected input.
 */
function useValidate(validate) {
  const translate = useService('translate');
  return useMemo(
    () => validate && ((value) => translated(translate, validate(value))),
    [validate, translate]
  );
}

function AttrTextField(props) {
  const { element, id, label, attr, target, validate, description } = props;
  const translate = useService('translate');
  const debounce = useService('debounceInput');
  const update = useUpdate(element);
  const check = useValidate(validate);
  const bo = target || model.getBusinessObject(element);
  return TextFieldEntry({
    element,
    id,
    label: translate(label),
    description: description && translate(description),
    debounce,
    getValue: () => model.getAttr(bo, attr) || '',
    setValue: (value, error) => !error && update(model.planSetAttr(bo, attr, value)),
    validate: check
  });
}

/** A select of the organisation's roles, bound to a candidate-groups attribute. */
function RoleSelect(props) {
  const { element, id, attr } = props;
  const translate = useService('translate');
  const context = useService('kinerjaContext');
  const update = useUpdate(element);
  const bo = model.getBusinessObject(element);
  const roles = context.roles || [];
  return SelectEntry({
    element,
    id,
    label: translate('Role (jabatan)'),
    description: roles.length
      ? translate('Pick a role, or type other groups below.')
      : translate('No roles could be loaded; type the groups below.'),
    getValue: () => {
      const value = model.getAttr(bo, attr) || '';
      return roles.some((r) => r.group === value) ? value : '';
    },
    setValue: (value) => update(model.planSetAttr(bo, attr, value)),
    getOptions: () => [
      { value: '', label: translate('— other / none —') },
      ...roles.map((r) => ({
        value: r.group,
        label: `${r.name} (${r.group}) · ${translate('{count} members', { count: Array.isArray(r.members) ? r.members.length : (r.members ?? 0) })}`
      }))
    ]
  });
}

function TimeBasisSelect(props) {
  const { element, id, target, defaultBasis = 'working' } = props;
  const translate = useService('translate');
  const update = useUpdate(element);
  const bo = target || model.getBusinessObject(element);
  return SelectEntry({
    element,
    id,
    label: translate('Time basis'),
    getValue: () => model.getAttr(bo, 'kinerja:timeBasis') || defaultBasis,
    setValue: (value) =>
      update(model.planSetAttr(bo, 'kinerja:timeBasis', value === defaultBasis ? undefined : value)),
    getOptions: () => [
      { value: 'working', label: translate('Working time (working-time calendar)') },
      { value: 'calendar', label: translate('Calendar time (wall clock)') }
    ]
  });
}

/** "Tenggat jika dimulai sekarang: …" from duePreviewUrl, refreshed as the inputs change. */
function DuePreview(props) {
  const { element } = props;
  const translate = useService('translate');
  const context = useService('kinerjaContext');
  const bo = model.getBusinessObject(element);
  const duration = model.getTimeStandard(bo) || '';
  const basis = model.getTimeBasis(bo);
  const [state, setState] = useState({ text: '', kind: 'idle' });

  useEffect(() => {
    if (!duration) {
      setState({ text: translate('No time standard set.'), kind: 'idle' });
      return undefined;
    }
    if (!model.isIsoDuration(duration)) {
      setState({ text: translate(model.validateIsoDuration(duration)), kind: 'error' });
      return undefined;
    }
    if (!context.duePreviewUrl) {
      return undefined;
    }
    let cancelled = false;
    setState((s) => ({ ...s, kind: 'loading' }));
    const timer = setTimeout(async () => {
      const url = fillTemplate(context.duePreviewUrl, {
        start: new Date().toISOString(),
        duration,
        basis
      });
      try {
        const response = await context.http.get(url);
        if (cancelled) {
          return;
        }
        if (response.ok && response.data && response.data.due) {
          setState({ text: context.formatInstant(response.data.due), kind: 'ok', due: response.data.due });
        } else {
          setState({ text: translate('The deadline could not be computed.'), kind: 'error' });
        }
      } catch {
        if (!cancelled) {
          setState({ text: translate('The deadline could not be computed.'), kind: 'error' });
        }
      }
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [duration, basis]);

  return h(
    'div',
    {
      class: 'bio-properties-panel-entry kd-due-preview',
      'data-entry-id': 'kinerja-duePreview',
      'data-testid': 'due-preview',
      'data-state': state.kind,
      'data-due': state.due || ''
    },
    h('span', { class: 'kd-due-preview-label' }, translate('Deadline if started now:') + ' '),
    h('strong', null, state.kind === 'loading' && !state.text ? '…' : state.text)
  );
}

function ReminderField(props) {
  const { element, id, attr, label, validate } = props;
  const translate = useService('translate');
  const debounce = useService('debounceInput');
  const bpmnFactory = useService('bpmnFactory');
  const update = useUpdate(element);
  const check = useValidate(validate);
  const bo = model.getBusinessObject(element);
  const read = () => model.readReminderPolicy(bo)[attr];
  const hostDefault = { reminderAtPercent: '80', escalateTo: 'supervisor', escalationRepeat: 'P1D' }[attr];
  return TextFieldEntry({
    element,
    id,
    label: translate(label),
    description: translate('Empty: the host default ({value}).', { value: hostDefault }),
    debounce,
    getValue: () => (read() === undefined ? '' : String(read())),
    setValue: (value, error) => !error && update(model.planSetReminder(bo, attr, value, bpmnFactory)),
    validate: check
  });
}

function ReminderToggle(props) {
  const { element, id, attr, label } = props;
  const translate = useService('translate');
  const bpmnFactory = useService('bpmnFactory');
  const update = useUpdate(element);
  const bo = model.getBusinessObject(element);
  return SelectEntry({
    element,
    id,
    label: translate(label),
    getValue: () => {
      const value = model.readReminderPolicy(bo)[attr];
      return value === undefined ? '' : String(value);
    },
    setValue: (value) => update(model.planSetReminder(bo, attr, value, bpmnFactory)),
    getOptions: () => [
      { value: '', label: translate('Host default (yes)') },
      { value: 'true', label: translate('Yes') },
      { value: 'false', label: translate('No') }
    ]
  });
}

function DocumentField(props) {
  const { element, id, item, attr, label } = props;
  const translate = useService('translate');
  const debounce = useService('debounceInput');
  const update = useUpdate(element);
  return TextFieldEntry({
    element: item,
    id,
    label: translate(label),
    debounce,
    getValue: () => item.get(attr) || '',
    setValue: (value) => update(model.planSetDocumentAttr(item, attr, value))
  });
}

function HeaderItemField(props) {
  const { element, id, item, label } = props;
  const translate = useService('translate');
  const debounce = useService('debounceInput');
  const update = useUpdate(element);
  return TextAreaEntry({
    element: item,
    id,
    label: translate(label),
    debounce,
    autoResize: true,
    getValue: () => item.get('text') || '',
    setValue: (value) => update(model.planSetHeaderItemText(item, value))
  });
}

function HeaderAttrField(props) {
  const { element, id, attr, label, process } = props;
  const translate = useService('translate');
  const debounce = useService('debounceInput');
  const bpmnFactory = useService('bpmnFactory');
  const update = useUpdate(element);
  const isDate = model.HEADER_DATE_ATTRS.includes(attr);
  const check = useValidate(isDate ? model.validateIsoDate : undefined);
  return TextFieldEntry({
    element,
    id,
    label: translate(label),
    description: isDate ? translate('yyyy-MM-dd') : undefined,
    debounce,
    getValue: () => model.readSopHeader(process)[attr] || '',
    setValue: (value, error) => !error && update(model.planSetHeaderAttr(process, attr, value, bpmnFactory)),
    validate: check
  });
}

// -------------------------------------------------------------- groups ---

function entry(id, component, props = {}, isEdited = isTextFieldEntryEdited) {
  return { id, component, isEdited, ...props };
}

function taskGroup(element, translate) {
  const bo = model.getBusinessObject(element);
  const entries = [];
  if (model.is(bo, 'bpmn:UserTask')) {
    entries.push(
      entry('kinerja-role', RoleSelect, { attr: 'camunda:candidateGroups' }, isSelectEntryEdited),
      entry('kinerja-candidateGroups', AttrTextField, {
        attr: 'camunda:candidateGroups',
        label: 'Candidate groups (comma-separated)',
        description: 'Each item may hold ${…}, e.g. skpd:${kodeSkpd}.'
      }),
      entry('kinerja-assignee', AttrTextField, {
        attr: 'camunda:assignee',
        label: 'Assignee',
        description: 'A user id or ${expression}; leave empty to offer the task to the role.'
      })
    );
  }
  entries.push(
    entry('kinerja-timeStandard', AttrTextField, {
      attr: 'kinerja:timeStandard',
      label: 'Time standard (ISO 8601 duration)',
      description: 'e.g. PT5M, PT60M, P1D, P5D',
      validate: model.validateIsoDuration
    }),
    entry('kinerja-timeBasis', TimeBasisSelect, {}, isSelectEntryEdited)
  );
  if (model.is(bo, 'bpmn:UserTask')) {
    entries.push(entry('kinerja-duePreview', DuePreview, {}, () => false));
  }
  entries.push(
    entry('kinerja-calendar', AttrTextField, {
      attr: 'kinerja:calendar',
      label: 'Working-time calendar',
      description: "Empty: the organisation's calendar."
    })
  );
  if (model.is(bo, 'bpmn:ReceiveTask')) {
    entries.push(
      entry('kinerja-correlationKey', AttrTextField, {
        attr: 'kinerja:correlationKey',
        label: 'Correlation key'
      })
    );
  }
  return { id: 'kinerja', label: translate('Kinerja'), component: Group, entries };
}

function reminderGroup(element, translate) {
  return {
    id: 'kinerja-reminder',
    label: translate('Reminder and escalation'),
    component: Group,
    entries: [
      entry('kinerja-reminderAtPercent', ReminderField, {
        attr: 'reminderAtPercent',
        label: 'Reminder at (% of time standard)',
        validate: model.validatePercent
      }),
      entry(
        'kinerja-dueNotice',
        ReminderToggle,
        { attr: 'dueNotice', label: 'Notice at the deadline' },
        isSelectEntryEdited
      ),
      entry(
        'kinerja-escalate',
        ReminderToggle,
        { attr: 'escalate', label: 'Escalate when overdue' },
        isSelectEntryEdited
      ),
      entry('kinerja-escalateTo', ReminderField, { attr: 'escalateTo', label: 'Escalate to' }),
      entry('kinerja-escalationRepeat', ReminderField, {
        attr: 'escalationRepeat',
        label: 'Repeat escalation every',
        validate: model.validateIsoDuration
      })
    ]
  };
}

function documentGroup(element, injector, kind) {
  const translate = injector.get('translate');
  const bpmnFactory = injector.get('bpmnFactory');
  const commandStack = injector.get('commandStack');
  const bo = model.getBusinessObject(element);
  const run = (updates) =>
    commandStack.execute('properties-panel.multi-command-executor', model.toCommands(element, updates));
  const label = kind === 'requiredInput' ? 'Required inputs (kelengkapan)' : 'Output documents';
  const items = model.getDocuments(bo, kind).map((item, index) => {
    const id = `${element.id}-${kind}-${index}`;
    return {
      id,
      label: item.get('name') || translate('(unnamed)'),
      entries: [
        entry(`${id}-name`, DocumentField, { item, attr: 'name', label: 'Name' }),
        entry(`${id}-description`, DocumentField, { item, attr: 'description', label: 'Description' })
      ],
      autoFocusEntry: `${id}-name`,
      remove: (event) => {
        event.stopPropagation();
        run(model.planRemoveDocument(bo, item));
      }
    };
  });
  return {
    id: `kinerja-${kind}`,
    label: translate(label),
    component: ListGroup,
    items,
    add: (event) => {
      event.stopPropagation();
      run(model.planAddDocument(bo, kind, bpmnFactory).updates);
    }
  };
}

function laneGroup(element, translate) {
  return {
    id: 'kinerja-lane',
    label: translate('Lane role'),
    component: Group,
    entries: [
      entry('kinerja-lane-role', RoleSelect, { attr: 'kinerja:candidateGroups' }, isSelectEntryEdited),
      entry('kinerja-lane-candidateGroups', AttrTextField, {
        attr: 'kinerja:candidateGroups',
        label: 'Candidate groups (comma-separated)',
        description: 'Tasks in this lane that name no assignee or group go to this role.'
      })
    ]
  };
}

const HEADER_LABELS = {
  number: 'SOP number',
  title: 'SOP title',
  unit: 'Unit',
  createdOn: 'Created on',
  revisedOn: 'Revised on',
  effectiveOn: 'Effective on',
  approvedBy: 'Approved by'
};

const HEADER_LIST_LABELS = {
  legalBases: 'Legal basis',
  relatedSops: 'Related SOPs',
  qualifications: 'Executor qualifications',
  equipment: 'Equipment',
  warnings: 'Warnings',
  records: 'Records and data keeping'
};

function headerGroups(element, injector, process) {
  const translate = injector.get('translate');
  const bpmnFactory = injector.get('bpmnFactory');
  const commandStack = injector.get('commandStack');
  const run = (updates) =>
    updates.length &&
    commandStack.execute('properties-panel.multi-command-executor', model.toCommands(element, updates));
  const header = model.getSopHeader(process);

  const groups = [
    {
      id: 'kinerja-sop-header',
      label: translate('SOP header'),
      component: Group,
      entries: model.HEADER_ATTRS.map((attr) =>
        entry(`kinerja-sop-${attr}`, HeaderAttrField, { attr, label: HEADER_LABELS[attr], process })
      )
    }
  ];

  for (const { prop } of model.HEADER_LISTS) {
    const list = header ? header.get(prop) : [];
    groups.push({
      id: `kinerja-sop-${prop}`,
      label: translate(HEADER_LIST_LABELS[prop]),
      component: ListGroup,
      items: list.map((item, index) => {
        const id = `${element.id}-${prop}-${index}`;
        const text = item.get('text') || '';
        return {
          id,
          label: text ? (text.length > 48 ? text.slice(0, 47) + '…' : text) : translate('(empty)'),
          entries: [
            entry(
              `${id}-text`,
              HeaderItemField,
              { item, label: HEADER_LIST_LABELS[prop] },
              isTextAreaEntryEdited
            )
          ],
          autoFocusEntry: `${id}-text`,
          remove: (event) => {
            event.stopPropagation();
            run(model.planRemoveHeaderItem(process, prop, item));
          }
        };
      }),
      add: (event) => {
        event.stopPropagation();
        run(model.planAddHeaderItem(process, prop, bpmnFactory).updates);
      }
    });
  }
  return groups;
}

function timerGroup(element, translate) {
  const bo = model.getBusinessObject(element);
  const timer = (bo.get('eventDefinitions') || []).find((d) => model.is(d, 'bpmn:TimerEventDefinition'));
  return {
    id: 'kinerja-timer',
    label: translate('Timer counting'),
    component: Group,
    entries: [
      entry(
        'kinerja-timer-timeBasis',
        TimeBasisSelect,
        { target: timer, defaultBasis: 'calendar' },
        isSelectEntryEdited
      ),
      entry('kinerja-timer-calendar', AttrTextField, {
        target: timer,
        attr: 'kinerja:calendar',
        label: 'Working-time calendar',
        description: "Empty: the organisation's calendar."
      })
    ]
  };
}

function messageCatchGroup(element, translate) {
  return {
    id: 'kinerja-correlation',
    label: translate('Kinerja'),
    component: Group,
    entries: [
      entry('kinerja-correlationKey', AttrTextField, {
        attr: 'kinerja:correlationKey',
        label: 'Correlation key'
      })
    ]
  };
}

/** Insert after the first of the given groups that is there, else at the end. */
function insertAfter(groups, afterIds, ...newGroups) {
  for (const id of afterIds) {
    const index = groups.findIndex((g) => g.id === id);
    if (index !== -1) {
      groups.splice(index + 1, 0, ...newGroups);
      return;
    }
  }
  groups.push(...newGroups);
}

// ------------------------------------------------------------ provider ---

export default class KinerjaPropertiesProvider {
  constructor(propertiesPanel, injector, translate) {
    this._injector = injector;
    this._translate = translate;
    propertiesPanel.registerProvider(LOW_PRIORITY, this);
  }

  getGroups(element) {
    return (groups) => {
      const translate = this._translate;
      const injector = this._injector;
      const bo = model.getBusinessObject(element);

      if (model.is(bo, 'bpmn:Activity') && !model.is(bo, 'bpmn:SubProcess')) {
        const mine = [taskGroup(element, translate)];
        if (model.is(bo, 'bpmn:UserTask')) {
          mine.push(
            reminderGroup(element, translate),
            documentGroup(element, injector, 'requiredInput'),
            documentGroup(element, injector, 'outputDocument')
          );
        }
        insertAfter(groups, ['general'], ...mine);
      } else if (model.is(bo, 'bpmn:Lane')) {
        insertAfter(groups, ['general'], laneGroup(element, translate));
      } else if (model.is(bo, 'bpmn:Event')) {
        const definitions = bo.get('eventDefinitions') || [];
        if (definitions.some((d) => model.is(d, 'bpmn:TimerEventDefinition'))) {
          insertAfter(groups, ['timer', 'general'], timerGroup(element, translate));
        }
        if (
          model.is(bo, 'bpmn:CatchEvent') &&
          definitions.some((d) => model.is(d, 'bpmn:MessageEventDefinition'))
        ) {
          insertAfter(groups, ['message', 'general'], messageCatchGroup(element, translate));
        }
      }

      const process = model.getProcess(element);
      if (process) {
        insertAfter(groups, ['documentation', 'general'], ...headerGroups(element, injector, process));
      }
      return groups;
    };
  }
}

KinerjaPropertiesProvider.$inject = ['propertiesPanel', 'injector', 'translate'];
