// The live view: a NavigatedViewer of the definition version with overlays
// per element (waiting, overdue, due soon, multi-instance progress), the
// completed path marked, and the tasks of a clicked element. Refreshes itself.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { moddleExtensions } from '../shared/moddle.js';
import { createHttp, describeFailure } from '../shared/http.js';
import { createFormatter } from '../shared/config.js';
import { el, clear } from '../shared/dom.js';
import { createTranslate, dictionaryFor } from '../designer/i18n/translate.js';
import { completedIds, normalizeState, overlayFor, tasksFor } from './state.js';

const BADGE_TITLES = {
  waiting: '{count} waiting',
  overdue: '{count} overdue',
  'due-soon': '{count} due soon',
  progress: '{completed}/{total} completed'
};

export class LiveView {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.translate = createTranslate(dictionaryFor(config.culture));
    this.format = createFormatter(config.culture);
    this.http = createHttp({ antiforgery: config.antiforgery });
    this.state = normalizeState(null);
    this.selectedId = null;
    this.timer = null;
    this.markers = [];
  }

  render() {
    const t = this.translate;
    this.canvas = el('div', { class: 'kl-canvas', dataset: { testid: 'live-canvas' } });
    this.status = el(
      'div',
      { class: 'kl-status', dataset: { testid: 'live-status', state: 'loading' } },
      t('Click a step to list its tasks.')
    );
    this.tasks = el('section', { class: 'kl-tasks', hidden: true, dataset: { testid: 'element-tasks' } });
    const legend = el(
      'div',
      { class: 'kl-legend' },
      el('span', { class: 'kl-badge kl-waiting' }, t('Waiting')),
      el('span', { class: 'kl-badge kl-overdue' }, t('Overdue')),
      el('span', { class: 'kl-badge kl-due-soon' }, t('Due soon')),
      el('span', { class: 'kl-badge kl-progress' }, t('Completed'))
    );
    clear(this.root);
    this.root.classList.add('kl');
    this.root.append(el('div', { class: 'kl-bar' }, legend, this.status), this.canvas, this.tasks);
  }

  /** "Ingatkan": sends the task's holders a reminder with a fresh link now. */
  remindButton(taskId) {
    const t = this.translate;
    const button = el(
      'button',
      { type: 'button', class: 'kl-remind', dataset: { testid: 'task-remind', state: 'idle' } },
      t('Remind')
    );
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.dataset.state = 'sending';
      const url = this.config.remindUrl.replace('{taskId}', encodeURIComponent(taskId));
      const response = await this.http.post(url, {});
      button.dataset.state = response.ok ? 'sent' : 'error';
      button.textContent = response.ok ? t('Reminder sent') : t('Reminder failed');
      button.disabled = response.ok;
    });
    return button;
  }

  async start() {
    this.render();
    this.viewer = new NavigatedViewer({ container: this.canvas, moddleExtensions });
    window.kinerjaLive = this;
    const response = await this.http.get(this.config.xmlUrl);
    if (!response.ok || typeof response.data !== 'string') {
      this.setStatus(
        'error',
        this.translate('Could not refresh: {reason}', { reason: describeFailure(response, this.translate) })
      );
      return;
    }
    await this.viewer.importXML(response.data);
    this.viewer.get('canvas').zoom('fit-viewport', 'auto');
    this.viewer.get('eventBus').on('element.click', ({ element }) => this.select(element));
    await this.refresh();
    this.root.dataset.ready = 'true';
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      const response = await this.http.get(this.config.stateUrl);
      if (!response.ok || !response.data || typeof response.data !== 'object') {
        throw new Error(describeFailure(response, this.translate));
      }
      this.state = normalizeState(response.data);
      this.draw();
      this.setStatus('ok', this.translate('Updated {time}', { time: this.format.time(new Date()) }));
    } catch (error) {
      this.setStatus('error', this.translate('Could not refresh: {reason}', { reason: error.message }));
    }
    this.timer = setTimeout(() => this.refresh(), this.state.refreshSeconds * 1000);
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  draw() {
    const t = this.translate;
    const overlays = this.viewer.get('overlays');
    const canvas = this.viewer.get('canvas');
    const registry = this.viewer.get('elementRegistry');

    overlays.remove({ type: 'kinerja-live' });
    for (const [id, marker] of this.markers) {
      canvas.removeMarker(id, marker);
    }
    this.markers = [];

    for (const id of completedIds(this.state)) {
      if (registry.get(id)) {
        canvas.addMarker(id, 'kl-completed');
        this.markers.push([id, 'kl-completed']);
      }
    }

    for (const [id, elementState] of Object.entries(this.state.elements)) {
      const element = registry.get(id);
      const overlay = overlayFor(elementState);
      if (!element || !overlay) {
        continue;
      }
      if (overlay.waiting || overlay.overdue || overlay.dueSoon) {
        canvas.addMarker(id, 'kl-active');
        this.markers.push([id, 'kl-active']);
      }
      const html = el(
        'div',
        {
          class: 'kl-overlay',
          dataset: {
            testid: `overlay-${id}`,
            waiting: String(overlay.waiting),
            overdue: String(overlay.overdue),
            dueSoon: String(overlay.dueSoon),
            completed: String(overlay.completed),
            total: overlay.instances === null ? '' : String(overlay.instances)
          }
        },
        ...overlay.badges.map((badge) =>
          el(
            'span',
            {
              class: `kl-badge kl-${badge.kind}`,
              title: t(BADGE_TITLES[badge.kind], {
                count: badge.count,
                completed: badge.completed,
                total: badge.total
              }),
              dataset: { kind: badge.kind }
            },
            badge.value
          )
        )
      );
      overlays.add(id, 'kinerja-live', {
        position: element.waypoints ? { top: -12, left: -12 } : { top: -12, left: 0 },
        html
      });
    }

    if (this.selectedId) {
      this.renderTasks(this.selectedId);
    }
  }

  select(element) {
    const bo = element && element.businessObject;
    if (
      !bo ||
      element.type === 'bpmn:Process' ||
      element.type === 'bpmn:Collaboration' ||
      element.waypoints
    ) {
      return;
    }
    this.selectedId = element.id;
    this.renderTasks(element.id);
  }

  renderTasks(elementId) {
    const t = this.translate;
    const element = this.viewer.get('elementRegistry').get(elementId);
    const name = (element && element.businessObject.name) || elementId;
    const tasks = tasksFor(this.state, elementId);
    clear(this.tasks);
    this.tasks.hidden = false;
    this.tasks.dataset.elementId = elementId;
    this.tasks.append(el('h2', { class: 'kl-heading' }, t('Tasks at {name}', { name })));
    if (!tasks.length) {
      this.tasks.append(
        el('p', { class: 'kl-hint', dataset: { testid: 'element-tasks-empty' } }, t('No open tasks here.'))
      );
      return;
    }
    const rows = tasks.map((task) =>
      el(
        'tr',
        {
          class: task.overdue ? 'kl-task kl-task-overdue' : 'kl-task',
          dataset: { testid: 'task-row', taskId: String(task.taskId ?? '') }
        },
        el('td', {}, task.name || '', task.subject ? el('div', { class: 'kl-hint' }, task.subject) : null),
        el('td', { dataset: { testid: 'task-holder' } }, task.holder || '—'),
        el(
          'td',
          { dataset: { testid: 'task-due' }, title: task.dueAt || '' },
          task.dueText || (task.dueAt ? this.format.short(task.dueAt) : '—')
        ),
        el(
          'td',
          {},
          task.url
            ? el('a', { href: task.url, class: 'kl-link', dataset: { testid: 'task-link' } }, t('Open'))
            : null,
          this.config.remindUrl && task.taskId ? this.remindButton(task.taskId) : null
        )
      )
    );
    this.tasks.append(
      el(
        'table',
        { class: 'kl-table' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', {}, t('Task')),
            el('th', {}, t('Held by')),
            el('th', {}, t('Due')),
            el('th', {})
          )
        ),
        el('tbody', {}, rows)
      )
    );
  }
}
