// The designer page: bpmn-js Modeler, properties panel, problems list and
// toolbar, wired to the host's endpoints (README.md: configuration contract).
import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule
} from 'bpmn-js-properties-panel';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import LintModule from 'bpmn-js-bpmnlint';
import TokenSimulationModule from 'bpmn-js-token-simulation/lib/modeler';
import { layoutProcess } from 'bpmn-auto-layout';

import { moddleExtensions } from '../shared/moddle.js';
import { createHttp, describeFailure } from '../shared/http.js';
import { createFormatter } from '../shared/config.js';
import { el, clear, download } from '../shared/dom.js';
import { fillTemplate } from '../shared/url.js';
import { createTranslate, dictionaryFor, translateModule } from './i18n/translate.js';
import KinerjaPropertiesModule from './properties/index.js';
import KinerjaTemplatesModule from './templates/module.js';
import { templates } from './templates/index.js';
import { createLintConfig } from './lint/config.js';
import {
  countBySeverity,
  flattenLintIssues,
  mergeProblems,
  normalizeImportProblems,
  normalizeServerProblems
} from './problems.js';
import { fileName, hasDiagram, processIdOf } from './diagram-utils.js';
import { DiffView } from './DiffView.js';
import newSopXml from './new-sop.bpmn';

const AUTOSAVE_DELAY_MS = 2000;

export class Designer {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.translate = createTranslate(dictionaryFor(config.culture));
    this.format = createFormatter(config.culture);
    this.http = createHttp({ antiforgery: config.antiforgery });
    this.lintProblems = [];
    this.serverProblems = [];
    this.importProblems = [];
    this.versions = [];
    this.dirty = false;
    this.saving = null;
    this.autosaveTimer = null;
    this.lastReplaced = null;
    this.kinerjaContext = {
      roles: [],
      duePreviewUrl: config.duePreviewUrl || null,
      http: this.http,
      formatInstant: (iso) => this.format.dateTime(iso)
    };
  }

  t(key, replacements) {
    return this.translate(key, replacements);
  }

  // ------------------------------------------------------------- layout ---

  render() {
    const t = (k, r) => this.t(k, r);
    const button = (testid, label, onclick, extra = {}) =>
      el('button', { type: 'button', class: 'kd-button', dataset: { testid }, onclick, ...extra }, label);

    this.saveStatus = el(
      'span',
      { class: 'kd-status', dataset: { testid: 'save-status', state: 'loading' } },
      t('Loading…')
    );
    this.publishStatus = el('span', {
      class: 'kd-status',
      dataset: { testid: 'publish-status', state: 'idle' }
    });
    this.undoButton = button('btn-undo', t('Undo'), () => this.modeler.get('commandStack').undo(), {
      disabled: true,
      title: 'Ctrl+Z'
    });
    this.redoButton = button('btn-redo', t('Redo'), () => this.modeler.get('commandStack').redo(), {
      disabled: true,
      title: 'Ctrl+Y'
    });
    this.simulationButton = button('btn-simulation', t('Token simulation'), () => this.toggleSimulation(), {
      'aria-pressed': 'false'
    });
    this.uploadInput = el('input', {
      type: 'file',
      accept: '.bpmn,.xml,application/xml,text/xml',
      hidden: true,
      dataset: { testid: 'upload-input' },
      onchange: (event) => this.onUpload(event)
    });
    this.restoreButton = button('btn-restore', t('Undo replace'), () => this.restoreReplaced(), {
      hidden: true
    });

    const toolbar = el(
      'div',
      { class: 'kd-toolbar', role: 'toolbar', dataset: { testid: 'toolbar' } },
      el(
        'div',
        { class: 'kd-toolbar-group' },
        button('btn-save', t('Save draft'), () => this.save({ reason: 'manual' })),
        this.undoButton,
        this.redoButton
      ),
      el(
        'div',
        { class: 'kd-toolbar-group' },
        button('btn-publish', t('Publish'), () => this.publish(), { class: 'kd-button kd-button-primary' }),
        button('btn-versions', t('Versions'), () => this.toggleVersions())
      ),
      el(
        'div',
        { class: 'kd-toolbar-group' },
        button('btn-download-bpmn', t('Download .bpmn'), () => this.downloadBpmn()),
        button('btn-download-svg', t('Download .svg'), () => this.downloadSvg()),
        button('btn-upload', t('Upload .bpmn'), () => this.uploadInput.click()),
        this.uploadInput,
        button('btn-new-sop', t('New SOP from template'), () => this.newFromTemplate()),
        this.restoreButton
      ),
      el(
        'div',
        { class: 'kd-toolbar-group' },
        button('btn-template', t('Choose template…'), () => this.chooseTemplate()),
        this.simulationButton
      ),
      el('div', { class: 'kd-toolbar-status' }, this.saveStatus, this.publishStatus)
    );

    this.canvas = el('div', { class: 'kd-canvas', dataset: { testid: 'canvas' } });
    this.properties = el('div', { class: 'kd-properties', dataset: { testid: 'properties-panel' } });
    this.problemsCount = el(
      'span',
      { class: 'kd-problems-count', dataset: { testid: 'problems-count' } },
      '0'
    );
    this.problemsList = el('ul', { class: 'kd-problems-list', dataset: { testid: 'problems' } });
    const problems = el(
      'section',
      { class: 'kd-problems', 'aria-label': t('Problems') },
      el('h2', { class: 'kd-heading' }, t('Problems'), ' ', this.problemsCount),
      this.problemsList
    );

    this.versionsPanel = el('section', {
      class: 'kd-versions',
      hidden: true,
      dataset: { testid: 'versions-panel' }
    });
    this.diffView = new DiffView({ translate: this.translate, format: this.format, moddleExtensions });

    clear(this.root);
    this.root.classList.add('kd');
    this.root.append(
      toolbar,
      el('div', { class: 'kd-main' }, this.canvas, el('aside', { class: 'kd-side' }, this.properties)),
      problems,
      this.versionsPanel,
      this.diffView.element
    );
  }

  createModeler() {
    const lintConfig = createLintConfig();
    this.modeler = new Modeler({
      container: this.canvas,
      propertiesPanel: {
        parent: this.properties,
        layout: {
          groups: {
            kinerja: { open: true },
            'kinerja-lane': { open: true },
            'kinerja-sop-header': { open: true }
          }
        }
      },
      elementTemplates: templates,
      linting: { bpmnlint: lintConfig, active: true },
      moddleExtensions,
      additionalModules: [
        translateModule(this.config.culture),
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        CamundaPlatformPropertiesProviderModule,
        CamundaBehaviorsModule,
        ElementTemplatesPropertiesProviderModule,
        ElementTemplateChooserModule,
        LintModule,
        TokenSimulationModule,
        KinerjaPropertiesModule,
        KinerjaTemplatesModule,
        { kinerjaContext: ['value', this.kinerjaContext] }
      ]
    });

    const eventBus = this.modeler.get('eventBus');
    eventBus.on('linting.completed', ({ issues }) => {
      this.lintProblems = flattenLintIssues(issues);
      this.renderProblems();
    });
    eventBus.on('commandStack.changed', () => {
      this.updateUndoRedo();
      if (this.importing) {
        return;
      }
      this.markDirty();
    });
    eventBus.on('tokenSimulation.toggleMode', ({ active }) => {
      this.simulationButton.setAttribute('aria-pressed', String(!!active));
      this.simulationButton.classList.toggle('kd-active', !!active);
      this.root.dataset.simulation = active ? 'on' : 'off';
    });
    eventBus.on('elementTemplates.errors', ({ errors }) => {
      console.warn('[kinerja] element template errors', errors);
    });
  }

  // -------------------------------------------------------------- start ---

  async start() {
    this.render();
    this.createModeler();
    window.kinerjaDesigner = this;

    const [draft] = await Promise.all([this.loadDraft(), this.loadRoles(), this.loadVersions()]);
    let xml = draft && draft.xml;
    // The host answers the latest published version when there is no draft (isDraft: false).
    let origin = draft && draft.isDraft === false ? 'version' : 'draft';
    if (!xml && this.versions.length) {
      const latest = this.versions.reduce((a, b) => (b.version > a.version ? b : a));
      const response = await this.http.get(
        fillTemplate(this.config.versionXmlUrl, { version: latest.version })
      );
      if (response.ok && typeof response.data === 'string') {
        xml = response.data;
        origin = 'version';
      }
    }
    if (!xml) {
      xml = newSopXml;
      origin = 'template';
    }
    const ok = await this.importXml(xml, { fit: true });
    if (!ok && origin !== 'template') {
      await this.importXml(newSopXml, { fit: true, keepProblems: true });
    }
    if (origin === 'draft' && draft.savedAt) {
      this.setSaveStatus(
        'saved',
        this.t('Draft saved {when} by {who}', {
          when: this.format.short(draft.savedAt),
          who: draft.savedBy || '—'
        }) +
          (draft.basedOnVersion
            ? ' · ' + this.t('based on version {version}', { version: draft.basedOnVersion })
            : '')
      );
    } else if (origin === 'version') {
      this.setSaveStatus('saved', this.t('No draft yet; showing the latest version.'));
    } else {
      this.setSaveStatus('saved', this.t('New SOP: not saved yet.'));
    }
    this.root.dataset.ready = 'true';
  }

  async loadDraft() {
    if (!this.config.draftUrl) {
      return null;
    }
    try {
      const response = await this.http.get(this.config.draftUrl);
      if (response.ok && response.data && typeof response.data === 'object') {
        return response.data;
      }
    } catch (error) {
      console.warn('[kinerja] draft could not be loaded', error);
    }
    return null;
  }

  async loadRoles() {
    if (!this.config.rolesUrl) {
      return;
    }
    try {
      const response = await this.http.get(this.config.rolesUrl);
      if (response.ok && Array.isArray(response.data)) {
        this.kinerjaContext.roles = response.data.filter((r) => r && r.group);
      }
    } catch (error) {
      console.warn('[kinerja] roles could not be loaded', error);
    }
  }

  // ------------------------------------------------------------- import ---

  /** Import XML; on failure the previous diagram stays and the error is listed. */
  async importXml(xml, { fit = false, keepProblems = false } = {}) {
    this.importing = true;
    try {
      const { warnings } = await this.modeler.importXML(xml);
      if (!keepProblems) {
        this.importProblems = normalizeImportProblems(warnings);
        this.serverProblems = [];
      }
      if (fit) {
        this.modeler.get('canvas').zoom('fit-viewport', 'auto');
      }
      return true;
    } catch (error) {
      this.importProblems = normalizeImportProblems(error.warnings, error);
      this.renderProblems();
      return false;
    } finally {
      this.importing = false;
      this.updateUndoRedo();
      this.renderProblems();
    }
  }

  async replaceDiagram(xml, reason) {
    const { xml: previous } = await this.modeler.saveXML({ format: true });
    const ok = await this.importXml(xml, { fit: true });
    if (!ok) {
      return false;
    }
    this.lastReplaced = previous;
    this.restoreButton.hidden = false;
    this.restoreButton.dataset.reason = reason;
    this.markDirty();
    return true;
  }

  async restoreReplaced() {
    if (!this.lastReplaced) {
      return;
    }
    const xml = this.lastReplaced;
    this.lastReplaced = null;
    this.restoreButton.hidden = true;
    if (await this.importXml(xml, { fit: true })) {
      this.markDirty();
    }
  }

  async newFromTemplate() {
    await this.replaceDiagram(newSopXml, 'template');
  }

  async onUpload(event) {
    const file = event.target.files && event.target.files[0];
    event.target.value = '';
    if (!file) {
      return;
    }
    let xml = await file.text();
    try {
      const { rootElement } = await this.modeler.get('moddle').fromXML(xml, 'bpmn:Definitions');
      if (!hasDiagram(rootElement)) {
        xml = await layoutProcess(xml);
        this.setPublishStatus(
          'info',
          this.t('The file had no diagram layout; it was laid out automatically.')
        );
      }
    } catch (error) {
      this.importProblems = normalizeImportProblems([], error);
      this.serverProblems = [];
      this.renderProblems();
      this.setPublishStatus(
        'error',
        this.t('The file could not be read: {message}', { message: error.message.split('\n')[0] })
      );
      return;
    }
    if (await this.replaceDiagram(xml, 'upload')) {
      // tell the server's validator at once, so an upload's problems show without waiting for the save
      await this.validate();
    }
  }

  // --------------------------------------------------------------- save ---

  markDirty() {
    this.dirty = true;
    this.setSaveStatus('dirty', this.t('Unsaved changes'));
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = setTimeout(() => this.save({ reason: 'autosave' }), AUTOSAVE_DELAY_MS);
  }

  async save({ reason = 'manual' } = {}) {
    clearTimeout(this.autosaveTimer);
    if (this.saving) {
      // a change during a save is saved right after it
      await this.saving;
      if (!this.dirty && reason === 'autosave') {
        return true;
      }
    }
    this.saving = this.doSave(reason);
    try {
      return await this.saving;
    } finally {
      this.saving = null;
    }
  }

  async doSave(reason) {
    if (!this.config.draftUrl) {
      return false;
    }
    const { xml } = await this.modeler.saveXML({ format: true });
    this.dirty = false;
    this.setSaveStatus('saving', this.t('Saving…'));
    try {
      const response = await this.http.put(this.config.draftUrl, { xml });
      if (!response.ok) {
        this.dirty = true;
        this.setSaveStatus(
          'error',
          this.t('Draft not saved: {reason}', { reason: describeFailure(response, this.translate) })
        );
        return false;
      }
      const savedAt = (response.data && response.data.savedAt) || new Date().toISOString();
      if (!this.dirty) {
        this.setSaveStatus('saved', this.t('Draft saved at {time}', { time: this.format.time(savedAt) }));
        this.saveStatus.dataset.savedAt = savedAt;
        this.saveStatus.dataset.reason = reason;
      }
    } catch (error) {
      this.dirty = true;
      this.setSaveStatus('error', this.t('Draft not saved: {reason}', { reason: error.message }));
      return false;
    }
    await this.validate(xml);
    return true;
  }

  async validate(xml) {
    if (!this.config.validateUrl) {
      return;
    }
    if (!xml) {
      ({ xml } = await this.modeler.saveXML({ format: true }));
    }
    try {
      const response = await this.http.post(this.config.validateUrl, { xml });
      if (response.data && typeof response.data === 'object' && Array.isArray(response.data.problems)) {
        this.serverProblems = normalizeServerProblems(response.data.problems);
        this.renderProblems();
      }
    } catch (error) {
      console.warn('[kinerja] validation failed', error);
    }
  }

  setSaveStatus(state, text) {
    this.saveStatus.dataset.state = state;
    this.saveStatus.textContent = text;
  }

  setPublishStatus(state, text, extra = {}) {
    this.publishStatus.dataset.state = state;
    this.publishStatus.textContent = text;
    delete this.publishStatus.dataset.version;
    Object.assign(this.publishStatus.dataset, extra);
  }

  // ------------------------------------------------------------ publish ---

  async publish() {
    if (!this.config.publishUrl) {
      return;
    }
    clearTimeout(this.autosaveTimer);
    if (this.saving) {
      await this.saving;
    }
    const { xml } = await this.modeler.saveXML({ format: true });
    this.setPublishStatus('publishing', this.t('Publishing…'));
    let response;
    try {
      response = await this.http.post(this.config.publishUrl, { xml });
    } catch (error) {
      this.setPublishStatus('error', this.t('Not published: {reason}', { reason: error.message }));
      return;
    }
    if (response.ok && response.data) {
      const { processKey, version } = response.data;
      this.serverProblems = [];
      this.renderProblems();
      this.setPublishStatus(
        'published',
        this.t('Published {key} version {version}', { key: processKey, version }),
        {
          version: String(version)
        }
      );
      if (processKey && !this.config.processKey) {
        this.config.processKey = processKey;
      }
      await this.loadVersions();
      if (this.dirty) {
        await this.save({ reason: 'publish' });
      }
      return;
    }
    const problems = response.data && Array.isArray(response.data.problems) ? response.data.problems : [];
    if (response.status === 422 || problems.length) {
      this.serverProblems = normalizeServerProblems(problems);
      this.renderProblems();
      this.setPublishStatus(
        'rejected',
        this.t('Not published: {count} problem(s) found.', { count: problems.length })
      );
    } else {
      this.setPublishStatus(
        'error',
        this.t('Not published: {reason}', { reason: describeFailure(response, this.translate) })
      );
    }
  }

  // ----------------------------------------------------------- problems ---

  renderProblems() {
    const problems = mergeProblems(this.importProblems, this.lintProblems, this.serverProblems);
    const counts = countBySeverity(problems);
    this.problemsCount.textContent = String(problems.length);
    this.problemsCount.dataset.errors = String(counts.error);
    this.problemsCount.dataset.warnings = String(counts.warn);
    clear(this.problemsList);
    if (!problems.length) {
      this.problemsList.append(
        el(
          'li',
          { class: 'kd-problems-empty', dataset: { testid: 'problems-empty' } },
          this.t('No problems found.')
        )
      );
      return;
    }
    const registry = this.modeler.get('elementRegistry');
    for (const problem of problems) {
      const element = problem.elementId ? registry.get(problem.elementId) : null;
      const name = element && element.businessObject && element.businessObject.name;
      const where = [
        problem.elementId ? `${name ? name + ' ' : ''}(${problem.elementId})` : null,
        problem.line
          ? this.t('line {line}, column {column}', { line: problem.line, column: problem.column ?? '?' })
          : null
      ]
        .filter(Boolean)
        .join(' · ');
      const item = el(
        'li',
        {
          class: `kd-problem kd-problem-${problem.severity}`,
          tabindex: '0',
          role: 'button',
          dataset: {
            testid: 'problem',
            elementId: problem.elementId || '',
            source: problem.source,
            severity: problem.severity,
            rule: problem.rule || ''
          },
          onclick: () => this.selectElement(problem.elementId),
          onkeydown: (event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              this.selectElement(problem.elementId);
            }
          }
        },
        el(
          'span',
          { class: 'kd-problem-severity' },
          this.t(problem.severity === 'warn' ? 'Warning' : problem.severity === 'info' ? 'Info' : 'Error')
        ),
        el(
          'span',
          { class: 'kd-problem-source' },
          this.t(problem.source === 'server' ? 'server' : problem.source === 'import' ? 'file' : 'lint')
        ),
        el('span', { class: 'kd-problem-message' }, this.t(problem.message)),
        where ? el('span', { class: 'kd-problem-where' }, where) : null
      );
      this.problemsList.append(item);
    }
  }

  selectElement(elementId) {
    if (!elementId) {
      return;
    }
    const registry = this.modeler.get('elementRegistry');
    let element = registry.get(elementId);
    if (!element) {
      // a process behind a participant: select the participant
      element = registry.find(
        (e) => e.businessObject && e.businessObject.processRef && e.businessObject.processRef.id === elementId
      );
    }
    if (!element) {
      return;
    }
    this.modeler.get('selection').select(element);
    if (element.parent || element.waypoints) {
      try {
        this.modeler.get('canvas').scrollToElement(element);
      } catch {
        // root elements cannot be scrolled to
      }
    }
  }

  // ------------------------------------------------------------ toolbar ---

  updateUndoRedo() {
    if (!this.modeler) {
      return;
    }
    const commandStack = this.modeler.get('commandStack');
    this.undoButton.disabled = !commandStack.canUndo();
    this.redoButton.disabled = !commandStack.canRedo();
  }

  baseName() {
    return this.config.processKey || processIdOf(this.modeler.getDefinitions()) || 'sop';
  }

  async downloadBpmn() {
    const { xml } = await this.modeler.saveXML({ format: true });
    download(xml, fileName(this.baseName(), null, 'bpmn'), 'application/xml');
  }

  async downloadSvg() {
    const { svg } = await this.modeler.saveSVG();
    download(svg, fileName(this.baseName(), null, 'svg'), 'image/svg+xml');
  }

  toggleSimulation() {
    this.modeler.get('toggleMode').toggleMode();
  }

  async chooseTemplate() {
    const selection = this.modeler.get('selection').get();
    const element = selection.length === 1 ? selection[0] : null;
    if (!element) {
      this.setPublishStatus('info', this.t('Select one task first, then choose a template for it.'));
      return;
    }
    const elementTemplates = this.modeler.get('elementTemplates');
    if (!elementTemplates.getLatest(element).length) {
      this.setPublishStatus('info', this.t('No template applies to this element.'));
      return;
    }
    try {
      const { template } = await this.modeler.get('elementTemplateChooser').open(element);
      if (template) {
        elementTemplates.applyTemplate(element, template);
      }
    } catch (reason) {
      if (reason !== 'user-canceled') {
        throw reason;
      }
    }
  }

  // ----------------------------------------------------------- versions ---

  async loadVersions() {
    if (!this.config.versionsUrl) {
      this.versions = [];
      return;
    }
    try {
      const response = await this.http.get(this.config.versionsUrl);
      this.versions = response.ok && Array.isArray(response.data) ? response.data : [];
    } catch {
      this.versions = [];
    }
    this.renderVersions();
  }

  toggleVersions(force) {
    const show = force ?? this.versionsPanel.hidden;
    this.versionsPanel.hidden = !show;
    if (show) {
      this.renderVersions();
    }
  }

  renderVersions() {
    if (!this.versionsPanel) {
      return;
    }
    const t = (k, r) => this.t(k, r);
    clear(this.versionsPanel);
    const compareButton = el(
      'button',
      {
        type: 'button',
        class: 'kd-button',
        disabled: true,
        dataset: { testid: 'btn-compare' },
        onclick: () => this.compareSelected()
      },
      t('Compare')
    );
    const selected = () => [
      ...this.versionsPanel.querySelectorAll('input[data-testid="version-compare"]:checked')
    ];
    const onCheck = () => {
      const checked = selected();
      compareButton.disabled = checked.length !== 2;
      for (const box of this.versionsPanel.querySelectorAll('input[data-testid="version-compare"]')) {
        box.disabled = !box.checked && checked.length >= 2;
      }
    };
    const checkbox = (value, label) =>
      el('input', {
        type: 'checkbox',
        value,
        'aria-label': label,
        dataset: { testid: 'version-compare' },
        onchange: onCheck
      });

    const list = el('ul', { class: 'kd-versions-list', dataset: { testid: 'versions' } });
    list.append(
      el(
        'li',
        { class: 'kd-version kd-version-draft', dataset: { testid: 'version-item', version: 'draft' } },
        checkbox('draft', t('Current draft')),
        el('span', { class: 'kd-version-title' }, t('Current draft'))
      )
    );
    const sorted = [...this.versions].sort((a, b) => b.version - a.version);
    for (const v of sorted) {
      const href = fillTemplate(this.config.versionXmlUrl, { version: v.version });
      list.append(
        el(
          'li',
          { class: 'kd-version', dataset: { testid: 'version-item', version: String(v.version) } },
          checkbox(String(v.version), t('Version {version}', { version: v.version })),
          el(
            'span',
            { class: 'kd-version-title' },
            t('Version {version}', { version: v.version }),
            v.name ? ` — ${v.name}` : ''
          ),
          el(
            'span',
            { class: 'kd-version-meta' },
            t('{when} by {who}', {
              when: v.deployedAt ? this.format.short(v.deployedAt) : '—',
              who: v.deployedBy || '—'
            })
          ),
          el(
            'a',
            {
              class: 'kd-link',
              href,
              download: fileName(this.baseName(), `v${v.version}`, 'bpmn'),
              dataset: { testid: 'version-download' }
            },
            t('Download')
          )
        )
      );
    }
    this.versionsPanel.append(
      el(
        'div',
        { class: 'kd-versions-header' },
        el('h2', { class: 'kd-heading' }, t('Versions')),
        el('span', { class: 'kd-hint' }, t('Tick two to compare them.')),
        compareButton,
        el(
          'button',
          {
            type: 'button',
            class: 'kd-button',
            dataset: { testid: 'btn-versions-close' },
            onclick: () => this.toggleVersions(false)
          },
          t('Close')
        )
      ),
      sorted.length
        ? list
        : el(
            'div',
            {},
            list,
            el('p', { class: 'kd-hint', dataset: { testid: 'versions-empty' } }, t('Not published yet.'))
          )
    );
  }

  async xmlOf(version) {
    if (version === 'draft') {
      return (await this.modeler.saveXML({ format: true })).xml;
    }
    const response = await this.http.get(fillTemplate(this.config.versionXmlUrl, { version }));
    if (!response.ok || typeof response.data !== 'string') {
      throw new Error(describeFailure(response, this.translate));
    }
    return response.data;
  }

  async compareSelected() {
    const values = [
      ...this.versionsPanel.querySelectorAll('input[data-testid="version-compare"]:checked')
    ].map((b) => b.value);
    if (values.length !== 2) {
      return;
    }
    // older on the left; the draft is newest
    const rank = (v) => (v === 'draft' ? Number.MAX_SAFE_INTEGER : Number(v));
    values.sort((a, b) => rank(a) - rank(b));
    const label = (v) =>
      v === 'draft' ? this.t('Current draft') : this.t('Version {version}', { version: v });
    try {
      const [oldXml, newXml] = await Promise.all(values.map((v) => this.xmlOf(v)));
      await this.diffView.show({ oldXml, newXml, oldLabel: label(values[0]), newLabel: label(values[1]) });
    } catch (error) {
      this.setPublishStatus('error', this.t('Comparison failed: {reason}', { reason: error.message }));
    }
  }
}
