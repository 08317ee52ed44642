// Previous and next links for a long list: plain links, so paging works without JavaScript,
// carrying the list's filters (`query`, without the page) along.
import { Link } from "@remix-run/react";

export function Pager({ label, page, pages, query, previous, next }: { label: string; page: number; pages: number; query: URLSearchParams; previous: string; next: string }) {
  if (pages <= 1) return null;
  const pageLink = (to: number) => `?${new URLSearchParams([...query, ["page", String(to)]])}`;
  return (
    <nav aria-label={label} className="flex flex-wrap gap-4">
      {page > 1 ? <Link to={pageLink(page - 1)}>{previous}</Link> : null}
      {page < pages ? <Link to={pageLink(page + 1)}>{next}</Link> : null}
    </nav>
  );
}
