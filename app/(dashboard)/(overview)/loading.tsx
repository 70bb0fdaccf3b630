import { PageLoading } from "@/components/shell/page-loading";

// In the (overview) group so it wraps the overview alone: beside the dashboard layout it would
// wrap every page, and a detail page's notFound() would then answer 200 instead of 404.
export default function Loading() {
  return <PageLoading />;
}
