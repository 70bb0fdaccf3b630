import { PageLoading } from "@/components/shell/page-loading";

// Scoped to the list page by the route group: the detail pages beside it have no loading
// boundary, so their notFound() runs before the response starts and answers 404.
export default function Loading() {
  return <PageLoading table={{ columnCount: 7, filterCount: 0 }} />;
}
