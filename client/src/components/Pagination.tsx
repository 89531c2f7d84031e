export function Pagination({
  page,
  totalPages,
  totalCount,
  onPage,
  label,
}: {
  page: number;
  totalPages: number;
  totalCount: number;
  onPage: (page: number) => void;
  label: string;
}) {
  if (totalPages <= 1) return <p className="muted small">{totalCount === 1 ? '1 item' : `${totalCount} items`}</p>;
  return (
    <nav className="pagination" aria-label={`${label} pages`}>
      <button type="button" className="button secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {totalPages} · {totalCount} items
      </span>
      <button type="button" className="button secondary" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
