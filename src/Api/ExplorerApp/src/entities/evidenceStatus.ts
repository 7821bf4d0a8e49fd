/**
 * How much evidence the graph holds about a challenge area and the areas beneath it (ChallengeArea.evidenceStatus):
 * counts by study design, by rating and by the verdicts of the area's models, all in words, and the curated statement
 * with its sources where a source says the evidence is thin or absent. The gap map shows the same counts in short.
 */
import { h, words } from '../app/dom';
import { number, sourceLinks, type Source } from '../app/view';
import { type ScaleInfo } from './rating';
import { designLabel, verdictBadge } from './verdict';

export interface DesignCount {
  design: string;
  count: number;
}

export interface EvidenceStatus {
  evidenceCount: number;
  byDesign: DesignCount[];
  byRating: { scale: string; level: number; count: number }[];
  modelCount: number;
  modelsByVerdict: { verdict: string; count: number }[];
  statement: string | null;
  statementSources: Source[];
}

export const evidenceStatusFields = `evidenceCount byDesign { design count } byRating { scale level count } modelCount modelsByVerdict { verdict count }
      statement statementSources { id key title url publisher }`;

/** The designs that weigh most in a count of evidence: randomised controlled trials and systematic reviews. */
const strongDesigns = ['RCT', 'SYSTEMATIC_REVIEW'];

/** At most this many items, and no curated statement, and the area page says plainly that the graph holds little evidence. */
const fewItems = 3;

/** How many of the items are randomised controlled trials or systematic reviews. */
export function trialsAndReviews(byDesign: DesignCount[]): number {
  return byDesign.filter((entry) => strongDesigns.includes(entry.design)).reduce((sum, entry) => sum + entry.count, 0);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${number(count)} ${count === 1 ? one : many}`;
}

/** "3 of them randomised controlled trials or systematic reviews", "none of them a randomised controlled trial or systematic review". */
export function strongText(strong: number): string {
  return strong === 0
    ? 'none of them a randomised controlled trial or systematic review'
    : `${strong === 1 ? 'one' : number(strong)} of them ${strong === 1 ? 'a randomised controlled trial or systematic review' : 'randomised controlled trials or systematic reviews'}`;
}

/** A small table of counts, each with a bar for the eye (the number is the text). */
function countTable<T extends { count: number }>(id: string, caption: string, headers: string[], rows: T[], cells: (row: T) => [HTMLElement | string, ...(HTMLElement | string)[]]): HTMLElement {
  const largest = Math.max(1, ...rows.map((row) => row.count));
  return h('div', { class: 'status-table' }, h('table', { id },
    h('caption', null, caption),
    h('thead', null, h('tr', null, headers.map((header) => h('th', { scope: 'col' }, header)), h('th', { scope: 'col', class: 'status-count' }, 'Count'))),
    h('tbody', null, rows.map((row) => {
      const [first, ...rest] = cells(row);
      return h('tr', null, h('th', { scope: 'row' }, first), rest.map((cell) => h('td', null, cell)),
        h('td', { class: 'status-count' }, h('span', { class: 'status-n' }, number(row.count)),
          h('span', { class: 'status-bar', 'aria-hidden': 'true', style: `width:${((100 * row.count) / largest).toFixed(1)}%` })));
    }))));
}

/** The area page's "Evidence status": near the top, so a reader knows how much to trust what follows. */
export function evidenceStatusSection(status: EvidenceStatus, scales: Map<string, ScaleInfo>): HTMLElement {
  const strong = trialsAndReviews(status.byDesign);
  const summary = status.evidenceCount === 0
    ? 'The graph holds no evidence about this area or the areas beneath it.'
    : `${plural(status.evidenceCount, 'evidence item')} about this area or the areas beneath it, ${strongText(strong)}.`;
  const models = status.modelCount === 0
    ? 'No model is recorded as addressing it.'
    : `${plural(status.modelCount, 'model')} ${status.modelCount === 1 ? 'addresses' : 'address'} it.`;
  const scalesShown = [...new Set(status.byRating.map((entry) => entry.scale))];
  // The API counts by rating only what a curator has rated; the rest of the evidence is listed, not yet appraised.
  const unappraised = status.evidenceCount - status.byRating.reduce((sum, entry) => sum + entry.count, 0);
  return h('section', { class: 'panel evidence-status', id: 'evidence-status', 'aria-labelledby': 'evidence-status-heading' },
    h('h2', { id: 'evidence-status-heading', tabindex: '-1' }, 'Evidence status'),
    h('p', { class: 'status-summary' }, summary, ' ', models),
    status.statement
      ? h('div', { class: 'status-statement' },
        h('p', { class: 'status-statement-lead' }, 'What the sources say about the evidence here:'),
        h('blockquote', null, h('p', null, status.statement)),
        sourceLinks(status.statementSources))
      : status.evidenceCount <= fewItems
        ? h('p', { class: 'status-thin' }, `The graph holds little evidence here: ${plural(status.evidenceCount, 'item')}`,
          status.evidenceCount > 0 ? `, ${strongText(strong)}` : '',
          '. That is what the graph holds, not necessarily all the research there is.')
        : null,
    status.evidenceCount === 0 && status.modelCount === 0 ? null : h('div', { class: 'status-tables' },
      status.byDesign.length > 0 ? countTable('evidence-status-designs', 'Evidence by study design', ['Design'], status.byDesign,
        (entry) => [designLabel(entry.design)]) : null,
      status.byRating.length > 0 ? h('div', { class: 'status-group' },
        countTable('evidence-status-ratings', 'Evidence by rating', ['Scale', 'Level'], status.byRating,
          (entry) => [scales.get(entry.scale)?.title ?? words(entry.scale), `Level ${entry.level}`]),
        h('ul', { class: 'plain detail status-scales' }, scalesShown.map((scale) => {
          const info = scales.get(scale);
          const about = [info?.range ? `a scale of ${info.range}` : null, info?.direction].filter(Boolean).join('; ');
          return info && about ? h('li', null, `${info.title}: ${about}.`) : null;
        }), unappraised > 0
          ? h('li', { id: 'evidence-status-unappraised' }, `Not appraised: ${plural(unappraised, 'document')} a dataset lists, counted above but rated by nobody yet.`)
          : null)) : null,
      status.modelsByVerdict.length > 0 ? countTable('evidence-status-verdicts', 'Its models by verdict', ['Verdict'], status.modelsByVerdict,
        (entry) => [verdictBadge(entry.verdict)]) : null));
}
