/**
 * Why an uploaded file is refused as a whole (SPEC §3). A refusal is an expected outcome for the
 * person who uploaded the file, so every message names the file and the problem and says what to
 * do; none carries a stack trace or internal detail.
 */
export type RefusalCode =
  /** The file has no bytes. */
  | 'empty-file'
  /** The upload is larger than `ReadLimits.maxUploadBytes`. */
  | 'file-too-large'
  /** An Excel 97–2003 workbook (OLE2 compound file). */
  | 'xls-format'
  /** A workbook encrypted with a password (an OLE2 container holding an encrypted package). */
  | 'password-protected'
  /** An OpenDocument spreadsheet (LibreOffice's native format). */
  | 'ods-format'
  /** A zip or XML part that is truncated, damaged or not well-formed. */
  | 'corrupt-file'
  /** A zip that holds no Excel workbook (a Word document, an archive of other files, …). */
  | 'not-a-workbook'
  /** Neither an .xlsx nor a .csv file. */
  | 'unknown-format'
  /** A CSV file that is not UTF-8 text. */
  | 'not-utf8'
  /** A part of the workbook inflates beyond `ReadLimits.maxPartBytes`. */
  | 'part-too-large'
  /** A part inflates far more than real spreadsheets do (a zip bomb). */
  | 'compression-ratio'
  /** More data rows than `ReadLimits.maxRows`. */
  | 'too-many-rows'
  /** A part declares a DTD or entities, which the reader never processes. */
  | 'dtd-forbidden'
  /** Every worksheet of the workbook is hidden. */
  | 'no-visible-sheet'
  /** The sheet or file has no non-blank row, so there is no header row. */
  | 'no-header'
  /** The header row lacks one or more required columns. */
  | 'missing-columns'
  /** A template column appears more than once in the header row. */
  | 'duplicate-column';

/** Thrown (and only thrown) when a file cannot be imported as a whole. Nothing has been changed. */
export class FileRefusedError extends Error {
  override readonly name = 'FileRefusedError';
  /** What is wrong, for programs (the API's error code, the CLI's JSON). */
  readonly code: RefusalCode;
  /** The file's name as the person knows it (the upload's name, not a temporary path). */
  readonly fileName: string;

  constructor(code: RefusalCode, fileName: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.fileName = fileName;
  }
}

const SAVE_AS_XLSX = 'Open it in your spreadsheet program, save it as an Excel Workbook (.xlsx)';

/** The sentence for each refusal; `detail` carries what the message needs to be specific. */
const MESSAGES: Readonly<Record<RefusalCode, (file: string, detail: string) => string>> = {
  'empty-file': (file) => `"${file}" is empty. Upload the spreadsheet of users (.xlsx or .csv).`,
  'file-too-large': (file, detail) =>
    `"${file}" is too large to import (${detail}). Split it into smaller files.`,
  'xls-format': (file) =>
    `"${file}" was saved in the old Excel 97–2003 format. ${SAVE_AS_XLSX} and upload it again.`,
  'password-protected': (file) =>
    `"${file}" is password-protected. Open it, remove the password (File › Info › Protect ` +
    `Workbook › Encrypt with Password in Excel), save it and upload it again.`,
  'ods-format': (file) =>
    `"${file}" is an OpenDocument spreadsheet (.ods). ${SAVE_AS_XLSX} and upload it again.`,
  'corrupt-file': (file, detail) =>
    `"${file}" is damaged and cannot be read (${detail}). ` +
    `${SAVE_AS_XLSX} again and upload the new file.`,
  'not-a-workbook': (file, detail) =>
    `"${file}" is not an Excel workbook (${detail}). Upload an .xlsx or .csv file of users.`,
  'unknown-format': (file, detail) =>
    `"${file}" is not a spreadsheet this importer reads (${detail}). ` +
    `Upload an Excel Workbook (.xlsx) or a CSV file (UTF-8).`,
  'not-utf8': (file, detail) =>
    `"${file}" is not UTF-8 text (${detail}). Save it as "CSV UTF-8" or as an Excel Workbook ` +
    `(.xlsx) and upload it again.`,
  'part-too-large': (file, detail) =>
    `"${file}" is too large to import: ${detail}. Split it into smaller files.`,
  'compression-ratio': (file, detail) =>
    `"${file}" expands far more than a spreadsheet does (${detail}), so it was not opened. ` +
    `${SAVE_AS_XLSX} and upload it again.`,
  'too-many-rows': (file, detail) =>
    `"${file}" has more rows than one import accepts (${detail}). Split it into smaller files.`,
  'dtd-forbidden': (file, detail) =>
    `"${file}" contains an XML document type declaration (${detail}), which is not allowed in ` +
    `a spreadsheet. ${SAVE_AS_XLSX} and upload it again.`,
  'no-visible-sheet': (file) =>
    `"${file}" has no visible worksheet. Unhide the sheet of users, save and upload it again.`,
  'no-header': (file, detail) =>
    `"${file}" has no header row: ${detail} is empty. Put the column names (userName, email, …) ` +
    `in the first row and the users below it.`,
  'missing-columns': (file, detail) =>
    `"${file}" is missing required column${detail.includes(',') ? 's' : ''} ${detail} in its ` +
    `header row. Add ${detail.includes(',') ? 'them' : 'it'} (you can start from the template) ` +
    `and upload it again.`,
  'duplicate-column': (file, detail) =>
    `"${file}" has the column ${detail} more than once in its header row. ` +
    `Keep one and upload it again.`,
};

/** Builds the refusal for `code`, with the standard message for that code. */
export function refuse(
  code: RefusalCode,
  fileName: string,
  detail = '',
  cause?: unknown,
): FileRefusedError {
  const message = MESSAGES[code](fileName, detail);
  return new FileRefusedError(code, fileName, message, cause === undefined ? undefined : { cause });
}
