import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileRefusedError, openSourceFile } from '../../../src/spreadsheet/read/index.js';
import { buildXlsx, inlineRow, REQUIRED_HEADER, writeTemp } from './build-xlsx.js';

/**
 * Seeded fuzzing: valid files mutated at the byte level and at the XML level. Whatever the
 * damage, the reader must read the file or refuse it with FileRefusedError — never throw
 * anything else, hang, or grow memory without bound.
 */
const SEED = 20_240_611;
const CASE_TIMEOUT_MS = 5_000;
const LIMITS = { maxPartBytes: 8 * 1024 * 1024, maxRows: 10_000 };

const ROWS =
  REQUIRED_HEADER +
  inlineRow(2, ['jdoe', 'j@x.org', 'Jané', 'D&amp;o']) +
  '<row r="3"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c s="1"><v>44035</v></c><c t="b"><v>1</v></c></row>' +
  '<row r="4"><c t="str"><f>A1</f><v>x</v></c><c t="e"><v>#N/A</v></c><c><f>B1</f></c><c><v>1.5E+10</v></c></row>';
const SHARED = ['msmith', 'm@x.org'];
const STYLES =
  '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>';
const VALID_XLSX = buildXlsx({ rows: ROWS, sharedStrings: SHARED, stylesXml: STYLES });
const VALID_SHEET = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D4"/><sheetData>${ROWS}</sheetData></worksheet>`;
const VALID_CSV =
  'userName,email,firstName,lastName\njdoe,j@x.org,"Doe, ""J""",D\r\nmsmith;m,,x,"\n"\n';

const TOKENS = [
  '<',
  '>',
  '/>',
  '"',
  "'",
  '&',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&lol;',
  '<!DOCTYPE x>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '</row>',
  '<row>',
  '<row r="99999999999">',
  '<c r="ZZZZZ1">',
  '<c t="s"><v>999</v></c>',
  '<v>',
  '</v>',
  '<is><t>',
  '</t></is>',
  '</c>',
  '</sheetData>',
  '<x:row>',
  '\u0000',
  '\uFFFF',
  '\uD800',
  'é',
  '\r\n',
  '"',
  ',',
  ';',
];

/** A text mutated by up to 4 edits: deletions, duplications and inserted tokens. */
function mutatedText(text: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: text.length }),
    length: fc.nat({ max: 40 }),
    kind: fc.constantFrom('delete', 'duplicate', 'insert'),
    token: fc.constantFrom(...TOKENS),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) =>
    edits.reduce((current, { at, length, kind, token }) => {
      const position = Math.min(at, current.length);
      if (kind === 'delete') {
        return current.slice(0, position) + current.slice(position + length);
      }
      if (kind === 'duplicate') {
        return current.slice(0, position + length) + current.slice(position);
      }
      return current.slice(0, position) + token + current.slice(position);
    }, text),
  );
}

/** Bytes of `data` with up to 8 bytes overwritten or the file cut short. */
function mutatedBytes(data: Buffer): fc.Arbitrary<Buffer> {
  const flip = fc.record({ at: fc.nat({ max: data.length - 1 }), value: fc.nat({ max: 255 }) });
  return fc
    .record({
      flips: fc.array(flip, { maxLength: 8 }),
      cut: fc.option(fc.nat({ max: data.length })),
    })
    .map(({ flips, cut }) => {
      const copy = Buffer.from(data);
      for (const { at, value } of flips) {
        copy[at] = value;
      }
      return cut === null ? copy : copy.subarray(0, cut);
    });
}

type Outcome = 'read' | 'refused';

async function readOrRefuse(name: string, data: Buffer | string): Promise<Outcome> {
  const path = writeTemp(name, data);
  const attempt = (async (): Promise<Outcome> => {
    try {
      const file = await openSourceFile(path, { fileName: name, limits: LIMITS });
      for await (const batch of file.rowBatches()) {
        expect(Array.isArray(batch)).toBe(true);
      }
      return 'read';
    } catch (error) {
      if (error instanceof FileRefusedError) {
        return 'refused';
      }
      throw error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${name} hung for ${String(CASE_TIMEOUT_MS)} ms`));
    }, CASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
  }
}

describe('fuzzed files are read or refused, never crash, hang or exhaust memory', () => {
  it('survives byte-level damage to a valid .xlsx', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBytes(VALID_XLSX), async (bytes) => {
        expect(['read', 'refused']).toContain(await readOrRefuse('bytes.xlsx', bytes));
      }),
      { seed: SEED, numRuns: 80 },
    );
  });

  it('survives XML-level damage to the sheet, shared strings and workbook parts', async () => {
    const sharedXml = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>msmith</t></si><si><r><t>m@</t></r><r><t>x.org</t></r><rPh><t>p</t></rPh></si></sst>`;
    await fc.assert(
      fc.asyncProperty(
        mutatedText(VALID_SHEET),
        mutatedText(sharedXml),
        mutatedText(STYLES),
        async (sheetXml, sharedStringsXml, stylesXml) => {
          const file = buildXlsx({ rows: '', sheetXml, sharedStringsXml, stylesXml });
          expect(['read', 'refused']).toContain(await readOrRefuse('xml.xlsx', file));
        },
      ),
      { seed: SEED, numRuns: 80 },
    );
  });

  it('survives damage to a CSV file', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedText(VALID_CSV), async (text) => {
        expect(['read', 'refused']).toContain(await readOrRefuse('fuzz.csv', text));
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
