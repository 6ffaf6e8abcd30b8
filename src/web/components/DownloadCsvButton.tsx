/** The "Download CSV" button under a table; `what` completes its accessible name ("… of {what}"). */
export function DownloadCsvButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-download"
      onClick={onClick}
    >
      Download CSV<span className="nhsuk-u-visually-hidden"> of {what}</span>
    </button>
  );
}
