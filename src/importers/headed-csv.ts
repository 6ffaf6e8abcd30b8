import { normHeader, progress, Row } from './rows.ts';
import { csvRows, type ErrorSink } from './text-stream.ts';
import { FileFormatError } from './types.ts';

/** Column indices by normalised header name; -1 when absent. */
export type HeaderIndex = (name: string | RegExp) => number;

export function headerIndex(header: readonly string[]): HeaderIndex {
  const norm = header.map(normHeader);
  return (name) => (typeof name === 'string' ? norm.indexOf(name) : norm.findIndex((h) => name.test(h)));
}

/**
 * Streams a CSV with a header row: the first record is the header (its cells, whitespace
 * collapsed, name the fields in errors); `setup` maps it to columns (or returns null when it is
 * not the expected header); `onRow` gets each data row that has the header's column count and no
 * huge, formula-like or badly encoded field. Returns the number of data rows read.
 */
export async function readHeadedCsv(
  path: string,
  sink: ErrorSink,
  expected: string,
  setup: (index: HeaderIndex, header: readonly string[]) => boolean,
  onRow: (row: Row) => void,
  onProgress?: (rows: number) => void,
): Promise<number> {
  let header: string[] | null = null;
  let read = 0;
  for await (const rec of csvRows(path, sink)) {
    if (header === null) {
      header = rec.fields.map((h) =>
        h
          .replace(/^\uFEFF/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      if (!setup(headerIndex(header), header)) throw new FileFormatError(sink.file, expected);
      continue;
    }
    read++;
    progress(onProgress, read);
    const row = new Row(sink, rec.line, rec.fields, header);
    if (row.checkAll(header.length, rec.badEncoding)) onRow(row);
  }
  onProgress?.(read);
  return read;
}
