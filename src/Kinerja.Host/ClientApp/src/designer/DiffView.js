// "Bandingkan": two versions side by side in two viewers, with the
// differences (bpmn-js-differ) marked on both and listed below.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { diff } from 'bpmn-js-differ';

import { el, clear } from '../shared/dom.js';
import { markersFor, summarizeDiff } from './diff.js';

const KIND_LABELS = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  layoutChanged: 'Moved'
};

export class DiffView {
  constructor({ translate, moddleExtensions }) {
    this.translate = translate;
    this.moddleExtensions = moddleExtensions;
    this.leftTitle = el('h3', { class: 'kd-diff-title' });
    this.rightTitle = el('h3', { class: 'kd-diff-title' });
    this.leftCanvas = el('div', { class: 'kd-diff-canvas', dataset: { testid: 'diff-left' } });
    this.rightCanvas = el('div', { class: 'kd-diff-canvas', dataset: { testid: 'diff-right' } });
    this.changes = el('ul', { class: 'kd-diff-changes', dataset: { testid: 'diff-changes' } });
    this.element = el(
      'section',
      { class: 'kd-diff', hidden: true, dataset: { testid: 'diff' } },
      el(
        'div',
        { class: 'kd-diff-header' },
        el('h2', { class: 'kd-heading' }, translate('Compare versions')),
        el(
          'span',
          { class: 'kd-diff-legend' },
          ...Object.entries(KIND_LABELS).map(([kind, label]) =>
            el('span', { class: `kd-legend kd-legend-${kind}` }, translate(label))
          )
        ),
        el(
          'button',
          {
            type: 'button',
            class: 'kd-button',
            dataset: { testid: 'btn-diff-close' },
            onclick: () => this.hide()
          },
          translate('Close')
        )
      ),
      el(
        'div',
        { class: 'kd-diff-sides' },
        el('div', { class: 'kd-diff-side' }, this.leftTitle, this.leftCanvas),
        el('div', { class: 'kd-diff-side' }, this.rightTitle, this.rightCanvas)
      ),
      this.changes
    );
  }

  ensureViewers() {
    if (!this.left) {
      this.left = new NavigatedViewer({
        container: this.leftCanvas,
        moddleExtensions: this.moddleExtensions
      });
      this.right = new NavigatedViewer({
        container: this.rightCanvas,
        moddleExtensions: this.moddleExtensions
      });
    }
  }

  async show({ oldXml, newXml, oldLabel, newLabel }) {
    const t = this.translate;
    this.element.hidden = false;
    this.ensureViewers();
    this.leftTitle.textContent = oldLabel;
    this.rightTitle.textContent = newLabel;
    await this.left.importXML(oldXml);
    await this.right.importXML(newXml);
    for (const viewer of [this.left, this.right]) {
      viewer.get('canvas').zoom('fit-viewport', 'auto');
    }

    const summary = summarizeDiff(diff(this.left.getDefinitions(), this.right.getDefinitions()));
    const markers = markersFor(summary);
    this.mark(this.left, markers.left);
    this.mark(this.right, markers.right);

    clear(this.changes);
    this.element.dataset.changes = String(summary.length);
    if (!summary.length) {
      this.changes.append(el('li', { class: 'kd-hint' }, t('No differences.')));
    }
    for (const change of summary) {
      this.changes.append(
        el(
          'li',
          {
            class: `kd-diff-change kd-diff-change-${change.kind}`,
            dataset: { testid: 'diff-change', change: change.kind, elementId: change.id }
          },
          el('span', { class: `kd-legend kd-legend-${change.kind}` }, t(KIND_LABELS[change.kind])),
          ` ${change.name && change.name !== change.id ? change.name + ' ' : ''}(${change.id})`,
          change.attrs.length ? el('span', { class: 'kd-hint' }, ' — ' + change.attrs.join(', ')) : null
        )
      );
    }
    this.element.scrollIntoView({ block: 'nearest' });
  }

  mark(viewer, markers) {
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    for (const [id, marker] of markers) {
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      }
    }
  }

  hide() {
    this.element.hidden = true;
  }
}
