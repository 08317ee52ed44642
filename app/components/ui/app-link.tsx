// A link inside content that may be rendered once to static HTML and shared (ServerHtml): there
// Remix's <Link> has no router, so it is a plain <a>, and ServerHtml's container turns its clicks
// into client-side navigations. Everywhere else it is Remix's <Link>.
import { Link } from "@remix-run/react";
import { createContext, useContext, type ReactNode } from "react";

export const PlainLinks = createContext(false);

export function AppLink({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const plain = useContext(PlainLinks);
  return plain ? (
    <a href={to} className={className}>
      {children}
    </a>
  ) : (
    <Link to={to} className={className}>
      {children}
    </Link>
  );
}
