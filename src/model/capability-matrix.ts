import { API_NAMES, CAPABILITIES, Capability, Support } from './capabilities';
import { IngressApiKind } from './types';

/**
 * The README's capability matrix, rendered from the capability table so the
 * two cannot drift apart: `npm run docs:matrix` rewrites the README section
 * between the markers, and a test fails when it differs.
 */

export const MATRIX_START = '<!-- capability-matrix:start -->';
export const MATRIX_END = '<!-- capability-matrix:end -->';

const SYMBOLS: Readonly<Record<Support, string>> = {
  [Support.SUPPORTED]: '✅',
  [Support.EXTENSION]: '🟡',
  [Support.UNSUPPORTED]: '❌',
};

const COLUMNS = [IngressApiKind.ISTIO, IngressApiKind.GATEWAY_API, IngressApiKind.KUBERNETES_INGRESS];

/** The matrix as Markdown: a table with one row per feature, a legend, and the notes as numbered footnotes. */
export function renderCapabilityMatrix(capabilities: readonly Capability[] = CAPABILITIES): string {
  const footnotes: string[] = [];
  const footnote = (note: string): number => {
    const known = footnotes.indexOf(note);
    if (known >= 0) return known + 1;
    footnotes.push(note);
    return footnotes.length;
  };
  const header = `| feature | ${COLUMNS.map((api) => API_NAMES[api].replace(/ \(.*\)$/, '')).join(' | ')} |`;
  const rows = capabilities.map((entry) => {
    const cells = COLUMNS.map((api) => {
      const note = entry.notes?.[api];
      return note === undefined ? SYMBOLS[entry.support[api]] : `${SYMBOLS[entry.support[api]]} [${footnote(note)}]`;
    });
    return `| ${escapeCell(entry.title)} | ${cells.join(' | ')} |`;
  });
  return [
    '<!-- generated from src/model/capabilities.ts by `npm run docs:matrix`; edit the table there, not here -->',
    header,
    `| --- | ${COLUMNS.map(() => ':---:').join(' | ')} |`,
    ...rows,
    '',
    `${SYMBOLS[Support.SUPPORTED]} supported · ${SYMBOLS[Support.EXTENSION]} supported through Istio-specific or implementation-specific behaviour · ` +
      `${SYMBOLS[Support.UNSUPPORTED]} not supported: using it fails at synth time`,
    '',
    ...footnotes.map((note, i) => `${i + 1}. ${note}`),
  ].join('\n');
}

/** `readme` with the section between the markers replaced by the current matrix. */
export function withCapabilityMatrix(readme: string, capabilities: readonly Capability[] = CAPABILITIES): string {
  const start = readme.indexOf(MATRIX_START);
  const end = readme.indexOf(MATRIX_END);
  if (start < 0 || end < start) throw new Error(`README has no ${MATRIX_START} ... ${MATRIX_END} section to hold the capability matrix`);
  return `${readme.slice(0, start + MATRIX_START.length)}\n${renderCapabilityMatrix(capabilities)}\n${readme.slice(end)}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
