import { h } from '../app/dom';
import { download, fileSafe, toCsv, toGraphMl, type ExportData } from './formats';

/** "Download CSV" and "Download GraphML" for one list or graph; data is read when clicked, so it is what shows then. */
export function exportButtons(what: string, data: () => ExportData): HTMLElement {
  return h('div', { class: 'export-buttons', role: 'group', 'aria-label': `Export ${what}` },
    h('button', { type: 'button', class: 'secondary', 'data-export': 'csv', onclick: () => {
      const current = data();
      download(`${fileSafe(current.name)}.csv`, 'text/csv;charset=utf-8', toCsv(current));
    } }, 'Download CSV', h('span', { class: 'visually-hidden' }, ` of ${what}`)),
    h('button', { type: 'button', class: 'secondary', 'data-export': 'graphml', onclick: () => {
      const current = data();
      download(`${fileSafe(current.name)}.graphml`, 'application/graphml+xml', toGraphMl(current));
    } }, 'Download GraphML', h('span', { class: 'visually-hidden' }, ` of ${what}`)));
}
