/** A polite loading message for a part of a page still being fetched. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="nhsuk-body app-loading" role="status">
      {what}…
    </p>
  );
}
