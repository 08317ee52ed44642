import { GeneralErrorBoundary } from "../components/error-boundary";
import { notFound } from "../utils/permissions.server";

export const meta = () => [{ title: "Page not found | LMC Tracker" }];

export function loader() {
  notFound();
}

export function action() {
  notFound();
}

export default function NotFoundPage() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
