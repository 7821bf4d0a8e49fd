/** An organisation's status and dates in plain words: a dissolved one is marked where it is shown, never only in a code. */
import { h } from '../app/dom';

/** "2017-06-06" as people write it: "6 June 2017". */
export function formatDate(iso: string | null | undefined): string | null {
  if (!iso) {
    return null;
  }
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

export function statusLabel(status: string | null | undefined): string {
  switch (status) {
    case 'ACTIVE':
      return 'Active';
    case 'DISSOLVED':
      return 'Dissolved';
    case null:
    case undefined:
      return 'Not recorded';
    default:
      return status.charAt(0) + status.slice(1).toLowerCase();
  }
}

/** The status as a badge ("Dissolved" stands out; "Active" is quiet); with the year of dissolution when known. */
export function statusBadge(status: string | null | undefined, dissolvedOn?: string | null): HTMLElement {
  if (!status) {
    return h('span', { class: 'detail' }, 'Not recorded');
  }
  const year = status === 'DISSOLVED' && dissolvedOn ? dissolvedOn.slice(0, 4) : null;
  return h('span', { class: `badge status-badge status-${status.toLowerCase()}` }, statusLabel(status), year ? ` ${year}` : null);
}
