import type { Noun } from '../lib/format';

export interface PaginationProps {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
  /** What the rows are, for the summary ("1 team", "12 teams"). */
  noun?: Noun;
}

/** Pagination shows which rows are on screen and moves between pages. */
export function Pagination({ total, limit, offset, onChange, noun = ['item', 'items'] }: PaginationProps) {
  if (total === 0) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pagination" aria-label="Pagination">
      <span className="pagination-summary">
        {from}–{to} of {total} {total === 1 ? noun[0] : noun[1]}
      </span>
      {pages > 1 && (
        <span className="pagination-buttons">
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onChange(Math.max(0, offset - limit))}
            disabled={offset === 0}
          >
            Previous
          </button>
          <span className="pagination-page" aria-current="page">
            Page {page} of {pages}
          </span>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onChange(offset + limit)}
            disabled={offset + limit >= total}
          >
            Next
          </button>
        </span>
      )}
    </nav>
  );
}
