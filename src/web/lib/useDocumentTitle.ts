import { useEffect } from 'react';

export const SERVICE_NAME = 'Clinical Network Atlas';

/** Sets the browser tab's title to "`title` – Clinical Network Atlas". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – ${SERVICE_NAME}` : SERVICE_NAME;
  }, [title]);
}
