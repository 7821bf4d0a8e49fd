/**
 * Entity pages: a record's key facts, its related things as lists with counts (each exportable), its evidence with
 * ratings in plain words, and the sources of every fact one click away.
 */
import { run, type Operation } from '../api/graphql';
import { nodeTypes, typeBySlug, type NodeRef, type NodeType } from '../api/nodes';
import { formatAmount, h, words, type Child } from '../app/dom';
import { pagedListSection, type Page } from '../app/pagedList';
import {
  datasetBadge, datasetLabel, exportNodeOf, externalLink, failedSection, listSection, loading, nodeLink, number, pageHeading, queryLink, show, showError, sourceLinks,
  sourcesSection, type Column, type Source,
} from '../app/view';
import { connectionsHref } from '../connections/connectionsPage';
import type { ExportNode } from '../export/formats';
import { organisationListSection, type OrganisationRow } from '../organisations/organisationList';
import { formatDate, statusBadge } from '../organisations/status';
import { areaModelsSection } from './areaModels';
import { evidenceChartSection } from './evidenceChart';
import { evidenceStatusSection, type EvidenceStatus } from './evidenceStatus';
import { fundingCharts } from './fundingCharts';
import { derivation, modelPartiesSection, organisationPartsSection, type Participation } from './participations';
import { connectionQuery, entityQueries, fundedOrganisationsOfModelQuery, pageSize, pagedFields, withinAreaQuery } from './queries';
import { loadScales, ratingBadge, ratingCode, ratingExplained, ratingLevel, ratingWords, type MaybeRating, type Rating, type ScaleInfo } from './rating';
import {
  areaVerdictsSection, designLabel, effectText, loadVerdictMeanings, verdictBadge, verdictLabel, verdictSection, type AreaVerdict, type ModelVerdict,
} from './verdict';

type Named = NodeRef & { name: string };

interface EvidenceItem {
  id: string;
  title: string;
  year?: number | null;
  publisher?: string | null;
  design: string;
  url: string;
  rating: MaybeRating;
  sources: Source[];
  findings?: { outcome: Named; effect: string | null; note: string | null }[];
}

interface FundingItem {
  funder?: Named & { kind?: string };
  recipient?: NodeRef & { name: string };
  amount: number | null;
  currency: string | null;
  year: number | null;
  instrument: string | null;
  note: string | null;
  rule: string | null;
  readValue: string | null;
  sources: Source[];
}

// The record as the page queries ask for it; each type's page reads the fields its query has.
type EntityRecord = Record<string, unknown> & { __typename: string; id: string; key: string; sources?: Source[] };

export async function entityPage(slug: string, id: string, url: URL): Promise<void> {
  const type = typeBySlug(slug);
  const query = type ? entityQueries[type] : undefined;
  if (!type || !query) {
    showError('Not found', new Error(`There is no page kind “${slug}”.`));
    return;
  }
  loading(nodeTypes[type].label.toLowerCase());
  const operation: Operation = { query, variables: { id } };
  try {
    const [data, scales] = await Promise.all([run<{ node: EntityRecord | null }>(operation), loadScales()]);
    const record = data.node;
    if (!record || record.__typename !== type) {
      showError('Not found', new Error(`No ${nodeTypes[type].label.toLowerCase()} has the id ${id}.`));
      return;
    }
    await renderers[type](record, scales, operation, url);
  } catch (error) {
    showError(nodeTypes[type].label, error);
  }
}

type Renderer = (record: EntityRecord, scales: Map<string, ScaleInfo>, operation: Operation, url: URL) => void | Promise<void>;

const renderers: Record<NodeType, Renderer> = {
  Model: async (model, scales, operation, url) => {
    const self = selfNode(model);
    const evidence = list<EvidenceItem>(model, 'evidence');
    const [organisations, parties, funding, verdicts] = await Promise.all([
      organisationListSection({
        id: 'organisations', title: 'Organisations running it', empty: 'No organisation is recorded as running this model.',
        operationName: 'ModelOrganisations', base: { models: { some: { key: { eq: model.key } } } }, url, roleIn: model.id, chart: true,
        exportName: `${model.key}-organisations`,
        context: { node: self, edge: (row) => ({ source: row.id, target: model.id, type: 'RUNS' }) },
      }),
      modelPartiesSection(model, self),
      modelFundingSection(model, self),
      loadVerdictMeanings(),
    ]);
    entityView(model, operation, 'Model', [
      fact('Also known as', names(model, 'alternativeNames')),
      fact('Family', words(text(model, 'family'))),
      fact('Subtype', text(model, 'subtype')),
      fact('Sector', text(model, 'sector')),
      fact('Evidence items', String(model['evidenceCount'])),
      fact('Strongest evidence', model['bestEvidenceLevel'] === null ? 'no evidence recorded' : `level ${String(model['bestEvidenceLevel'])}`),
    ], [
      h('a', { class: 'button', href: `/graph/${encodeURIComponent(model.id)}` }, 'Graph around this model'),
      h('a', { class: 'button', href: `/comparable/${encodeURIComponent(model.id)}` }, 'Comparable models'),
    ], [
      verdictSection(model['verdict'] as ModelVerdict, scales, verdicts),
      areaVerdictsSection(list<AreaVerdict>(model, 'areaVerdicts')),
      evidenceSection(evidence, scales, self, 'EVALUATES', true),
      organisations,
      parties,
      funding,
      namedSection(model, 'challengeAreas', 'Challenge areas it addresses', 'ADDRESSES', 'ChallengeArea'),
      namedSection(model, 'outcomes', 'Outcomes it aims to change', 'TARGETS', 'Outcome'),
    ]);
  },

  Organisation: async (organisation, scales, operation) => {
    const self = selfNode(organisation);
    const identifiers = list<{ scheme: string; value: string }>(organisation, 'identifiers');
    const sicCodes = list<{ code: string; description: string | null }>(organisation, 'sicCodes');
    const website = text(organisation, 'website');
    const status = text(organisation, 'status');
    const dissolvedOn = formatDate(text(organisation, 'dissolvedOn'));
    const regionRule = text(organisation, 'regionRule');
    const funder = organisation['funder'] as Named | null;
    const participations = list<Participation & { model: { id: string; name: string; family: string } }>(organisation, 'participations');
    const parts = await organisationPartsSection(organisation, participations, self);
    // Money for a whole outcomes contract is the contract's: say where it is rather than count it as this organisation's.
    const contracts = [...new Set(participations.filter((p) => p.model.family === 'OUTCOMES_PARTNERSHIP').map((p) => p.model.name))];
    const contractMoney = contracts.length > 0
      ? `Money paid to this organisation itself. Money paid for a whole outcomes contract is recorded on the contract, not here: see the funding on the page of ${contracts.length === 1 ? 'the outcomes partnership' : 'each outcomes partnership'} it takes part in (${contracts.join('; ')}).`
      : undefined;
    entityView(organisation, operation, 'Organisation', [
      fact('Status', status ? [statusBadge(status), status === 'DISSOLVED' && dissolvedOn ? ` on ${dissolvedOn}` : null] : null),
      fact('Incorporated', formatDate(text(organisation, 'incorporatedOn'))),
      fact('Dissolved', dissolvedOn),
      fact('Formerly', names(organisation, 'formerNames')),
      fact('Also known as', names(organisation, 'alternativeNames')),
      fact('Legal form', text(organisation, 'legalForm')),
      fact('Sector', text(organisation, 'sector')),
      fact(sicCodes.length > 1 ? 'SIC codes' : 'SIC code', sicCodes.length > 0 ? h('ul', { class: 'plain sic-codes' }, sicCodes.map((sic) =>
        h('li', null, h('span', { class: 'sic-code' }, sic.code), sic.description ? ` ${sic.description}` : h('span', { class: 'detail' }, ' (no description given)')))) : null),
      fact('Region', text(organisation, 'region') ? [text(organisation, 'region'), regionRule
        ? h('p', { class: 'detail region-rule' }, `Assigned by a rule, not stated by the source: ${regionRule}.`) : null] : null),
      fact('Nation', text(organisation, 'nation')),
      fact('Postcode', text(organisation, 'postcode')),
      fact('Place', text(organisation, 'place')),
      fact('Website', website ? externalLink(website) : null),
      fact('Identifiers', identifiers.length > 0 ? identifiers.map((identifier) => `${identifier.scheme} ${identifier.value}`).join(', ') : null),
      fact('As a funder', funder ? [nodeLink({ ...funder, __typename: 'Funder' }), h('span', { class: 'detail' }, ' (its funder record: what it funded)')] : null),
    ], [h('a', { class: 'button', href: `/graph/${encodeURIComponent(organisation.id)}` }, 'Graph around this organisation')], [
      parts,
      fundingSection(list<FundingItem>(organisation, 'fundings').map((funding) => ({ ...funding, via: null })), self, 'Funding received',
        'No funding is recorded for this organisation.', contractMoney),
      evidenceSection(list<EvidenceItem>(organisation, 'evidence'), scales, self, 'EVALUATES', false),
      namedSection(organisation, 'challengeAreas', 'Challenge areas it works in', 'WORKS_IN', 'ChallengeArea', true),
      namedSection(organisation, 'partners', 'Partners', 'PARTNERS_WITH', 'Organisation', true),
    ], status === 'DISSOLVED' ? h('p', { class: 'status-notice', id: 'status-notice' }, statusBadge(status),
      ` This organisation has been dissolved${dissolvedOn ? ` (on ${dissolvedOn})` : ''}: it no longer exists.`) : null);
  },

  ChallengeArea: async (area, scales, operation, url) => {
    const ancestors = list<Named>(area, 'ancestors');
    const self = selfNode(area);
    const [modelsSection, models, evidence, organisations, evidenceChart] = await Promise.all([
      areaModelsSection(area.key, text(area, 'name') ?? '', scales, url),
      pagedModelsSection(area, 'Models addressing this area or an area within it', 'ADDRESSES', true),
      pagedEvidenceSection(area, scales, self, 'EVIDENCE_IN', true),
      organisationListSection({
        id: 'organisations', title: 'Organisations working here', empty: 'None recorded.', operationName: 'ChallengeAreaOrganisations',
        base: { challengeAreas: { some: { key: { eq: area.key } } } }, url, chart: true, exportName: `${area.key}-organisations`,
        context: { node: self, edge: (row: OrganisationRow) => ({ source: row.id, target: area.id, type: 'WORKS_IN' }) },
      }),
      evidenceChartSection(area.key, area['evidenceStatus'] as EvidenceStatus, scales),
    ]);
    entityView(area, operation, 'Challenge area', [
      fact('Part of', ancestors.length > 0 ? ancestors.map((ancestor, index) => [index > 0 ? ' › ' : null, nodeLink(ancestor)]) : 'a top-level area'),
    ], [
      h('a', { class: 'button', href: `/gap-map?within=${encodeURIComponent(area.id)}` }, 'Evidence and gap map of this area'),
      h('a', { class: 'button', href: `/graph/${encodeURIComponent(area.id)}` }, 'Graph around this area'),
    ], [
      evidenceStatusSection(area['evidenceStatus'] as EvidenceStatus, scales),
      evidenceChart,
      modelsSection,
      namedSection(area, 'children', 'Sub-areas', null, 'ChallengeArea'),
      models,
      evidence,
      organisations,
      namedSection(area, 'outcomes', 'Outcomes in this area', 'OUTCOME_IN', 'Outcome', true),
    ]);
    // The gap map's rows link here: the view focuses its heading, so move on to the section asked for.
    if (url.hash === '#evidence-status') {
      document.getElementById('evidence-status-heading')?.focus();
    }
  },

  Funder: async (funder, _scales, operation, url) => {
    const self = selfNode(funder);
    const [organisations, models] = await Promise.all([
      organisationListSection({
        id: 'organisations', title: 'Organisations funded', empty: 'None recorded.', operationName: 'FunderOrganisations',
        base: { funders: { some: { key: { eq: funder.key } } } }, url, chart: true, exportName: `${funder.key}-organisations`,
        context: { node: self, edge: (row: OrganisationRow) => ({ source: funder.id, target: row.id, type: 'FUNDS' }) },
      }),
      pagedModelsSection(funder, 'Models funded directly', 'FUNDS'),
    ]);
    const totals = list<{ currency: string; amount: number; count: number }>(funder, 'totals');
    const website = text(funder, 'website');
    const fundings = list<FundingItem>(funder, 'fundings');
    const body = funder['organisation'] as (Named & { status: string | null; dissolvedOn: string | null }) | null;
    entityView(funder, operation, 'Funder', [
      fact('Formerly', names(funder, 'formerNames')),
      fact('Also known as', names(funder, 'alternativeNames')),
      fact('Kind', words(text(funder, 'kind'))),
      fact('As an organisation', body ? [nodeLink({ ...body, __typename: 'Organisation' }),
        body.status === 'DISSOLVED' ? [' ', statusBadge(body.status, body.dissolvedOn)] : null,
        h('span', { class: 'detail' }, ' (its organisation record: the models it runs or takes part in)')] : null),
      fact('Website', website ? externalLink(website) : null),
      fact('Total stated', totals.length > 0
        ? totals.map((total) => `${formatAmount(total.amount, total.currency)} over ${total.count} funding${total.count === 1 ? '' : 's'}`).join('; ')
        : 'no amounts stated'),
    ], [h('a', { class: 'button', href: `/graph/${encodeURIComponent(funder.id)}` }, 'Graph around this funder')], [
      listSection({
        id: 'fundings', title: 'What it funded', rows: fundings, empty: 'No funding is recorded.',
        exportName: `${funder.key}-fundings`,
        intro: fundingCharts('funding-charts', fundings.map((row) => ({ ...row, party: row.recipient })), 'recipient'),
        node: (row) => exportNodeOf(row.recipient ?? { __typename: 'Node', id: '?' }),
        context: { node: self, edge: (row) => ({ source: funder.id, target: row.recipient?.id ?? '?', type: 'FUNDS', attributes: fundingAttributes(row) }) },
        columns: [
          { header: 'Recipient', cell: (row) => (row.recipient ? nodeLink(row.recipient) : '—'), value: (row) => row.recipient?.name },
          ...fundingColumns(),
        ],
      }),
      organisations,
      models,
    ]);
  },

  Outcome: async (outcome, scales, operation) => {
    const self = selfNode(outcome);
    const models = await pagedModelsSection(outcome, 'Models aiming to change it', 'TARGETS');
    const findings = list<{ effect: string | null; note: string | null; evidence: EvidenceItem; sources: Source[] }>(outcome, 'findings');
    entityView(outcome, operation, 'Outcome', [], [h('a', { class: 'button', href: `/graph/${encodeURIComponent(outcome.id)}` }, 'Graph around this outcome')], [
      listSection({
        id: 'findings', title: 'Evidence reporting on it', rows: findings, empty: 'No evidence reports on this outcome yet: a gap.',
        exportName: `${outcome.key}-findings`, node: (row) => exportNodeOf({ ...row.evidence, __typename: 'Evidence' }),
        context: { node: self, edge: (row) => ({ source: row.evidence.id, target: outcome.id, type: 'REPORTS', attributes: { effect: row.effect, note: row.note } }) },
        columns: [
          { header: 'Evidence', cell: (row) => nodeLink({ ...row.evidence, __typename: 'Evidence' }), value: (row) => row.evidence.title },
          { header: 'Effect found', cell: (row) => effectText(row.effect), value: (row) => effectText(row.effect), code: (row) => row.effect },
          { header: 'Rating', cell: (row) => ratingExplained(row.evidence.rating, scales), value: (row) => ratingWords(row.evidence.rating, scales), code: (row) => ratingCode(row.evidence.rating) },
          { header: 'Finding', cell: (row) => [row.note ?? '—', ' ', sourceLinks(row.sources)], value: (row) => row.note },
        ],
      }),
      models,
      namedSection(outcome, 'challengeAreas', 'Challenge areas', 'OUTCOME_IN', 'ChallengeArea', true),
    ]);
  },

  Evidence: async (evidence, scales, operation, url) => {
    const self = selfNode(evidence);
    const organisations = await organisationListSection({
      id: 'organisations', title: 'Organisations it evaluates', empty: 'None recorded.', operationName: 'EvidenceOrganisations',
      base: { evidence: { some: { key: { eq: evidence.key } } } }, url, chart: true, exportName: `${evidence.key}-organisations`,
      context: { node: self, edge: (row: OrganisationRow) => ({ source: evidence.id, target: row.id, type: 'EVALUATES' }) },
    });
    const rating = evidence['rating'] as MaybeRating;
    // The curator's rating comes first in 'ratings'; the others are on other scales, each with its sources.
    const otherRatings = list<Rating & { sources: Source[] }>(evidence, 'ratings').slice(rating ? 1 : 0);
    const findings = list<{ outcome: Named; effect: string | null; primary: boolean | null; effectSize: string | null; significant: boolean | null; note: string | null; sources: Source[] }>(evidence, 'findings');
    const pooled = evidence['studiesPooled'] as number | null;
    entityView(evidence, operation, 'Evidence', [
      fact('Design', designLabel(text(evidence, 'design'))),
      fact('Authors', text(evidence, 'authors')),
      fact('Publisher', text(evidence, 'publisher')),
      fact('Year', evidence['year'] === null ? null : String(evidence['year'])),
      fact('Read it', externalLink(text(evidence, 'url') ?? '')),
      fact('Rating', [ratingBadge(rating, scales), ratingExplained(rating, scales)]),
      otherRatings.length > 0
        ? fact('On other scales', h('ul', { class: 'plain' }, otherRatings.map((other) =>
          h('li', null, ratingBadge(other, scales), ratingExplained(other, scales), sourceLinks(other.sources, 'Rated by')))))
        : null,
      fact('Studies pooled', pooled === null ? null : `${pooled} ${pooled === 1 ? 'study' : 'studies'}, as the review counts them`),
      fact('Summary', text(evidence, 'summary')),
    ], [h('a', { class: 'button', href: `/graph/${encodeURIComponent(evidence.id)}` }, 'Graph around this evidence')], [
      listSection({
        id: 'findings', title: 'Findings', rows: findings, empty: 'No finding on a particular outcome is recorded.',
        exportName: `${evidence.key}-findings`, node: (row) => exportNodeOf(row.outcome),
        context: { node: self, edge: (row) => ({ source: evidence.id, target: row.outcome.id, type: 'REPORTS', attributes: { effect: row.effect, note: row.note } }) },
        columns: [
          { header: 'Outcome', cell: (row) => nodeLink(row.outcome), value: (row) => row.outcome.name },
          { header: 'Effect found', cell: (row) => [effectText(row.effect), row.primary ? h('span', { class: 'detail' }, ' (primary outcome)') : null],
            value: (row) => effectText(row.effect), code: (row) => row.effect },
          { header: 'Size and significance', cell: (row) => sizeAndSignificance(row) ?? '—', value: (row) => sizeAndSignificance(row) },
          { header: 'Finding', cell: (row) => [row.note ?? '—', ' ', sourceLinks(row.sources)], value: (row) => row.note },
        ],
      }),
      namedSection(evidence, 'models', 'Models it evaluates', 'EVALUATES', 'Model', true),
      organisations,
      namedSection(evidence, 'challengeAreas', 'Challenge areas it is about', 'EVIDENCE_IN', 'ChallengeArea', true),
    ]);
  },

  Source: (source, _scales, operation) => {
    const url = text(source, 'url');
    show(text(source, 'title') ?? 'Source',
      pageHeading(text(source, 'title') ?? 'Source', 'Source', h('div', { class: 'view-actions' }, queryLink(operation))),
      h('dl', { class: 'facts' }, [
        fact('Publisher', text(source, 'publisher')),
        fact('Address', url ? externalLink(url) : null),
        fact('Read on', text(source, 'retrieved')),
        fact('Licence', text(source, 'licence')),
        fact('Note', text(source, 'note')),
        fact('Dataset', datasetLabel(text(source, 'origin'))),
      ]));
  },
};

/** "risk ratio 0.67 (95% CI 0.52 to 0.86); statistically significant", as far as the source reports either. */
function sizeAndSignificance(finding: { effectSize: string | null; significant: boolean | null }): string | null {
  const significance = finding.significant === null ? null : finding.significant ? 'statistically significant' : 'not statistically significant';
  return [finding.effectSize, significance].filter(Boolean).join('; ') || null;
}

/** A record's page: heading (with a notice such as "dissolved" under it), key facts with their sources, its lists, its sources. */
function entityView(record: EntityRecord, operation: Operation, kind: string, facts: Child[], actions: Child[], sections: Child[], notice: Child = null): void {
  const title = text(record, 'name') ?? text(record, 'title') ?? record.key;
  const description = text(record, 'description');
  const imported = datasetBadge(text(record, 'origin'));
  show(title,
    pageHeading(title, kind, imported ? h('p', { class: 'dataset-note' }, imported) : null, notice, description ? h('p', { class: 'lead' }, description) : null,
      h('div', { class: 'view-actions' }, actions,
        h('a', { class: 'button secondary', href: connectionsHref(record.id) }, 'How is this connected to…'), queryLink(operation))),
    h('section', { class: 'panel', 'aria-labelledby': 'facts-heading' },
      h('h2', { id: 'facts-heading' }, 'Key facts'),
      h('dl', { class: 'facts' }, facts, fact('Record', `${record.key}, from ${datasetLabel(text(record, 'origin'))}`)),
      sourceLinks(record.sources ?? [], 'Facts from source')),
    sections,
    sourcesSection(record.sources ?? []));
}

function evidenceColumns(scales: Map<string, ScaleInfo>, withFindings: boolean): Column<EvidenceItem>[] {
  const columns: Column<EvidenceItem>[] = [
    { header: 'Evidence', cell: (row) => [nodeLink({ ...row, __typename: 'Evidence' }), h('br'), h('span', { class: 'detail' },
      [designLabel(row.design), row.publisher, row.year ? String(row.year) : null].filter(Boolean).join(' · '))], value: (row) => row.title },
    { header: 'Rating', cell: (row) => [ratingBadge(row.rating, scales), ratingExplained(row.rating, scales)], value: (row) => ratingWords(row.rating, scales), code: (row) => ratingCode(row.rating) },
  ];
  if (withFindings) {
    columns.push({ header: 'Findings', cell: (row) => (row.findings?.length ?? 0) > 0
      ? h('ul', { class: 'plain' }, row.findings?.map((finding) => h('li', null, nodeLink(finding.outcome), ': ', effectText(finding.effect))))
      : 'none recorded', value: (row) => row.findings?.map((finding) => `${finding.outcome.name}: ${effectText(finding.effect)}`).join('; ') });
  }
  columns.push({ header: 'Read it', cell: (row) => [externalLink(row.url, 'publication'), ' ', sourceLinks(row.sources)], value: (row) => row.url });
  return columns;
}

const strongestFirst = (a: EvidenceItem, b: EvidenceItem) => ratingLevel(b.rating) - ratingLevel(a.rating) || a.title.localeCompare(b.title);

function evidenceExport(self: ExportNode, relationship: string) {
  return {
    exportName: `${self.label}-evidence`,
    node: (row: EvidenceItem) => exportNodeOf({ ...row, __typename: 'Evidence' }, { year: row.year, design: row.design, scale: row.rating?.scale ?? null, level: row.rating?.level ?? null, url: row.url }),
    context: { node: self, edge: (row: EvidenceItem) => ({ source: row.id, target: self.id, type: relationship }) },
  };
}

function evidenceSection(evidence: EvidenceItem[], scales: Map<string, ScaleInfo>, self: ExportNode, relationship: string, withFindings: boolean): HTMLElement {
  return listSection({
    id: 'evidence', title: 'Evidence', rows: [...evidence].sort(strongestFirst), empty: 'No evidence is recorded yet.',
    ...evidenceExport(self, relationship),
    columns: evidenceColumns(scales, withFindings),
    intro: h('p', { class: 'detail' }, 'Strongest first. Each rating is given on a named scale, with the reason in the reviewer’s words.'),
  });
}

/** Evidence about a record that can gather a great deal of it (an area): a page at a time, the pages read so far strongest first. */
function pagedEvidenceSection(record: EntityRecord, scales: Map<string, ScaleInfo>, self: ExportNode, relationship: string, within = false): Promise<HTMLElement> {
  return pagedListSection<EvidenceItem>({
    id: 'evidence', title: within ? 'Evidence about this area or an area within it' : 'Evidence', empty: 'No evidence is recorded yet.',
    operation: within
      ? { query: withinAreaQuery('evidence', pagedFields.evidence), variables: { key: record.key } }
      : { query: connectionQuery(record.__typename, 'evidence', pagedFields.evidence), variables: { id: record.id } },
    pageSize, page: (data) => (within ? rootPage(data, 'evidence') : connectionOf(data, 'evidence')), sort: strongestFirst,
    ...evidenceExport(self, relationship),
    columns: evidenceColumns(scales, false),
    intro: h('p', { class: 'detail' }, 'Strongest first (of those shown). Each rating is given on a named scale, with the reason in the reviewer’s words.'),
  });
}

function fundingColumns(): Column<FundingItem>[] {
  return [
    { header: 'Amount', cell: (row) => formatAmount(row.amount, row.currency), value: (row) => row.amount },
    { header: 'Currency', cell: (row) => row.currency ?? '—', value: (row) => row.currency },
    { header: 'Year', cell: (row) => (row.year ? String(row.year) : '—'), value: (row) => row.year },
    { header: 'Instrument', cell: (row) => words(row.instrument) || '—', value: (row) => words(row.instrument), code: (row) => row.instrument },
    { header: 'Note and source', cell: (row) => [row.note ?? '', ' ', derivation(row), ' ', sourceLinks(row.sources)],
      value: (row) => [row.note, row.rule ? `derived by ${row.rule} from ${row.readValue ?? ''}` : null].filter(Boolean).join('; ') },
  ];
}

function fundingAttributes(row: FundingItem): Record<string, string | number | null> {
  return { amount: row.amount, currency: row.currency, year: row.year, instrument: row.instrument };
}

function fundingSection(fundings: (FundingItem & { via: Named | null })[], self: ExportNode, title: string, empty: string, intro?: string, partial?: string, chart?: Child): HTMLElement {
  const itself = `this ${nodeTypes[self.type as NodeType]?.label.toLowerCase() ?? 'record'} itself`;
  return listSection({
    id: 'funders', title, rows: fundings, empty, partial, exportName: `${self.label}-funders`, intro: [intro ? h('p', { class: 'detail' }, intro) : null, chart],
    node: (row) => exportNodeOf({ __typename: 'Funder', id: row.funder?.id ?? '?', name: row.funder?.name ?? '' }, { kind: row.funder?.kind }),
    context: { node: self, edge: (row) => ({ source: row.funder?.id ?? '?', target: row.via?.id ?? self.id, type: 'FUNDS', attributes: fundingAttributes(row) }) },
    columns: [
      { header: 'Funder', cell: (row) => (row.funder ? nodeLink({ ...row.funder, __typename: 'Funder' }) : '—'), value: (row) => row.funder?.name },
      { header: 'Funded', cell: (row) => (row.via ? nodeLink({ ...row.via, __typename: 'Organisation' }) : itself), value: (row) => row.via?.name ?? itself },
      ...fundingColumns(),
    ],
  });
}

/**
 * Money given to the model itself, and to the organisations running it that have funding recorded: all of them,
 * whichever page of organisations is shown, read by their own bounded query.
 */
async function modelFundingSection(model: EntityRecord, self: ExportNode): Promise<HTMLElement> {
  const title = 'Funding';
  const direct = list<FundingItem>(model, 'fundings').map((funding) => ({ ...funding, via: null }));
  let funded: { totalCount: number; nodes: (Named & { fundings: FundingItem[] })[] };
  try {
    funded = (await run<{ organisations: typeof funded }>({ query: fundedOrganisationsOfModelQuery, variables: { key: model.key, first: pageSize } })).organisations;
  } catch (error) {
    return failedSection('funders', title, error);
  }
  const fundings = [
    ...direct,
    ...funded.nodes.flatMap((organisation) => organisation.fundings.map((funding) => ({ ...funding, via: organisation }))),
  ];
  const cut = funded.totalCount > funded.nodes.length;
  const organisations = cut
    ? `the first ${number(funded.nodes.length)} (by name) of the ${number(funded.totalCount)} organisations running it that have funding recorded`
    : `the organisations that run it (${funded.totalCount === 0 ? 'none has' : funded.totalCount === 1 ? 'one has' : `${number(funded.totalCount)} have`} funding recorded)`;
  return fundingSection(fundings, self, title, 'No funding is recorded for this model or the organisations running it.',
    `Money given to the model itself, and to ${organisations}.`, cut ? `fundings of the model and of ${organisations}` : undefined,
    fundingCharts('funding-charts', fundings.map((row) => ({ ...row, party: row.funder && { ...row.funder, __typename: 'Funder' } })), 'funder'));
}

/**
 * The models of a record that can gather many (an area, a funder, an outcome), a page at a time through its
 * connection. GraphML's edges point as the relationship reads: a model ADDRESSES an area, a funder FUNDS a model.
 */
function pagedModelsSection(record: EntityRecord, title: string, relationship: 'ADDRESSES' | 'TARGETS' | 'FUNDS', within = false): Promise<HTMLElement> {
  type Row = Named & { family: string; verdict: { value: string } };
  const self = selfNode(record);
  return pagedListSection<Row>({
    id: 'models', title, empty: 'None recorded.', exportName: `${record.key}-models`,
    operation: within
      ? { query: withinAreaQuery('models', pagedFields.model), variables: { key: record.key } }
      : { query: connectionQuery(record.__typename, 'models', pagedFields.model), variables: { id: record.id } },
    pageSize, page: (data) => (within ? rootPage<Row>(data, 'models') : connectionOf<Row>(data, 'models')),
    // The same list on /models, where it can be filtered by family, verdict, strength and region.
    intro: within ? h('p', { class: 'detail' }, h('a', { href: `/models?area=${encodeURIComponent(record.key)}` }, 'Filter these models'),
      ' by family, whether they work, strength of evidence and the region they are delivered in.') : undefined,
    node: (row) => exportNodeOf({ ...row, __typename: 'Model' }, { family: row.family, verdict: row.verdict.value }),
    context: { node: self, edge: (row) => (relationship === 'FUNDS'
      ? { source: record.id, target: row.id, type: relationship } : { source: row.id, target: record.id, type: relationship }) },
    columns: [
      { header: 'Model', cell: (row) => nodeLink({ ...row, __typename: 'Model' }), value: (row) => row.name },
      { header: 'Verdict', cell: (row) => verdictBadge(row.verdict.value), value: (row) => verdictLabel(row.verdict.value), code: (row) => row.verdict.value },
      { header: 'Family', cell: (row) => words(row.family) || '—', value: (row) => words(row.family), code: (row) => row.family },
    ],
  });
}

/** The page of `${field}Connection` in a connectionQuery's answer (an empty one when the record has gone). */
function connectionOf<T>(data: unknown, field: string): Page<T> {
  const node = (data as { node: Record<string, Page<T> | undefined> | null }).node;
  return node?.[`${field}Connection`] ?? { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
}

/** The page of a root connection (models, evidence) in a withinAreaQuery's answer. */
function rootPage<T>(data: unknown, field: string): Page<T> {
  return (data as Record<string, Page<T>>)[field] ?? { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
}

/** A list of linked records, with a second column when they carry one (family, region, ...). */
function namedSection(record: EntityRecord, field: string, title: string, relationship: string | null, type: NodeType, outgoing = false): HTMLElement {
  const rows = list<Named & { family?: string; region?: string | null }>(record, field).map((row) => ({ ...row, __typename: row.__typename ?? type }));
  const self = selfNode(record);
  const detail = rows.some((row) => row.family) ? 'Family' : rows.some((row) => row.region) ? 'Region' : null;
  const columns: Column<Named & { family?: string; region?: string | null }>[] = [
    { header: nodeTypes[type].label, cell: nodeLink, value: (row) => row.name },
  ];
  if (detail) {
    columns.push(detail === 'Family'
      ? { header: detail, cell: (row) => words(row.family) || '—', value: (row) => words(row.family), code: (row) => row.family }
      : { header: detail, cell: (row) => row.region || '—', value: (row) => row.region });
  }
  return listSection({
    id: field, title, rows, empty: 'None recorded.', exportName: `${record.key}-${field}`,
    node: (row) => exportNodeOf(row, { family: row.family, region: row.region }),
    context: relationship ? {
      node: self,
      edge: (row) => (outgoing ? { source: record.id, target: row.id, type: relationship } : { source: row.id, target: record.id, type: relationship }),
    } : undefined,
    columns,
  });
}

/** A list of names ("Formerly", "Also known as") as one line; null when there are none. */
function names(record: EntityRecord, field: string): string | null {
  const values = list<string>(record, field);
  return values.length > 0 ? values.join('; ') : null;
}

function fact(label: string, value: Child): Child {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  return [h('dt', null, label), h('dd', null, value)];
}

function text(record: EntityRecord, field: string): string | null {
  const value = record[field];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function list<T>(record: EntityRecord, field: string): T[] {
  return (record[field] as T[] | undefined) ?? [];
}

function selfNode(record: EntityRecord): ExportNode {
  return exportNodeOf({ __typename: record.__typename, id: record.id, name: text(record, 'name'), title: text(record, 'title') }, { key: record.key });
}

