/**
 * Ratings in plain words. The words come from the API itself: the descriptions of the EvidenceScale enum (the
 * scales' full names) and of EvidenceRating.level (each scale's range, and which way is stronger), read once by
 * introspection, and each rating's own label and one-line reason. Nothing about a scale is written into the app.
 */
import { run } from '../api/graphql';
import { h, words } from '../app/dom';

export interface Rating {
  scale: string;
  level: number;
  label?: string | null;
  reason?: string | null;
}

/** A curator's rating, or null for a document a dataset lists that nobody has appraised yet. */
export type MaybeRating = Rating | null;

const notAppraised = 'Not appraised: a dataset lists this document, and nobody has rated its strength yet. It counts among the studies found, never toward strength or verdicts';

/** The rating as exports write it, e.g. "NESTA 3"; empty when nobody has rated it. */
export function ratingCode(rating: MaybeRating): string {
  return rating ? `${rating.scale} ${rating.level}${rating.label ? ` (${rating.label})` : ''}` : '';
}

/** The rating as a download's words column gives it: "Nesta Standards of Evidence: level 3 (“label”)", or "Not appraised". */
export function ratingWords(rating: MaybeRating, known: Map<string, ScaleInfo>): string {
  return rating
    ? `${known.get(rating.scale)?.title ?? words(rating.scale)}: level ${rating.level}${rating.label ? ` (“${rating.label}”)` : ''}`
    : 'Not appraised';
}

/** For sorting strongest first: the level, and below every level evidence nobody has rated. */
export function ratingLevel(rating: MaybeRating): number {
  return rating?.level ?? -1;
}

export interface ScaleInfo {
  name: string;
  title: string;
  range: string | null;
  direction: string | null;
}

let scales: Promise<Map<string, ScaleInfo>> | null = null;

export const scalesQuery = `query RatingScales {
  scale: __type(name: "EvidenceScale") { description enumValues { name description } }
  rating: __type(name: "EvidenceRating") { fields { name description } }
}`;

interface IntrospectedScales {
  scale: { description: string | null; enumValues: { name: string; description: string | null }[] } | null;
  rating: { fields: { name: string; description: string | null }[] } | null;
}

export function loadScales(): Promise<Map<string, ScaleInfo>> {
  scales ??= run<IntrospectedScales>({ query: scalesQuery }).then(readScales).catch(() => new Map<string, ScaleInfo>());
  return scales;
}

function readScales(data: IntrospectedScales): Map<string, ScaleInfo> {
  const scaleText = data.scale?.description ?? '';
  const levelText = data.rating?.fields.find((field) => field.name === 'level')?.description ?? '';
  // e.g. "The level on that scale; higher is stronger (NESTA 1-5, ...)": the clause after the semicolon.
  const direction = /;\s*([^(;]+?)\s*(\(|$)/.exec(levelText)?.[1] ?? null;
  const result = new Map<string, ScaleInfo>();
  for (const value of data.scale?.enumValues ?? []) {
    // e.g. "NESTA (Nesta Standards of Evidence 1-5)": the name in brackets after the enum value, without its range.
    const named = value.description ?? new RegExp(`\\b${value.name} \\(([^)]+)\\)`).exec(scaleText)?.[1] ?? null;
    const title = named?.replace(/\s+\d+\s*[-–]\s*\d+$/, '') ?? words(value.name);
    const range = new RegExp(`\\b${value.name} (\\d+)\\s*[-–]\\s*(\\d+)`).exec(levelText);
    result.set(value.name, { name: value.name, title, range: range ? `${range[1]} to ${range[2]}` : null, direction });
  }
  return result;
}

/** "Level 2 on the Nesta Standards of Evidence (a scale of 1 to 5; higher is stronger)". */
export function ratingSentence(rating: Rating, known: Map<string, ScaleInfo>): string {
  const scale = known.get(rating.scale);
  const label = rating.label ? ` (“${rating.label}”)` : '';
  const about = [scale?.range ? `a scale of ${scale.range}` : null, scale?.direction].filter(Boolean).join('; ');
  return `Level ${rating.level}${label} on the ${scale?.title ?? words(rating.scale)}${about ? ` (${about})` : ''}`;
}

export function ratingBadge(rating: MaybeRating, known: Map<string, ScaleInfo>): HTMLElement {
  if (!rating) {
    return h('span', { class: 'rating-badge unrated', title: notAppraised }, 'Not appraised');
  }
  const scale = known.get(rating.scale);
  return h('span', { class: `rating-badge level-${Math.min(Math.max(rating.level, 0), 5)}`, title: ratingSentence(rating, known) },
    `${scale?.title ?? words(rating.scale)}: level ${rating.level}`);
}

export function ratingExplained(rating: MaybeRating, known: Map<string, ScaleInfo>): HTMLElement {
  if (!rating) {
    return h('div', { class: 'rating' }, h('p', { class: 'rating-sentence' }, notAppraised, '.'));
  }
  return h('div', { class: 'rating' },
    h('p', { class: 'rating-sentence' }, ratingSentence(rating, known), '.'),
    rating.reason ? h('p', { class: 'rating-reason' }, h('strong', null, 'Why this rating: '), rating.reason) : null);
}
