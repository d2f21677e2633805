const MIB = 1024 * 1024;

/** The limits that protect the server from files too large or built to exhaust it (SPEC §3). */
export interface ReadLimits {
  /** Largest upload accepted, in bytes (SPEC default 100 MiB). */
  readonly maxUploadBytes: number;
  /** Largest uncompressed size of any part of an .xlsx, counted while inflating (1 GiB). */
  readonly maxPartBytes: number;
  /**
   * Largest ratio of a part's inflated size to its compressed size. Real worksheets compress
   * 5–60:1 (very repetitive generated ones up to ~120:1); a zip bomb reaches ~1000:1.
   */
  readonly maxCompressionRatio: number;
  /** The ratio is only checked once a part has inflated past this many bytes (8 MiB). */
  readonly compressionRatioGraceBytes: number;
  /** Most data rows (non-blank rows below the header) accepted (1,000,000). */
  readonly maxRows: number;
}

/** The defaults of SPEC §3, and the zip-bomb guard chosen for this project (200:1 past 8 MiB). */
export const DEFAULT_READ_LIMITS: ReadLimits = Object.freeze({
  maxUploadBytes: 100 * MIB,
  maxPartBytes: 1024 * MIB,
  maxCompressionRatio: 200,
  compressionRatioGraceBytes: 8 * MIB,
  maxRows: 1_000_000,
});

/** The defaults overridden by `overrides`; a limit given as undefined keeps its default. */
export function resolveReadLimits(overrides: Partial<ReadLimits> = {}): ReadLimits {
  return Object.freeze({
    maxUploadBytes: overrides.maxUploadBytes ?? DEFAULT_READ_LIMITS.maxUploadBytes,
    maxPartBytes: overrides.maxPartBytes ?? DEFAULT_READ_LIMITS.maxPartBytes,
    maxCompressionRatio: overrides.maxCompressionRatio ?? DEFAULT_READ_LIMITS.maxCompressionRatio,
    compressionRatioGraceBytes:
      overrides.compressionRatioGraceBytes ?? DEFAULT_READ_LIMITS.compressionRatioGraceBytes,
    maxRows: overrides.maxRows ?? DEFAULT_READ_LIMITS.maxRows,
  });
}

/** A byte count for people: "120 MiB", "3.5 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) {
    return `${String(Math.round((bytes / MIB) * 10) / 10)} MiB`;
  }
  if (bytes >= 1024) {
    return `${String(Math.round((bytes / 1024) * 10) / 10)} KiB`;
  }
  return `${String(bytes)} bytes`;
}
