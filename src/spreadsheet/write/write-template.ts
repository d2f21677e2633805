import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { FIELDS, type FieldName } from '../../engine/fields.js';
import { columnLetters } from './column-letters.js';
import { TEXT_NUMBER_FORMAT, encodeCellText } from './encode-cell-text.js';

/** The name of the template's only sheet. */
export const TEMPLATE_SHEET_NAME = 'Users';

/** The last row of the `active` column's true/false list: every row Excel has. */
export const TEMPLATE_VALIDATION_LAST_ROW = 1_048_576;

/** Fill of the required headers (SPEC §6: "required headers filled yellow"). */
export const REQUIRED_HEADER_ARGB = 'FFFFFF00';

const MIN_COLUMN_WIDTH = 10;
const MAX_COLUMN_WIDTH = 40;
const WIDTH_PADDING = 3;
const BASE_FONT = { name: 'Calibri', size: 11 } as const;

/**
 * ExcelJS's typings omit the worksheet's range-based `dataValidations` collection, which exists at
 * run time (4.4) and is the only way to give a whole column one rule without a model entry per
 * cell. This guard is the one place that knows about it.
 */
interface RangeValidations {
  readonly dataValidations: {
    add: (address: string, validation: ExcelJS.DataValidation) => unknown;
  };
}

function hasRangeValidations(worksheet: object): worksheet is RangeValidations {
  return (
    'dataValidations' in worksheet &&
    typeof worksheet.dataValidations === 'object' &&
    worksheet.dataValidations !== null &&
    'add' in worksheet.dataValidations &&
    typeof worksheet.dataValidations.add === 'function'
  );
}

function columnWidth(header: string, sample: string): number {
  const longest = Math.max(header.length, sample.length) + WIDTH_PADDING;
  return Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, longest));
}

function columnOf(name: FieldName): number {
  return FIELDS.findIndex((spec) => spec.name === name) + 1;
}

/**
 * Builds the template workbook in memory (it is a few kilobytes): one sheet "Users" with the 24
 * columns of SPEC §6 in order, required headers filled yellow, each header's description as a
 * note, one italic sample row, a frozen header row and a true/false list on `active`.
 *
 * Every column is formatted as Text (`@`), so what an administrator types later — a zip code
 * `02134`, a phone number `+1 312 555 0100`, `TRUE` — stays the text they typed instead of
 * being turned into a number, a formula or a boolean.
 */
export function buildTemplateWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'usersync';
  const worksheet = workbook.addWorksheet(TEMPLATE_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });

  worksheet.columns = FIELDS.map((spec) => ({
    key: spec.name,
    width: columnWidth(spec.name, spec.sample),
    style: { numFmt: TEXT_NUMBER_FORMAT },
  }));

  const header = worksheet.getRow(1);
  const sample = worksheet.getRow(2);
  FIELDS.forEach((spec, index) => {
    const headerCell = header.getCell(index + 1);
    headerCell.value = encodeCellText(spec.name);
    headerCell.note = spec.description;
    headerCell.font = { ...BASE_FONT, bold: true };
    headerCell.numFmt = TEXT_NUMBER_FORMAT;
    if (spec.required) {
      headerCell.fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: REQUIRED_HEADER_ARGB },
      };
    }

    const sampleCell = sample.getCell(index + 1);
    sampleCell.value = encodeCellText(spec.sample);
    sampleCell.font = { ...BASE_FONT, italic: true };
    sampleCell.numFmt = TEXT_NUMBER_FORMAT;
  });

  if (!hasRangeValidations(worksheet)) {
    throw new Error('ExcelJS no longer exposes worksheet.dataValidations: update write-template');
  }
  const active = columnLetters(columnOf('active'));
  worksheet.dataValidations.add(`${active}2:${active}${TEMPLATE_VALIDATION_LAST_ROW}`, {
    type: 'list',
    allowBlank: true,
    formulae: ['"true,false"'],
    showErrorMessage: true,
    errorStyle: 'error',
    errorTitle: 'active',
    error: 'Choose true or false (blank means true).',
  });
  return workbook;
}

/** The template as .xlsx bytes, e.g. for an HTTP download. */
export async function createTemplateBuffer(): Promise<Buffer> {
  return Buffer.from(await buildTemplateWorkbook().xlsx.writeBuffer());
}

/**
 * Writes the template to a file path (created or replaced) or to a stream, which is ended.
 * Refusing to replace an existing file is the caller's decision (the CLI's `--force`).
 */
export async function writeTemplate(output: string | Writable): Promise<void> {
  const bytes = await createTemplateBuffer();
  if (typeof output === 'string') {
    await writeFile(output, bytes);
    return;
  }
  output.end(bytes);
  await finished(output);
}
