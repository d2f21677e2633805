import { refuse } from './refusal.js';
import { childNamed, childrenNamed, parseXmlPart, type XmlElement } from './xml-tree.js';
import type { ZipArchive } from './zip-archive.js';

/** Small parts (workbook, relationships, styles) are parsed whole; none is legitimately larger. */
export const SMALL_PART_MAX_BYTES = 64 * 1024 * 1024;

/** Where the users sheet and the parts needed to decode it are, found through relationships. */
export interface WorkbookLayout {
  /** The workbook part (e.g. `xl/workbook.xml`). */
  readonly workbookPart: string;
  /** The first visible worksheet's name, as shown on its tab. */
  readonly sheetName: string;
  /** The first visible worksheet's part. */
  readonly sheetPart: string;
  /** The shared strings part, when the workbook has one. */
  readonly sharedStringsPart: string | null;
  /** The styles part, when the workbook has one. */
  readonly stylesPart: string | null;
  /** Whether dates count from 1904-01-01 (`workbookPr date1904`) rather than from 1900. */
  readonly date1904: boolean;
}

interface Relationship {
  readonly type: string;
  readonly target: string;
}

/**
 * Follows `_rels/.rels` → officeDocument → the workbook's relationships, as SPEC §3 requires:
 * part names are never assumed (files from some producers keep the workbook outside `xl/`).
 * Relationship types are matched by their last segment so that transitional
 * (schemas.openxmlformats.org) and Strict (purl.oclc.org) files read alike.
 */
export async function readWorkbookLayout(
  zip: ZipArchive,
  fileName: string,
): Promise<WorkbookLayout> {
  const packageRels = zip.has('_rels/.rels') ? await readRelationships(zip, '', fileName) : null;
  const officeDocument = packageRels
    ? [...packageRels.values()].find((rel) => rel.type === 'officeDocument')
    : undefined;
  const workbookPart =
    officeDocument?.target ?? (zip.has('xl/workbook.xml') ? 'xl/workbook.xml' : null);
  if (workbookPart === null || !zip.has(workbookPart)) {
    throw refuse('not-a-workbook', fileName, 'it holds no workbook part');
  }
  const workbook = parseXmlPart(
    await zip.readPart(workbookPart, SMALL_PART_MAX_BYTES),
    workbookPart,
    fileName,
  );
  if (workbook.name !== 'workbook') {
    throw refuse('not-a-workbook', fileName, `its main document is a "${workbook.name}"`);
  }
  const rels = zip.has(relsPartOf(workbookPart))
    ? await readRelationships(zip, workbookPart, fileName)
    : new Map<string, Relationship>();
  const sheet = firstVisibleWorksheet(workbook, rels, fileName);
  if (!zip.has(sheet.part)) {
    throw refuse('corrupt-file', fileName, `the part of sheet "${sheet.name}" is missing`);
  }
  const related = (type: string): string | null => {
    const target = [...rels.values()].find((rel) => rel.type === type)?.target;
    return target !== undefined && zip.has(target) ? target : null;
  };
  const date1904 = childNamed(workbook, 'workbookPr')?.attributes.get('date1904');
  return {
    workbookPart,
    sheetName: sheet.name,
    sheetPart: sheet.part,
    sharedStringsPart: related('sharedStrings'),
    stylesPart: related('styles'),
    date1904: date1904 === '1' || date1904 === 'true',
  };
}

function firstVisibleWorksheet(
  workbook: XmlElement,
  rels: ReadonlyMap<string, Relationship>,
  fileName: string,
): { name: string; part: string } {
  const sheets = childrenNamed(childNamed(workbook, 'sheets') ?? workbook, 'sheet');
  let worksheets = 0;
  for (const sheet of sheets) {
    const rel = rels.get(sheet.attributes.get('id') ?? '');
    if (rel?.type !== 'worksheet') {
      continue; // chart sheets, dialog and macro sheets hold no table of users
    }
    worksheets += 1;
    const state = sheet.attributes.get('state') ?? 'visible';
    if (state === 'hidden' || state === 'veryHidden') {
      continue;
    }
    return { name: sheet.attributes.get('name') ?? '', part: rel.target };
  }
  if (worksheets === 0) {
    throw refuse('not-a-workbook', fileName, 'it has no worksheet');
  }
  throw refuse('no-visible-sheet', fileName);
}

/** The relationships of `sourcePart` ('' for the package), by Id, targets resolved to part names. */
async function readRelationships(
  zip: ZipArchive,
  sourcePart: string,
  fileName: string,
): Promise<Map<string, Relationship>> {
  const relsPart = relsPartOf(sourcePart);
  const root = parseXmlPart(await zip.readPart(relsPart, SMALL_PART_MAX_BYTES), relsPart, fileName);
  const base = sourcePart.includes('/') ? sourcePart.slice(0, sourcePart.lastIndexOf('/') + 1) : '';
  const rels = new Map<string, Relationship>();
  for (const rel of childrenNamed(root, 'Relationship')) {
    const id = rel.attributes.get('Id');
    const type = rel.attributes.get('Type');
    const target = rel.attributes.get('Target');
    if (id === undefined || type === undefined || target === undefined) {
      continue;
    }
    if (rel.attributes.get('TargetMode') === 'External') {
      continue;
    }
    rels.set(id, {
      type: type.slice(type.lastIndexOf('/') + 1),
      target: resolveTarget(base, target),
    });
  }
  return rels;
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; '' (the package) → `_rels/.rels`. */
function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target (relative to `base`, or absolute from the package root). */
export function resolveTarget(base: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // a stray % is taken literally
  }
  const segments = decoded.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const segment of decoded.split('/')) {
    if (segment === '..') {
      segments.pop();
    } else if (segment !== '.' && segment !== '') {
      segments.push(segment);
    }
  }
  return segments.join('/');
}
