"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";

/** Any page of the dashboard that throws lands here, inside the shell, with a way to retry. */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="max-w-xl">
      <ErrorState
        title="This page could not be loaded"
        action={
          <Button size="sm" onClick={reset}>
            Try again
          </Button>
        }
      >
        The server could not answer this request.{" "}
        {error.digest ? <span className="font-mono">Reference {error.digest}.</span> : null}
      </ErrorState>
    </div>
  );
}
