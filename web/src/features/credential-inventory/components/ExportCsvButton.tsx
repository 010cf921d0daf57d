import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { EXPORT_CAP, fetchAllPages } from '../api/export-inventory';
import { downloadCsv } from './csv';

export interface ExportCsvButtonProps<T> {
  path: string;
  /** The current filter and order as a query, for a page of `limit` after `cursor`. */
  query: (cursor: string | null, limit: number) => URLSearchParams;
  toCsv: (rows: T[]) => string;
  fileName: () => string;
  /** ['token', 'tokens'] */
  noun: [string, string];
}

/** Every row the filter matches (up to EXPORT_CAP), fetched page by page and saved as a CSV file. */
export function ExportCsvButton<T>({ path, query, toCsv, fileName, noun }: ExportCsvButtonProps<T>) {
  const [loaded, setLoaded] = useState<number | null>(null);
  const run = async () => {
    setLoaded(0);
    try {
      const { rows, capped } = await fetchAllPages<T>(path, query, setLoaded);
      const name = fileName();
      downloadCsv(name, toCsv(rows));
      const n = `${rows.length.toLocaleString('en')} ${rows.length === 1 ? noun[0] : noun[1]}`;
      toast.success(
        capped
          ? `Exported the first ${EXPORT_CAP.toLocaleString('en')} ${noun[1]} to ${name}. More match: narrow the filter to export the rest.`
          : `Exported ${n} to ${name}.`,
      );
    } catch (err) {
      toast.error(`The export failed: ${errorMessage(err)}`);
    } finally {
      setLoaded(null);
    }
  };
  return (
    <Button size="sm" busy={loaded !== null} onClick={() => void run()}>
      {loaded === null ? 'Export CSV' : `Exporting… ${loaded.toLocaleString('en')}`}
    </Button>
  );
}
