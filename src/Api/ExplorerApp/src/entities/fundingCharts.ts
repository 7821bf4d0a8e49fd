/**
 * Funding as pictures, above the list of fundings on a model's page (by funder) and a funder's (by recipient): one
 * bar per funder or recipient, split by instrument. Money in different currencies is never added up: each currency
 * has a chart of its own. A funding whose amount no source states is not taken for nothing either: it goes into a
 * chart that counts such fundings instead, so every funding of the list is in exactly one chart.
 */
import { pageHref, type NodeRef } from '../api/nodes';
import { formatAmount, h, words } from '../app/dom';
import { number } from '../app/view';
import { barChart, palette, type ChartBar, type ChartSeries } from '../charts/barChart';

export interface ChartedFunding {
  /** The funder (on a model's page) or the recipient (on a funder's). */
  party: (NodeRef & { name: string }) | null | undefined;
  amount: number | null;
  currency: string | null;
  instrument: string | null;
}

/** Who the bars are: "funder" or "recipient". */
export type FundingParty = 'funder' | 'recipient';

/**
 * The API's FundingInstrument values in the order the parts of a bar run, each with the colour and pattern it has on
 * every chart: no two share either, and the commonest (outcomes payments) is plain.
 */
const instruments: { key: string; colour: string; pattern: number }[] = [
  { key: 'GRANT', colour: '#0072b2', pattern: 1 },
  { key: 'LOAN', colour: '#d55e00', pattern: 2 },
  { key: 'EQUITY', colour: '#7b3294', pattern: 4 },
  { key: 'OUTCOMES_PAYMENT', colour: '#009e73', pattern: 0 },
  { key: 'COMMUNITY_SHARES', colour: '#00798c', pattern: 5 },
  { key: 'CONTRACT', colour: '#b2182b', pattern: 3 },
  { key: 'OTHER', colour: '#9a6700', pattern: 6 },
];

/** A funding whose instrument no source gives. */
const noInstrument = 'none';

/** The most bars a chart draws; the rest are summed into one bar that says how many it holds. */
const mostBars = 12;

export function fundingCharts(id: string, fundings: ChartedFunding[], party: FundingParty): HTMLElement | null {
  // One funding is its own row of the table: a picture would add nothing.
  if (fundings.length < 2) {
    return null;
  }
  const stated = fundings.filter((funding) => funding.amount !== null);
  const unstated = fundings.filter((funding) => funding.amount === null);
  const currencies = [...new Set(stated.map((funding) => funding.currency ?? ''))]
    .sort((a, b) => Number(b === 'GBP') - Number(a === 'GBP') || a.localeCompare(b));
  const charts = currencies.map((currency) => {
    const inCurrency = stated.filter((funding) => (funding.currency ?? '') === currency);
    const format = (value: number) => (currency ? formatAmount(value, currency) : number(value));
    return chart(`${id}-amounts-${currency.toLowerCase() || 'no-currency'}`,
      `Amounts stated ${currency ? `in ${currencyName(currency)}` : 'with no currency named'}, by ${party} and instrument`,
      inCurrency, party, (funding) => funding.amount ?? 0, format, currency ? `Amount (${currency})` : 'Amount');
  });
  if (unstated.length > 0) {
    charts.push(chart(`${id}-unstated`, `Fundings with no amount stated, by ${party} and instrument: counted, not summed`,
      unstated, party, () => 1, number, 'Fundings'));
  }
  return h('div', { class: 'chart-group', id },
    h('p', { class: 'chart-summary' }, summary(fundings.length, stated.length, currencies)),
    charts);
}

function summary(all: number, stated: number, currencies: string[]): string {
  const none = all - stated;
  const amounts = stated === 0
    ? 'none states an amount, so the chart counts them'
    : `${stated === all ? 'all state' : `${number(stated)} state`} an amount${currencies.length === 1
      ? (currencies[0] ? ` in ${currencyName(currencies[0])}` : '')
      : `, in ${currencies.length} currencies, charted apart: amounts in different currencies are not added together`}`;
  const counted = none > 0 && stated > 0 ? `; ${number(none)} state${none === 1 ? 's' : ''} none, so ${none === 1 ? 'it is' : 'they are'} counted in a chart of their own` : '';
  return `${number(all)} fundings: ${amounts}${counted}.`;
}

/** "GBP (British Pound)": the currency's code, with its name in words. */
function currencyName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en-GB'], { type: 'currency' }).of(code);
    return name && name !== code ? `${code} (${name})` : code;
  } catch {
    return code;
  }
}

function chart(id: string, title: string, fundings: ChartedFunding[], party: FundingParty, value: (funding: ChartedFunding) => number,
  format: (value: number) => string, valueHeader: string): HTMLElement {
  const used = new Set(fundings.map((funding) => funding.instrument ?? noInstrument));
  const series: ChartSeries[] = instruments.filter((instrument) => used.has(instrument.key))
    .map((instrument) => ({ ...instrument, label: words(instrument.key) }));
  // Instruments the explorer does not know yet (a value added to the API) still get their own part, before the unknown.
  for (const instrument of used) {
    if (instrument !== noInstrument && !series.some((entry) => entry.key === instrument)) {
      series.push({ key: instrument, label: words(instrument), colour: palette[series.length % palette.length] ?? '#0072b2', pattern: series.length });
    }
  }
  if (used.has(noInstrument)) {
    series.push({ key: noInstrument, label: 'Instrument not recorded', colour: '#8a8a8a', unknown: true });
  }

  const byParty = new Map<string, { party: ChartedFunding['party']; parts: Map<string, number> }>();
  for (const funding of fundings) {
    const key = funding.party?.id ?? '';
    const entry = byParty.get(key) ?? { party: funding.party, parts: new Map<string, number>() };
    const instrument = funding.instrument ?? noInstrument;
    entry.parts.set(instrument, (entry.parts.get(instrument) ?? 0) + value(funding));
    byParty.set(key, entry);
  }
  const total = (parts: Map<string, number>) => [...parts.values()].reduce((sum, part) => sum + part, 0);
  const ranked = [...byParty.entries()].sort(([, a], [, b]) => total(b.parts) - total(a.parts) || (a.party?.name ?? '').localeCompare(b.party?.name ?? ''));
  const shown = ranked.length > mostBars ? ranked.slice(0, mostBars - 1) : ranked;
  const rest = ranked.slice(shown.length);

  const barOf = (key: string, label: string, parts: Map<string, number>, href?: string, unknown = false): ChartBar => ({
    key, label, href, unknown, value: total(parts), valueText: format(total(parts)),
    segments: series.map((entry) => ({ series: entry.key, value: parts.get(entry.key) ?? 0 })),
  });
  const bars = shown.map(([key, entry]) => (entry.party
    ? barOf(key, entry.party.name, entry.parts, pageHref(entry.party))
    : barOf(key, `${party === 'funder' ? 'Funder' : 'Recipient'} not recorded`, entry.parts, undefined, true)));
  if (rest.length > 0) {
    const parts = new Map<string, number>();
    for (const [, entry] of rest) {
      for (const [instrument, part] of entry.parts) {
        parts.set(instrument, (parts.get(instrument) ?? 0) + part);
      }
    }
    bars.push(barOf('others', `${number(rest.length)} other ${party}s together`, parts));
  }
  return barChart({
    id, title, bars, series, format, valueHeader,
    labelHeader: party === 'funder' ? 'Funder' : 'Recipient',
  });
}
